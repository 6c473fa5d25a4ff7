"""A second matcher: which fact a question is about, judged by the facts' own words.

The keyword matcher (topics.py) only knows the scenario author's `topics` and the
synonym list. A mentor who asks "Hvad går dine arbejdsdage ud på?" uses words that
are in no keyword list but are in the fact itself ("arbejde", "dag"). This matcher
reduces every fact's text, `short`, `more` and `topics` to lemmas (simplemma), splits
Danish compounds into known words ("arbejdsdage" -> arbejde + dag), and scores a
question by the IDF-weighted overlap of its lemmas with each fact (IDF over this
scenario's facts, so a word every fact shares counts for little), plus the synonym
list's topic words. It names a fact only when the best clearly beats the runner-up:
one shared common word ("fag", "chance") must not pull in the wrong fact.

Stop words: the most frequent word forms of the wordfreq list the engine already
ships (language/<lang>_words.txt) plus the `stop` and `question_words` lists of the
language file, all data.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from simulator.engine.understanding import ranks
from simulator.scenario.models import Fact
from simulator.text.lemmas import lemma
from simulator.text.tokens import tokens

MAX_COMPOUND = 32  # "familiesammenføringssagen" has 25 letters
MAX_CUE_TEXT = 400  # characters of a turn's end read for the time it is set in


@lru_cache(maxsize=4)
def _words(lang: str) -> tuple[str, ...]:
    """The shipped word-frequency list, most frequent first (read once, by understanding.ranks)."""
    return tuple(ranks(lang))


@lru_cache(maxsize=8)
def common_words(lang: str, top: int) -> frozenset[str]:
    """The `top` most frequent word forms: built once per language, not per rehearsal."""
    return frozenset(_words(lang)[:top])


@lru_cache(maxsize=8)
def common_forms_and_lemmas(lang: str, top: int) -> frozenset[str]:
    """The `top` most frequent word forms and their lemmas ("tit" and "titte"), once per language."""
    common = common_words(lang, top)
    return common | {lemma(w, lang) for w in common}


@lru_cache(maxsize=8)
def _known(lang: str, min_part: int) -> frozenset[str]:
    """Known words (forms and lemmas) a compound may be split into; built once per language."""
    words = _words(lang)
    return frozenset({lemma(w, lang) for w in words if len(w) >= min_part} | set(words))


class FactTextMatcher:
    def __init__(self, facts: list[Fact], lang: str, data: dict, synonyms: dict[str, list[str]],
                 names: tuple[str, ...] = (), places: tuple[str, ...] = ()):
        self.lang = lang
        cfg = data.get("fact_text") or {}
        self.min_score = float(cfg.get("min_score", 1.2))
        self.margin = float(cfg.get("margin", 1.5))
        self.syn_weight = float(cfg.get("synonym_weight", 0.8))
        self.density = float(cfg.get("near_density", 0.3))
        self.min_part = int(cfg.get("compound_min_part", 3))
        self.links = tuple(cfg.get("compound_links", ["s", "e"]))
        self.part_weight = float(cfg.get("compound_part_weight", 0.5))
        self.min_tail = int(cfg.get("compound_min_tail", 4))
        self.suffixes = tuple(str(x) for x in cfg.get("compound_suffixes", []))
        self.strong_lemmas = int(cfg.get("strong_lemmas", 2))
        self.strong_single = float(cfg.get("strong_single_score", 2.2))
        self.strong_margin = float(cfg.get("strong_single_margin", 2.0))
        words = _words(lang)
        top = int(cfg.get("stop_top_frequent", 120))
        stop = set(words[:top]) | {str(w).lower() for w in data.get("stop", [])} \
            | {str(w).lower() for w in data.get("question_words", [])} \
            | {str(w).lower() for w in cfg.get("stop_extra", [])} \
            | {w.lower() for w in names}  # "Hej Aye, …" is no question about what her name shares
        self.stop = stop | {lemma(w, lang) for w in stop}
        self.known = _known(lang, self.min_part)
        self.synonyms = synonyms
        # a word of a life area stands for the area's other words
        self.cluster: dict[str, set[str]] = {}
        self.cluster_phrases: list[tuple[str, set[str]]] = []
        for members in (data.get("clusters") or {}).values():
            self.cluster_phrases += [(str(w).lower(), {lemma(str(m).lower(), lang) for m in members if " " not in str(m)})
                                     for w in members if " " in str(w)]
            lems = {lemma(str(w).lower(), lang) for w in members if " " not in str(w)}
            for w in list(lems) + [str(w).lower() for w in members]:
                self.cluster.setdefault(w, set()).update(lems)
        self.areas: dict[str, set[str]] = {str(k): {lemma(str(m).lower(), lang) for m in v if " " not in str(m)}
                                           for k, v in (data.get("clusters") or {}).items()}
        self._split_seen: dict[str, list[str]] = {}
        self._time_setup(facts, data.get("time") or {}, places)
        self.bags: dict[str, set[str]] = {}
        for f in facts:
            text = " ".join([f.text, f.short or "", *f.more, *f.topics])
            self.bags[f.id] = self._lemmas(text)
        # the author's keywords, as lemmas: they say what a fact is about (its life area)
        self.topic_lemmas = {f.id: {lemma(w, lang) for t in f.topics for w in str(t).lower().split()} for f in facts}
        n = len(facts)
        df: dict[str, int] = {}
        for bag in self.bags.values():
            for w in bag:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}

    def _time_setup(self, facts: list[Fact], cfg: dict, places: tuple[str, ...] = ()) -> None:
        """When each fact happens (past, now, future), read from its author's keywords; a
        question naming the place she comes from ("en arbejdsdag i Bukavu") is set in the past
        when nothing else sets it."""
        self.mismatch = float(cfg.get("mismatch_factor", 1.0))
        marks = {k: {str(t).lower() for t in v} for k, v in (cfg.get("fact_topics") or {}).items()}
        self.when = {f.id: {k for k, ts in marks.items() if ts & {t.lower() for t in f.topics}} for f in facts}
        for f in facts:
            if f.kind == "goal":  # a goal is about what is to come, whatever its keywords say
                self.when[f.id] = {"future"}
        # the goals in the author's order: a question set in the future that reaches no goal
        # is still about one ("Hvor vil du gerne hen med dit arbejdsliv?")
        self.goals = [f.id for f in facts if f.kind == "goal"]
        self.cues = {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in (cfg.get("cues") or {}).items() if v}
        home = sorted({p.lower() for p in places if len(p) >= 3})
        if home:  # a weak past cue beside the language file's own, if it has any
            own = self.cues.get("past_weak")
            rx = r"\b(?:" + "|".join(map(re.escape, home)) + r")\b"
            self.cues["past_weak"] = re.compile(rx if own is None else f"(?:{own.pattern})|{rx}")

    def time_factor(self, text: str) -> dict[str, float]:
        """A question set in one time ("nu", "før du kom", "om nogle år") weighs down the facts
        set only in another: "Hvad laver du i øjeblikket?" is not about the past trade."""
        asked = self.asked_time(text)
        if asked is None:
            return {}
        return {fid: self.mismatch for fid, when in self.when.items() if when and asked not in when}

    def asked_time(self, text: str) -> str | None:
        """The one time a question is set in ("past", "now", "future"), or None."""
        # the end of a long turn is where its question is; a bound keeps the cues' ".*" linear
        norm = " ".join(tokens(text[-MAX_CUE_TEXT:].lower()))
        asked = {k for k, rx in self.cues.items() if rx.search(norm)}
        # a weak cue ("om dagen", "nu") names its time only when no other cue does: "Hvor var du
        # om dagen, før du kom hertil?" is set in the past
        strong = {k for k in asked if not k.endswith("_weak")}
        asked = strong or {k.removesuffix("_weak") for k in asked}
        return next(iter(asked)) if len(asked) == 1 else None

    def _split(self, word: str) -> list[str]:
        """Known-word parts of a Danish compound ("arbejdsdage" -> arbejde, dag); else its
        known last part alone ("farmakonomuddannelsen" -> uddannelse: in Danish the last
        part names the thing); [] if none. Remembered per word: a turn asks for few."""
        if len(word) > MAX_COMPOUND:
            return []  # no compound is this long: pasted or garbled text is not split
        got = self._split_seen.get(word)
        if got is None:
            got = self._split_seen[word] = self._split_new(word)
        return got

    def _split_new(self, word: str) -> list[str]:
        for suffix in self.suffixes:  # "skolemæssigt" is about "skole"
            if word.endswith(suffix) and len(word) - len(suffix) >= self.min_part:
                head = word[: -len(suffix)]
                head = head[:-1] if head.endswith(self.links) and head[:-1] in self.known else head
                return [lemma(head, self.lang)] if head in self.known else []
        parts = self._two_parts(word)
        if parts:
            return parts
        if lemma(word, self.lang) in self.known:
            return []  # a known word ("danskerne") is no compound of an unknown head and a tail
        for i in range(self.min_part, len(word) - self.min_tail + 1):  # the longest known tail
            tail = word[i:]
            tl = lemma(tail, self.lang)
            if tl in self.known and len(tl) >= self.min_tail and tl not in self.stop:
                return [tl]
        return []

    def _two_parts(self, word: str) -> list[str]:
        m = self.min_part
        for i in range(len(word) - m, m - 1, -1):  # the longest head first
            head, tail = word[:i], word[i:]
            for link in ("", *self.links):
                if link and not head.endswith(link):
                    continue
                h = head[: len(head) - len(link)] if link else head
                if len(h) < m:
                    continue
                hl, tl = lemma(h, self.lang), lemma(tail, self.lang)
                if (h in self.known or hl in self.known) and (tail in self.known or tl in self.known):
                    return [hl, tl]
        return []

    def _lemmas(self, text: str) -> set[str]:
        return set(self._weighted(text))

    def _weighted(self, text: str) -> dict[str, float]:
        """Content lemmas with their weight: a compound's parts count less than a whole word
        ("lektiecaféen" is not quite "lektier")."""
        out: dict[str, float] = {}
        for tok in tokens(text.lower()):
            lem = lemma(tok, self.lang)
            if lem in self.stop or tok in self.stop:
                continue
            parts = [(lem, 1.0)]
            if len(tok) >= 2 * self.min_part + 1 and (tok not in self.known or len(tok) >= 8):
                split = self._split(tok)
                # one part alone is what the word means ("nattesøvn" is søvn); two share it
                parts += [(p, 1.0 if len(split) == 1 else self.part_weight) for p in split]
            for p, w in parts:
                if len(p) >= 3 and p not in self.stop:
                    out[p] = max(out.get(p, 0.0), w)
        return out

    def scores(self, text: str, only: list[str] | None = None) -> list[tuple[str, float]]:
        asked = self._weighted(text)
        norm = " ".join(tokens(text.lower()))
        near_of: dict[str, set[str]] = {}
        for w in asked:
            near = {lemma(t, self.lang) for t in self.synonyms.get(w, []) if " " not in t}
            near_of[w] = (near | self.cluster.get(w, set())) - set(asked)
        for phrase, members in self.cluster_phrases:  # "stå i vejen" names an area in words
            if f" {phrase} " in f" {norm} ":
                asked[f"~{phrase}"] = 1.0
                near_of[f"~{phrase}"] = members
        out = []
        factor = self.time_factor(text)
        for fid, bag in self.bags.items():
            if only is not None and fid not in only:
                continue
            s = sum(self.idf.get(w, 0.0) * aw for w, aw in asked.items() if w in bag)
            # a word stands for its area: its best near word in the fact counts fully, further
            # ones only a little, so a fact full of work words does not win on "fag" alone
            for w, near in near_of.items():
                got = sorted((self.idf.get(m, 0.0) for m in near & bag), reverse=True)
                if got:
                    s += self.syn_weight * asked[w] * (got[0] + self.density * sum(got[1:]))
            if s > 0:
                out.append((fid, round(s * factor.get(fid, 1.0), 3)))
        out.sort(key=lambda x: x[1], reverse=True)
        return out

    def best(self, text: str, only: list[str] | None = None) -> str | None:
        """The fact the text is about, or None when nothing (or no single fact) clearly is."""
        ranked = self.scores(text, only)
        if not ranked or ranked[0][1] < self.min_score:
            return None
        if len(ranked) > 1 and ranked[0][1] < self.margin * ranked[1][1]:
            return None  # a tie: no fact, rather than the wrong one
        return ranked[0][0]

    def tied(self, text: str, only: list[str] | None = None) -> str | None:
        """The first of facts the text's words point at above `min_score` but that no single
        fact wins (a tie for `best`), else None."""
        ranked = self.scores(text, only)
        return ranked[0][0] if ranked and ranked[0][1] >= self.min_score else None

    def judge(self, text: str, only: list[str] | None = None) -> tuple[str | None, bool]:
        """The fact the text is about (as `best`) and whether the evidence is strong enough to
        tell it: at least `strong_lemmas` distinct whole words of the fact, or one word scoring
        clearly above the runner-up. Weak evidence earns a clarifying question, not the fact."""
        fid = self.best(text, only)
        if fid is None:
            return None, False
        asked = self._weighted(text)
        shared = [w for w, aw in asked.items() if aw >= 1.0 and w in self.bags[fid]]
        if len(shared) >= self.strong_lemmas:
            return fid, True
        ranked = self.scores(text, only)
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return fid, ranked[0][1] >= self.strong_single and ranked[0][1] >= self.strong_margin * second

    def area(self, fid: str) -> str | None:
        """The life area (cluster) a fact's words belong to most, its author's keywords first
        ("På et hotel. Med min mor." is her days at the hotel, not her family), or None."""
        bag, keys = self.bags.get(fid, set()), self.topic_lemmas.get(fid, set())
        best = max(self.areas.items(), key=lambda kv: (len(kv[1] & keys), len(kv[1] & bag)), default=None)
        return best[0] if best and best[1] & (bag | keys) else None

    def content_weights(self, text: str) -> dict[str, float]:
        """The question's content lemmas with their weight (compound parts count less)."""
        return self._weighted(text)

    def content(self, text: str) -> set[str]:
        """The question's content lemmas (what it is about, beyond question and function words)."""
        return self._lemmas(text)
