"""Which facts a mentor's words are about, matched on lemmas and synonyms.

A fact's `topics` are the scenario author's keywords. A mentor rarely uses exactly
those words ("praktikken", "arbejdspladsen", "dit job i køkkenet"), so both the
mentor's words and the keywords are reduced to lemmas (simplemma), and a per-language
synonym list (engine/language/<lang>.yaml, data a trainer can tune) adds the topic
words a mentor's word stands for. A keyword still matches at the start of a word
("bekymr" finds "bekymret"), as before, so existing scenarios keep working.

Each fact gets a score: every distinct keyword the text hits adds its weight
(1, or less for the weak words listed in the data file, such as "nu" or "før"),
shared keywords are split between the facts that share them, and a hit whose word
also occurs in the fact's own text counts a little more. Facts under the threshold
are not "asked about".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.coding.coder import normalise
from simulator.engine.examples import ExampleMatcher
from simulator.engine.factmatch import FactTextMatcher, common_forms_and_lemmas, common_words
from simulator.scenario.models import Fact
from simulator.text.lemmas import lemma, lemmas
from simulator.text.tokens import tokens

LANGUAGE_DIR = Path(__file__).parent / "language"
THRESHOLD = 0.5
MAX_PHRASE_TEXT = 2000
SYNONYM_WEIGHT = 0.8
OWN_TEXT_BONUS = 0.1
TEXT_WEIGHT = 0.5      # a content word of the fact's own text, when no keyword names it
HEAD_WEIGHT = 0.4       # a keyword as the first part of a compound ("arbejds|opgaver")
INFLECTED_WEIGHT = 0.4  # "lavede" written as a keyword, "laver" said: same lemma, other tense: weak


@lru_cache(maxsize=4)
def language_data(lang: str) -> dict:
    path = LANGUAGE_DIR / f"{lang}.yaml"
    if not path.is_file():
        path = LANGUAGE_DIR / "en.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@dataclass
class _Keyword:
    raw: str                 # as written by the author, lower case
    lemma: str | None        # None for phrases
    phrase: re.Pattern | None
    weight: float


@dataclass
class TopicHit:
    fact: str
    score: float
    words: list[str]   # the mentor's words that hit, strongest first
    strong: bool = True  # False: only a word of the fact's own text, no keyword of its topic


class TopicMatcher:
    def __init__(self, facts: list[Fact], lang: str, names: tuple[str, ...] = (), places: tuple[str, ...] = ()):
        self.lang = lang
        data = language_data(lang)
        weak = {w.lower() for w in data.get("weak", [])}
        self.weak_weight = float(data.get("weak_weight", 0.4))
        self.past = tuple(data.get("past_suffixes", []))
        self.generic_tails = {lemma(str(w), lang) for w in data.get("generic_tails", [])}
        self.synonyms: dict[str, list[str]] = {}
        for key, targets in (data.get("synonyms") or {}).items():
            for k in {str(key).lower(), lemma(str(key), lang)}:
                self.synonyms.setdefault(k, []).extend(str(t).lower() for t in targets)
        self.phrases = [(re.compile(p), [str(t).lower() for t in targets])
                        for p, targets in (data.get("phrases") or {}).items()]
        stop = {lemma(w, lang) for w in data.get("stop", [])} | {w.lower() for w in data.get("stop", [])}
        self.keywords: dict[str, list[_Keyword]] = {}
        self.own: dict[str, set[str]] = {}
        for f in facts:
            kws = []
            for t in f.topics:
                w = self.weak_weight if t in weak else 1.0
                if " " in t:
                    kws.append(_Keyword(t, None, re.compile(r"\b" + re.escape(t) + r"\b"), w))
                else:
                    kws.append(_Keyword(t, lemma(t, lang), None, w))
            self.keywords[f.id] = kws
            # lemmas and forms: "syede" has the lemma "sy", too short to trust alone
            own = set(lemmas(f.text, lang)) | set(tokens(f.text))
            self.own[f.id] = {w for w in own if len(w) >= 5 and w not in stop}
        self.by_text = FactTextMatcher(facts, lang, data, self.synonyms, names, places)
        asked = data.get("asked") or {}
        # compared as lemmas too: "tit" is common, though its lemma "titte" is not in the list
        self.by_example = ExampleMatcher(facts, self.by_text.content_weights, asked,
                                         common_forms_and_lemmas(lang, int(asked.get("single_word_rare_rank", 0))),
                                         when=self.by_text.asked_time, mismatch=self.by_text.mismatch)
        # a word of the fact's own text is strong evidence only when it is rare ("sygeplejerske",
        # not "møder"): its rank in the word-frequency list must be above this (data)
        rare = int(data.get("own_text_rare_rank", 3200))
        self.common = common_words(lang, rare)

    def _hits(self, kw: _Keyword, text: str, toks: list[str], lems: list[str],
              syn: list[tuple[str, str]], parts_of: dict[str, list[str]]) -> tuple[bool, float, str]:
        """Whether the keyword is in the text, with what weight, and the mentor's word that hit."""
        if kw.phrase is not None:
            if kw.phrase.search(text):
                return True, 1.0, kw.raw
            hit = next((tok for s, tok in syn if kw.raw == s), None)
            return hit is not None, SYNONYM_WEIGHT, hit or ""
        short = len(kw.raw) <= 3
        for tok, lem in zip(toks, lems):
            if tok == kw.raw or (not short and (tok.startswith(kw.raw) or lem.startswith(kw.raw))):
                # "underviste" said, "undervis" written for a goal: the past asks about the past
                past = tok != kw.raw and tok.endswith(self.past) and kw.lemma == kw.raw \
                    and not kw.raw.endswith(self.past)
                # "danskerne" begins with the keyword "dansk" but is another word: weak
                other = lem != kw.lemma and kw.raw in self.by_text.known and lem in self.by_text.known \
                    and len(lem) >= len(kw.raw) + 2
                return True, INFLECTED_WEIGHT if past or other else 1.0, tok
            if lem == kw.lemma:
                past = kw.raw != kw.lemma and kw.raw.endswith(self.past) and not tok.endswith(self.past)
                return True, INFLECTED_WEIGHT if past else 1.0, tok
        for s, tok in syn:
            if s == kw.raw or s == kw.lemma:  # a synonym names a keyword exactly
                return True, SYNONYM_WEIGHT, tok
        if not short:
            for tok in toks:  # "hospitalsapoteket" ends in the keyword "apotek": the thing it names
                parts = parts_of[tok]
                tail = parts[-1] if parts else None
                if tail and (tail == kw.lemma or (kw.raw not in self.by_text.known and tail.startswith(kw.raw))):
                    return True, SYNONYM_WEIGHT, tok
                if len(parts) == 2 and parts[0] == kw.lemma:  # "arbejdsopgaver": work, said as a modifier
                    # before a generic last part the first part is the thing ("rengørings|assistent")
                    return True, SYNONYM_WEIGHT if parts[1] in self.generic_tails else HEAD_WEIGHT, tok
        return False, 0.0, ""

    def _parts(self, tok: str) -> list[str]:
        """The parts of a compound ("hospitalsapoteket" -> hospital, apotek), or []."""
        return self.by_text._split(tok) if len(tok) >= 7 else []

    def frames(self, norm: str) -> list[tuple[str, str]]:
        """(topic keyword, the frame's words) for each phrase that frames the question
        ("hvad vil du gerne være" asks about a goal)."""
        tail = norm[-MAX_PHRASE_TEXT:]  # a pasted page: phrases read its end (their ".*" stays cheap)
        out = []
        for rx, targets in self.phrases:
            m = rx.search(tail)
            if m:
                out += [(t, m.group(0)) for t in targets]
        return out

    def match(self, text: str, only: list[str] | None = None, floor: float = THRESHOLD,
              when: str | None = None) -> list[TopicHit]:
        """Facts the text is about, best first (ties keep file order); `floor` below the
        threshold also lists weak evidence ("arbejdede" said, "arbejde" written: 0.4).
        `when`: the text that sets the question's time, if not the text itself."""
        norm = normalise(text)
        toks = tokens(norm)
        lems = [lemma(t, self.lang) for t in toks]
        parts_of = {tok: self._parts(tok) for tok in toks}  # compounds split once per turn
        syn = [(s, tok) for tok, lem in zip(toks, lems)
               for s in dict.fromkeys(self.synonyms.get(lem, []) + self.synonyms.get(tok, []))]
        frames = self.frames(norm)
        syn += frames
        framed = {tok for _, tok in frames}  # the words of a question frame: as strong as any keyword
        raw: dict[str, list[tuple[_Keyword, float, str]]] = {}
        share: dict[str, set[str]] = {}  # keyword lemma -> the facts it hits (split between them)
        for fid, kws in self.keywords.items():
            if only is not None and fid not in only:
                continue
            for kw in kws:
                ok, weight, tok = self._hits(kw, norm, toks, lems, syn, parts_of)
                if ok:
                    raw.setdefault(fid, []).append((kw, weight, tok))
                    key = kw.lemma or kw.raw
                    share.setdefault(key, set()).add(fid)
        content = {lem: tok for tok, lem in zip(toks, lems)} | {tok: tok for tok in toks}
        for fid, own in self.own.items():
            if (only is None or fid in only) and fid not in raw:
                # no keyword, but the mentor names what the fact itself says ("sygeplejerske")
                # (`own` is a set: the rarest word said stands for the evidence, the same in
                # every run, so a rare "søndagen" is not lost behind a common "giver")
                said = sorted({content[w] for w in own if w in content}, key=lambda tok: (tok in self.common, tok))
                if said:
                    raw[fid] = [(_Keyword(said[0], None, None, TEXT_WEIGHT), 1.0, said[0])]
        out = []
        factor = self.by_text.time_factor(when or text)
        for order, (fid, hits) in enumerate(raw.items()):
            by_word: dict[str, float] = {}
            for kw, weight, tok in hits:
                key = kw.lemma or kw.raw
                # a frame ("et første lille trin") names the topic even where its keyword is
                # a weak word of the author's ("idé", "selv gøre")
                s = (1.0 if tok in framed else kw.weight) * weight / max(1, len(share.get(key, ())))
                if kw.weight >= 1 and kw.lemma and kw.lemma in self.own[fid] and kw.lemma in lems:
                    s += OWN_TEXT_BONUS  # "køkkenet" is what her placement fact talks about
                # one word (or phrase) of the mentor is one piece of evidence, however many of
                # the author's keywords it stands for ("nu om dage" -> "lige nu" and "hverdag")
                by_word[tok] = max(by_word.get(tok, 0.0), s)
            score = sum(by_word.values()) * factor.get(fid, 1.0)
            if score >= floor * 0.999:
                # one word the fact's text happens to share ("møder", "passer") is weak evidence
                strong = any(kw.weight != TEXT_WEIGHT or kw.lemma is not None or kw.raw not in self.common
                             for kw, _, _ in hits)
                out.append((score, -order, TopicHit(fid, round(score, 3), [tok for kw, _, tok in hits if kw.weight >= 1]
                                                             or [tok for _, _, tok in hits], strong)))
        out.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [h for _, _, h in out]
