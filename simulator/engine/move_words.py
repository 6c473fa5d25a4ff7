"""The vocabulary moves are read by: the kinds of move, the language file's patterns, and
a few plain readings of a sentence (is it short, does it ask for a thing).

Shared by the move classifier (engine/moves.py) and the question reader
(engine/questions.py); the patterns are data in engine/language/<lang>.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from simulator.coding.coder import normalise
from simulator.engine.topics import language_data
from simulator.text.sentences import sentences
from simulator.text.tokens import tokens

QUESTION_CODES = ("open_question", "closed_question")
RUNNER_UP = 0.6  # a second topic hit must reach this share of the first to count
TORN = 0.85  # two strong topic hits this near each other: no clear topic (questions._torn)
WEAK_FLOOR = 0.3  # any keyword evidence at all (a past verb against a present keyword: 0.4)

MOVE_KINDS = (
    "pause", "agreement", "goodbye", "permission", "check", "topic_question", "wellbeing",
    "open_invitation", "elsewhere", "yes_no", "reflection", "echo", "greeting", "thanks", "own_story", "proposal",
    "praise", "information", "offer", "logistics", "when_plan", "thanks_sharing", "clarify", "permission_proposal", "unclear", "other",
    "talk_feedback",
)


@dataclass
class Move:
    kind: str
    topics: list[str] = field(default_factory=list)   # fact ids asked or talked about, best first
    closed: bool = False                                # a closed question (short answer)
    words: list[str] = field(default_factory=list)      # the mentor's words that named the topic
    # the words are the fact's own (keywords), so a yes/no question about them may get its "Ja.";
    # a likeness to other mentors' questions ("Er du blevet mormor?" ~ "Er du gift?") may not
    named: bool = True
    avoid: list[str] = field(default_factory=list)  # facts not to volunteer for it (she just asked about them)

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


@lru_cache(maxsize=4)
def _patterns(lang: str) -> dict[str, re.Pattern | None]:
    out: dict[str, re.Pattern | None] = {}
    for key, pats in (language_data(lang).get("patterns") or {}).items():
        out[key] = re.compile("|".join(f"(?:{p})" for p in pats)) if pats else None
    return out


def says(kind: str, text: str, lang: str) -> bool:
    rx = _patterns(lang).get(kind)
    return bool(rx and rx.search(normalise(text)))


def after(kind: str, text: str, lang: str) -> str:
    """The text after the first words of `kind` ("Må jeg spørge, " in "Må jeg spørge, har du …?"),
    capitalised; the text itself when they are not in it."""
    rx = _patterns(lang).get(kind)
    found = rx.search(text.lower()) if rx else None
    rest = text[found.end():] if found else text
    return rest[:1].upper() + rest[1:]


def without(kind: str, text: str, lang: str) -> str:
    """The text with every run of words of `kind` taken out ("ved siden af jobbet" names the
    job only as the frame of what is asked)."""
    rx = _patterns(lang).get(kind)
    if rx is None:
        return text
    lowered = text.lower()
    spans = [m.span() for m in rx.finditer(lowered)]
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text


def opens_with_recall(parts: list[str], lang: str) -> bool:
    """Whether a turn's first sentence, with more after it, recalls what she told ("Sidst
    fortalte du om brudekjolerne. Hvordan går det …?"): a lead-in, not the question."""
    return len(parts) > 1 and says("recall", parts[0], lang)


def after_recall(text: str, lang: str) -> str:
    """The turn without a first sentence recalling what she told ("Du nævnte Yonas og Selam før.
    Hvordan har de det?"): the names recalled say what is meant, not which detail is asked."""
    parts = sentences(text)
    return " ".join(parts[1:]) if opens_with_recall(parts, lang) else text


def last_clauses(text: str) -> set[str]:
    """The last sentence, and its last clause: a topic or a condition may come before the
    question ("Det brev til Netto – nåede du at skrive det", "Hvis du kunne vælge, hvor …")."""
    last = sentences(text.strip())[-1]
    return {last, re.split(r"\s[–-]\s|[:,]\s", last)[-1].strip()}


def asks_for_thing(text: str, lang: str) -> bool:
    """A question word asks for a thing, not a yes or no ("Hvor ville du helst arbejde"),
    unless it exclaims ("Hvor er det dejligt at se dig")."""
    return any(says("wh_question", c, lang) and not says("exclamation", c, lang) for c in last_clauses(text))


def flight_only_as_time(text: str, lex, lang: str) -> bool:
    """"Hvad lavede du, før du flygtede?" names the flight only to date the question: with that
    clause taken out, no taboo pattern of the coder's lexicon is left, so the mentee hears a
    question about her work, not about the flight (the coder's tag itself is left as it is)."""
    rx = _patterns(lang).get("flight_as_time")
    norm = normalise(text)
    if rx is None or not rx.search(norm):
        return False
    rest = rx.sub(" ", norm)
    return not any(rule.tag == "taboo_probe" and rule.any.search(rest) for rule in lex.tags)


def is_short(text: str, lang: str) -> bool:
    return len(tokens(text)) <= int(language_data(lang).get("followup_max_words", 6))
