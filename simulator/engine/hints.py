"""Hints during a rehearsal: what *kind* of move could help the trainee now.

The trainee presses the hint key and gets one short suggestion drawn from the
mentor guide's ideas for the current conversation step, or for a situation the
session shows (advice given without asking, no reflection yet, no agreement near
the end ...). The texts live in hints.yaml, in Danish and English, so a trainer
can read and tune them; this module only detects situations from the turns
already taken and picks a text.

It works on the saved `Session` alone (no hidden engine state), so a resumed
session gets the same hints. It must not import textual, rich or any model
library: it is part of the core the TUI sits on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from simulator.coding.context import boundary_tags
from simulator.coding.vocabulary import BOUNDARY_TAGS, STEPS
from simulator.engine.session import Session, Turn
from simulator.text.readability import words
from simulator.yamlfile import load_checked, unknown

HINTS_FILE = Path(__file__).with_name("hints.yaml")

# Checked in this order; the first situations that apply are offered first.
SITUATIONS = (
    "boundary", "misunderstood", "advice_without_permission", "no_agreement_near_end",
    "no_reflection_yet", "mostly_closed", "talking_a_lot", "no_goal_yet", "no_praise_yet",
    "short_answers", "default",
)
# Rounding off "near the end": this many substantive turns into the develop step.
NEAR_END_TURNS = 10


@dataclass(frozen=True)
class Hint:
    step: str          # the step it was picked for (the session's current step)
    situation: str
    text: str
    section: str       # the guide section the idea comes from


class HintEntry(BaseModel):
    """One hint of hints.yaml: for a step (or `any`) and a situation, optionally one pitfall."""

    model_config = ConfigDict(extra="forbid", strict=True)
    step: str
    situation: str
    section: str = Field(min_length=1)
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)
    tag: str | None = None  # a boundary hint for this pitfall only


class HintsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    hints: list[HintEntry] = Field(min_length=1)


def _hint_problems(data: HintsFile):
    for i, e in enumerate(data.hints):
        if e.step != "any" and e.step not in STEPS:
            yield ("hints", i, "step"), unknown("step", e.step, STEPS + ("any",))
        if e.situation not in SITUATIONS:
            yield ("hints", i, "situation"), unknown("situation", e.situation, SITUATIONS)
        if e.tag is not None and (e.situation != "boundary" or e.tag not in BOUNDARY_TAGS):
            yield ("hints", i, "tag"), (unknown("boundary tag", e.tag, BOUNDARY_TAGS) if e.tag not in BOUNDARY_TAGS
                                        else "only a `situation: boundary` hint may name a pitfall")


@lru_cache(maxsize=1)
def _load() -> list[dict]:
    """hints.yaml, checked on load (file:line errors), as plain mappings."""
    return list(load_checked(HINTS_FILE, HintsFile, _hint_problems)["hints"])


def current_step(session: Session) -> str:
    return session.turns[-1].step if session.turns else "establish_contact"


def _codes(turns: list[Turn]) -> list[str]:
    return [s.code for t in turns for s in t.segments]


def situations(session: Session) -> list[str]:
    """The situations that apply now, in SITUATIONS order; always ends with 'default'."""
    turns = session.turns
    found: set[str] = set()
    step = current_step(session)
    if turns:
        last = turns[-1]
        if set(last.tags) & set(boundary_tags()):
            found.add("boundary")
        if last.misunderstood:
            found.add("misunderstood")
        if last.advice_without_permission:
            found.add("advice_without_permission")
    codes = _codes(turns)
    open_q, closed_q = codes.count("open_question"), codes.count("closed_question")
    questions = open_q + closed_q
    substantive = [t for t in turns if t.primary not in ("pause", "other")]
    agreed = any(t.agreement for t in turns)
    if not agreed and (step == "round_off" or (step == "develop" and len(substantive) >= NEAR_END_TURNS)):
        found.add("no_agreement_near_end")
    if questions >= 2 and "reflection" not in codes:
        found.add("no_reflection_yet")
    if closed_q >= 2 and open_q < closed_q:
        found.add("mostly_closed")
    mentor_words = sum(len(words(t.mentor)) for t in turns if t.primary != "pause")
    mentee_words = len(words(session.opening)) + sum(len(words(t.mentee)) for t in turns)
    if len(turns) >= 3 and mentor_words > 1.5 * max(1, mentee_words):
        found.add("talking_a_lot")
    steps_seen = {t.step for t in turns}
    if len(substantive) >= 6 and not steps_seen & set(STEPS[STEPS.index("set_goal"):]):
        found.add("no_goal_yet")
    revealed = sum(len(t.revealed) for t in turns)
    if len(turns) >= 4 and revealed >= 2 and "affirmation" not in codes:
        found.add("no_praise_yet")
    recent = turns[-2:]
    if len(recent) == 2 and all(len(words(t.mentee)) <= 4 for t in recent) \
            and not any(t.primary == "pause" for t in turns[-4:]):
        found.add("short_answers")
    found.add("default")
    return [s for s in SITUATIONS if s in found]


def hints_for(session: Session, lang: str = "da") -> list[Hint]:
    """Every hint that fits now, best first: by situation, a step-specific text before a general one."""
    step = current_step(session)
    entries = _load()
    out: list[Hint] = []
    # A boundary hint may name its pitfall (`tag:`): the one for the tag just breached comes
    # first, and a hint for another pitfall is not offered ("karikeret sprog" after a diagnosis).
    breached = set(session.turns[-1].tags) & set(boundary_tags()) if session.turns else set()
    for situation in situations(session):
        matching = [e for e in entries if e.get("situation") == situation and e.get("tag", "") in breached | {""}]
        matching.sort(key=lambda e: not e.get("tag"))
        specific = [e for e in matching if e.get("step") == step]
        general = [e for e in matching if e.get("step") == "any"]
        for e in specific + general:
            text = e.get(lang) or e.get("da") or ""
            if text:
                out.append(Hint(step=step, situation=situation, text=text.strip(),
                                section=e.get("section", "")))
    return out


def pick_hint(session: Session, lang: str = "da", nth: int = 0) -> Hint | None:
    """The nth hint that fits now (pressing the key again shows the next one, then wraps)."""
    found = hints_for(session, lang)
    if not found:
        return None
    return found[nth % len(found)]
