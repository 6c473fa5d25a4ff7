"""A third matcher: which fact a question is about, judged by questions like it.

Keywords (topics.py) and the facts' own words (factmatch.py) only reach a question that
shares words with what the author wrote. Mentors ask about the same part of a life in
many ways ("Hvem savner du mest?", "Hvem har du tilbage derhjemme?"), and the mentee's
answer shares few words with either. So a fact may carry `asked:` lines in its scenario:
questions mentors have asked about it, written by people other than the fact's author.
A new question is compared with every such line (and with each fact's own text) as a
bag of content lemmas weighted by IDF over this scenario's lines, and the fact of the
most similar line wins when it is similar enough and clearly ahead of every other fact.

Thresholds are data (`asked:` in engine/language/<lang>.yaml). Nothing is learned at
run time: the lines are the scenario's, so a trainer can read why a question reached
a fact (`best` returns the line that decided it).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from simulator.scenario.models import Fact


@dataclass(frozen=True)
class ExampleHit:
    fact: str
    line: str          # the example (or the fact's text) that was most like the question
    similarity: float  # cosine of the IDF-weighted lemma bags, 0..1
    words: tuple[str, ...] = ()  # the question's lemmas the line shares, rarest first
    # every shared word is only part of a compound on one side ("ringe" and "afk|la|ring")
    parts_only: bool = False


class ExampleMatcher:
    def __init__(self, facts: list[Fact], weigh: Callable[[str], dict[str, float]], cfg: dict,
                 common: frozenset[str] = frozenset(),
                 when: Callable[[str], str | None] = lambda text: None, mismatch: float = 1.0):
        self.min_similarity = float(cfg.get("min_similarity", 0.3))
        self.single_word_min = float(cfg.get("single_word_min_similarity", 0.0))
        self.margin = float(cfg.get("margin", 1.3))
        # a runner-up alike only by a fact's own text counts this much against that margin
        self.text_runner_up = float(cfg.get("text_runner_up", 1.0))
        # a whole turn this like one asked line is read whole, not by its question alone
        self.whole_turn = float(cfg.get("whole_turn", 2.0))
        # to name another fact than a keyword of the question does, a line must be this like it
        self.over_keyword = float(cfg.get("over_keyword", 0.0))
        # a plan proposed as a question ("Skal vi …?") this like one fact's asked lines asks about it
        self.proposal_asks = float(cfg.get("proposal_asks", 2.0))
        # ... on one shared word, over a keyword phrase or two keyword words: this like it
        self.single_over_firm = float(cfg.get("single_word_over_firm_keyword", 0.0))
        # below min_similarity, a likeness this strong (and as far ahead) is still worth asking about
        self.guess_floor = float(cfg.get("guess_floor", 0.0))
        # a likeness to another fact this strong contests a keyword's fact (`contests`)
        self.contest_floor = float(cfg.get("contest_floor", 0.0))
        # a lone keyword's fact whose asked lines are less like the question than this is checked
        self.unsupported = float(cfg.get("unsupported_keyword", 0.0))
        # how much a fact's second closest line counts beside its closest (0: the closest alone)
        self.second_weight = float(cfg.get("second_weight", 0.0))
        # a likeness on one word alone needs a word rarer than these ("come", "yourself" are not)
        self.common = common
        rows = [(f.id, q, weigh(q)) for f in facts for q in f.asked]
        if cfg.get("fact_text", True):
            # the facts' own texts take part too: a question may say what the fact says
            rows += [(f.id, f.text, weigh(f.text)) for f in facts]
        self._weigh = weigh
        self._texts = {f.text for f in facts}
        self.active = any(f.asked for f in facts)
        df: dict[str, int] = {}
        for _, _, bag in rows:
            for w in bag:
                df[w] = df.get(w, 0) + 1
        n = len(rows)
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.unseen_idf = math.log(n + 1)  # a word no line has: rare, so it dilutes the match
        self.rows = [(fid, line, bag, self._norm(bag)) for fid, line, bag in rows if bag]
        # each asked line's own time: "Hvad lavede du til daglig, før du måtte flygte?" is no
        # example of "Hvad laver du til daglig?", though the fact-level time may not say so
        self._when, self.mismatch = when, mismatch
        self.line_time = {line: when(line) for _, line, _, _ in self.rows}

    def _norm(self, bag: dict[str, float]) -> float:
        return math.sqrt(sum((self.idf.get(w, self.unseen_idf) * a) ** 2 for w, a in bag.items())) or 1.0

    def ranked(self, text: str, factor: dict[str, float] | None = None) -> list[ExampleHit]:
        """Every fact's most similar line, most similar first; `factor` weighs facts down
        (a question set now is not about a fact set only in the past)."""
        factor = factor or {}
        asked = self._weigh(text)
        if not asked or not self.active:
            return []
        norm = self._norm(asked)
        now = self._when(text)
        best: dict[str, ExampleHit] = {}
        sims: dict[str, list[float]] = {}  # every line's likeness, per fact
        for fid, line, bag, bag_norm in self.rows:
            dot = sum(self.idf.get(w, 0.0) ** 2 * a * bag[w] for w, a in asked.items() if w in bag)
            sim = dot / (norm * bag_norm) * factor.get(fid, 1.0)
            if now and self.line_time[line] not in (None, now):
                sim *= self.mismatch
            sims.setdefault(fid, []).append(sim)
            if sim > 0 and (fid not in best or sim > best[fid].similarity):
                shared = sorted((w for w in asked if w in bag), key=lambda w: -self.idf.get(w, 0.0))
                parts = all(min(asked[w], bag[w]) < 1.0 for w in shared)
                best[fid] = ExampleHit(fid, line, round(sim, 3), tuple(shared), parts)
        if self.second_weight:
            # a fact is as like the question as its closest line and, weighed less, its second
            # closest: one stray line that happens to share a rare word no longer decides alone
            w = self.second_weight
            for fid, h in best.items():
                first, second = (sorted(sims[fid], reverse=True) + [0.0])[:2]
                best[fid] = ExampleHit(fid, h.line, round((first + w * second) / (1 + w), 3), h.words, h.parts_only)
        return sorted(best.values(), key=lambda h: h.similarity, reverse=True)

    def best(self, text: str, factor: dict[str, float] | None = None) -> ExampleHit | None:
        """The fact the question is clearly about by its likeness to asked lines, or None."""
        return self.choose(self.ranked(text, factor))

    def choose(self, ranked: list[ExampleHit]) -> ExampleHit | None:
        """`best` on a ranking already made (`ranked`): one per turn serves every decision."""
        if not ranked or ranked[0].similarity < self.min_similarity or self._lone_common(ranked[0]):
            return None
        if len(ranked[0].words) == 1 and (ranked[0].similarity < self.single_word_min or ranked[0].parts_only):
            # one shared word, and not a close likeness, or only a part of a compound ("ringe" and
            # "afk|la|ring"): too thin to tell
            return None
        return ranked[0] if self._ahead(ranked) else None  # else: the other matchers decide

    def contests(self, ranked: list[ExampleHit], fact: str, named: tuple[str, ...] = (),
                 weak: bool = False) -> bool:
        """Whether the question (its `ranked` likeness) is more like the asked lines of another
        fact than of `fact` (the one its keyword names), and at least `contest_floor` like them.
        A `weak` keyword (a word the fact shares by inflection or with other facts) is no
        stronger than a likeness on that same word: then that likeness contests it too."""
        if not self.contest_floor or not ranked or ranked[0].fact == fact:
            return False
        top = ranked[0]
        if not weak and self.rests_on(top, named, parts=True):
            return False  # alike only on the keyword's own word ("lide"): no other evidence
        if top.line in self._texts or (self._lone_common(top) and not weak):
            # like her own words, not like a question; or one common word ("dit", "come"):
            # no evidence against a keyword
            return False
        own = next((h.similarity for h in ranked if h.fact == fact), 0.0)
        return top.similarity >= max(self.contest_floor, own)

    def rests_on(self, hit: ExampleHit, named: tuple[str, ...], parts: bool = False) -> bool:
        """Whether a likeness shares only the keyword's own words (`parts`: their lemmas and
        compound parts too, "plejecentret": plejecenter, pleje, centrum): no evidence beside it."""
        own = {w for n in named for w in self._weigh(n)} if parts else set()
        return all(w in own or any(w in n for n in named) for w in hit.words)

    def guess(self, ranked: list[ExampleHit]) -> ExampleHit | None:
        """The fact a question (its `ranked` likeness) faintly resembles the questions about,
        clearly ahead of the rest: worth asking "do you mean …?" about, never enough to tell
        it (`guess_floor`)."""
        if not self.guess_floor or not ranked or ranked[0].similarity < self.guess_floor:
            return None
        if ranked[0].line in self._texts:
            return None  # like her own words, not like a question about them: too faint
        return ranked[0] if self._ahead(ranked) else None

    def _lone_common(self, hit: ExampleHit) -> bool:
        return len(hit.words) == 1 and hit.words[0] in self.common

    def _ahead(self, ranked: list[ExampleHit]) -> bool:
        """The closest fact is clearly closer than the next (two facts' questions look alike)."""
        if len(ranked) < 2:
            return True
        # a runner-up alike only by her own words, not by a mentor's question, is weaker evidence
        second = ranked[1].similarity * (self.text_runner_up if ranked[1].line in self._texts else 1.0)
        if set(ranked[1].words) < set(ranked[0].words):
            # the runner-up shares only some of the words the closest shares: it is no rival
            # ("Hvad laver du til hverdag nu? Har du et arbejde?": everyday life and work, not
            # only everyday life)
            return ranked[0].similarity >= second
        return ranked[0].similarity >= self.margin * second
