"""Whether a low-level mentee follows a mentor turn: the words she knows.

A mentee at level A1-B2 knows roughly the most frequent words of the language up to
a rank (`known_ranks` in engine/decisions.yaml), every word she or her scenario has
used (facts, opening, reaction lines, persona), every word she has heard the mentor
use before, the core words of a first course (engine/language/<lang>_core_words.txt:
the week, numbers, family, home, food, the town), names, numbers, and compounds whose
parts she knows ("cykelværksted" = "cykel" + "værksted"). The frequency ranks come from
a snapshot of wordfreq's list (engine/language/<lang>_words.txt, CC BY-SA 4.0; see its
header). A sentence is too hard when it is longer than the scenario's
`max_words_per_sentence` or holds more unknown words than `max_unknown_words`; an idiom
is too hard as before.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from simulator.coding.coder import CodedTurn, normalise
from simulator.text.lemmas import lemma
from simulator.text.tokens import words

LANGUAGE_DIR = Path(__file__).parent / "language"
# a colon or a spaced dash is a pause in speech: "Jeg vil gerne spørge dig ærligt: Er det det
# rigtige for dig?" is heard as a lead-in and a question, each short, not as one long sentence
_PAUSE = re.compile(r"\s*:\s+|\s+[–—-]\s+")
_LINKS = ("", "s", "e")  # Danish compound links: arbejd-s-plads, børn-e-have


def _listed(name: str) -> list[str]:
    """The words of a list in engine/language/ (one per line, `#` comments), in order."""
    path = LANGUAGE_DIR / name
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=4)
def ranks(lang: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for word in _listed(f"{lang}_words.txt"):
        out.setdefault(word, len(out))
    return out


@lru_cache(maxsize=4)
def core_words(lang: str) -> frozenset[str]:
    """The words of a first language course (engine/language/<lang>_core_words.txt): known
    at every level, however rare the frequency list makes them ("tirsdag", "kop", "tyve")."""
    return frozenset(w.lower() for w in _listed(f"{lang}_core_words.txt"))


def scenario_words(scenario) -> set[str]:
    """Every word the scenario puts in the mentee's mouth or life."""
    texts = list(scenario.opening) + [f.text for f in scenario.facts] + [f.short or "" for f in scenario.facts]
    texts += [m for f in scenario.facts for m in f.more] + [t for f in scenario.facts for t in f.topics]
    texts += [line for r in scenario.reactions.values() for line in r.lines]
    p = scenario.persona
    texts += [p.name, p.origin, p.family, p.work_history, p.wants, scenario.situation]
    return {w.lower() for t in texts for w in words(t)}


class Vocabulary:
    def __init__(self, scenario, limit: int):
        self.lang = scenario.language
        self.ranks = ranks(self.lang)
        self.limit = limit
        # words and their lemmas: "bageri" in her own fact makes "bageriet" known
        self.heard: set[str] = set()
        self._add(scenario_words(scenario) | core_words(self.lang))

    def _add(self, ws) -> None:
        for w in ws:
            self.heard.update((w, lemma(w, self.lang)))

    def learn(self, text: str) -> None:
        self._add(w.lower() for w in words(text))

    def knows(self, word: str) -> bool:
        w = word.lower()
        lem = lemma(w, self.lang)
        if w in self.heard or lem in self.heard or self._frequent(w) or self._frequent(lem):
            return True
        return self._compound(w)

    def _frequent(self, w: str) -> bool:
        r = self.ranks.get(w)
        return r is not None and r < self.limit

    def _compound(self, w: str) -> bool:
        # the last part carries the inflection ("cykelværkstedet"), so it may be any known form
        for i in range(3, len(w) - 2):
            head, tail = w[:i], w[i:]
            if not (self.knows_simple(tail) and len(tail) >= 3):
                continue
            for link in _LINKS:
                if head.endswith(link) and self.knows_simple(head[: len(head) - len(link)] or head):
                    return True
        return False

    def knows_simple(self, w: str) -> bool:
        lem = lemma(w, self.lang)
        return len(w) >= 2 and (w in self.heard or lem in self.heard or self._frequent(w) or self._frequent(lem))

    def unknown(self, text: str) -> list[str]:
        ws = words(text)
        # a capitalised word inside a sentence is a name: a mentee does not stumble on "Lars"
        return [w for i, w in enumerate(ws) if not (i > 0 and w[:1].isupper()) and not self.knows(w)]


def misunderstands(state, turn: CodedTurn) -> tuple[str, str] | None:
    """Why she does not follow the turn, or None: ("word", the first word she does not know, so
    she can ask what it means), ("long", "") for a sentence too long, ("idiom", "")."""
    m = state.scenario.misunderstanding
    if turn.is_pause or state.scenario.persona.level not in m.applies_to:
        return None
    reasons = [_hard(state, m, s.text) for s in turn.segments]  # each sentence read once
    if len(reasons) > 1 and turn.segments[-1].text.rstrip().endswith("?") and reasons[-1] is None:
        reasons = []  # a question she follows, after a sentence she does not: she answers the question
    why = next((r for r in reasons if r is not None), None)
    if why is not None:
        return why
    if m.idioms and state.lex.idioms and state.lex.idioms.search(normalise(turn.text)):
        return ("idiom", "")
    return None


def _hard(state, m, text: str) -> tuple[str, str] | None:
    """Why a sentence is too hard, or None: too many words she does not know (the first of them),
    or too long. A long sentence of words she knows is followed up to a factor of the limit (a
    plain 17-word agreement for an A2 mentee whose limit is 14); one with an unknown word is not."""
    plain = float(getattr(state, "plain_length_factor", 1.0))  # engine/decisions.yaml, read by the state
    length = max(len(words(part)) for part in _PAUSE.split(text))  # the longest stretch without a pause
    unknown = state.vocabulary.unknown(text) if m.known_words and state.vocabulary is not None else []
    if length > m.max_words_per_sentence and (unknown or length > plain * m.max_words_per_sentence
                                              or not m.known_words):
        return ("word", unknown[0]) if unknown else ("long", "")
    return ("word", unknown[0]) if len(unknown) > m.max_unknown_words else None
