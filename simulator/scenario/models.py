"""Typed models of the scenario files trainers write.

A scenario is one YAML file per scenario and language. These models are the
schema: they reject unknown fields, absurd values and dangling references so
that a trainer hears about a mistake when validating, not mid-rehearsal.
This module knows nothing of the terminal or of any mentee backend.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The codebook's words come from their one list (coding/vocabulary.yaml).
from simulator.coding.vocabulary import BOUNDARY_TAGS, CODES, COURSE_PHASES, TAGS  # noqa: F401

# Reactions may key on a code, a tag, the pause, or on situations the engine detects.
REACTION_KEYS = CODES + TAGS + (
    "pause", "agreement", "guarded", "misunderstood", "default", "goodbye",
    "advice_without_permission",
    "greeting", "thanks", "check", "wellbeing",  # moves the engine recognises (issue 13)
    "thanks_sharing", "when_plan", "nothing_more", "misunderstood_word", "misunderstood_long",
)
# Keys a scenario's `better:` lines may use: the principles and the pitfalls the scorer knows.
BETTER_KEYS = (
    "open_questions", "reflective_listening", "listen_more", "praise", "advice_with_permission",
    "short_sentences", "plain_words", "check_understanding", "boundaries", "conversation_steps",
    "agreement", "roles",
) + BOUNDARY_TAGS
LEVELS = ("A1", "A2", "B1", "B2")
FIGURES = (
    "open_question_share", "reflection_to_question", "mentor_talk_share", "affirmations",
    "specific_praise", "advice_without_permission", "words_per_sentence", "lix",
    "boundary_flags_total", "referrals", "roles_used", "steps_covered", "agreement_at_end", "trust_final",
    "reflections", "open_questions", "closed_questions", "pauses", "ask_permission",
    "facts_revealed", "check_understanding", "misunderstood", "unclear_turns",
) + BOUNDARY_TAGS  # one count per boundary tag

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class Strict(BaseModel):
    # strict: `start_trust: yes` is not 1.0 and `quiet: 1` is not true; no NaN or infinity anywhere.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True, allow_inf_nan=False)


class Persona(Strict):
    name: str = Field(min_length=1, max_length=60)
    age: int = Field(ge=16, le=100)
    origin: str = Field(min_length=1, max_length=80)
    time_in_denmark: str = Field(min_length=1, max_length=60)
    level: Literal["A1", "A2", "B1", "B2"]
    family: str = Field(min_length=1, max_length=400)
    work_history: str = Field(min_length=1, max_length=600)
    wants: str = Field(min_length=1, max_length=400)
    quiet: bool = False  # answers in few words; says more after a pause
    # how the mentee talks (docs/authoring.md); quiet: true is the same as style: quiet
    style: Literal["quiet", "verbose", "sceptical", "eager"] | None = None
    # People and places a shared report must not name (`report --anonymise`); capitalised
    # words in the persona and facts are found without them, these add what is not.
    names: list[str] = Field(default_factory=list, max_length=30)
    places: list[str] = Field(default_factory=list, max_length=30)

    @property
    def origin_places(self) -> tuple[str, ...]:
        """The place names of where she comes from ("DR Congo (Bukavu), kom … fra Uganda":
        Congo, Bukavu, Uganda): a question naming one is about her life before."""
        return tuple(re.findall(r"\b[A-ZÆØÅ][^\W\d_]{2,}", self.origin))


class Fact(Strict):
    id: str
    text: str = Field(min_length=1, max_length=600)
    min_trust: float = Field(ge=0.0, le=1.0)
    topics: list[str] = Field(default_factory=list)
    volunteer: bool = True  # may be told after any open question or reflection once trust allows
    requires: str | None = None  # another fact that must be told first
    kind: Literal["background", "resource", "goal", "worry", "sensitive"] = "background"
    short: str | None = Field(default=None, max_length=300)  # answer to a closed question
    more: list[str] = Field(default_factory=list, max_length=10)  # said when asked again
    # questions mentors have asked about this fact, in their own words (engine/examples.py)
    # (at most 100: each is compared with every question, and the probe sets of many authors are harvested in)
    asked: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("use lower-case letters, digits and '-' (e.g. 'work-history')")
        return v

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: list[str]) -> list[str]:
        out = [t.strip().lower() for t in v if t and t.strip()]
        if len(out) > 40:
            raise ValueError("at most 40 topics per fact")
        return out


class Reaction(Strict):
    trust: float | None = Field(default=None, ge=-1.0, le=1.0)  # None: reaction_defaults.yaml
    lines: list[str] = Field(default_factory=list, max_length=40)

    @field_validator("lines")
    @classmethod
    def _lines(cls, v: list[str]) -> list[str]:
        return said_lines(v)


def said_lines(v: list[str]) -> list[str]:
    """Lines the mentee says (reactions, opening): not blank, at most 600 characters each."""
    for line in v:
        if not line.strip():
            raise ValueError("a line is empty")
        if len(line) > 600:
            raise ValueError(f"a line is {len(line):,} characters; at most 600")
    return v


class Misunderstanding(Strict):
    """When a mentee at a low level asks again instead of answering."""

    applies_to: list[Literal["A1", "A2", "B1", "B2"]] = Field(default_factory=lambda: ["A1", "A2"])
    max_words_per_sentence: int = Field(default=14, ge=3, le=60)
    max_lix: int = Field(default=45, ge=10, le=80)  # read by old files; understanding is by known words now
    idioms: bool = True
    known_words: bool = True  # words beyond the level's frequency rank (and never heard) are hard
    max_unknown_words: int = Field(default=1, ge=0, le=20)  # per sentence before "I don't understand"


class Target(Strict):
    figure: str
    min: float | None = None
    max: float | None = None
    label: str | None = None

    @field_validator("figure")
    @classmethod
    def _figure(cls, v: str) -> str:
        if v not in FIGURES:
            raise ValueError(f"unknown figure {v!r}; known: {', '.join(FIGURES)}")
        return v

    @model_validator(mode="after")
    def _bounds(self) -> "Target":
        if self.min is None and self.max is None:
            raise ValueError("a target needs min or max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is larger than max")
        return self


class Scenario(Strict):
    id: str
    title: str = Field(min_length=1, max_length=120)
    language: Literal["da", "en"]
    course_phase: Literal[COURSE_PHASES]  # type: ignore[valid-type]  # from the vocabulary
    difficulty: int = Field(ge=1, le=5)
    situation: str = Field(min_length=1, max_length=2000)
    trains: list[str] = Field(default_factory=list, max_length=12)
    persona: Persona
    start_trust: float = Field(ge=0.0, le=1.0)
    opening: list[str] = Field(min_length=1, max_length=12)  # the mentee's first words
    facts: list[Fact] = Field(default_factory=list, max_length=60)
    reactions: dict[str, Reaction]  # required: the validator below needs a default line
    misunderstanding: Misunderstanding = Field(default_factory=Misunderstanding)
    targets: list[Target] = Field(default_factory=list, max_length=30)
    # Better phrasings for this mentee, per principle (scoring/bands.yaml) or pitfall
    # (scoring/feedback.yaml); the debrief shows them instead of the generic line.
    better: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("better", mode="before")
    @classmethod
    def _better(cls, v):
        if not isinstance(v, dict):
            return v
        out = {}
        for key, lines in v.items():
            if key not in BETTER_KEYS:
                raise ValueError(f"unknown key {key!r} under better; use one of: {', '.join(BETTER_KEYS)}")
            out[key] = [lines] if isinstance(lines, str) else lines
        return out
    trust_cap: float | None = Field(default=None, ge=0.1, le=1.0)  # None: by course phase

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("use lower-case letters, digits and '-' (e.g. 'first-meeting')")
        return v

    @field_validator("opening")
    @classmethod
    def _opening(cls, v: list[str]) -> list[str]:
        return said_lines(v)

    @field_validator("reactions")
    @classmethod
    def _reaction_keys(cls, v: dict[str, Reaction]) -> dict[str, Reaction]:
        for key in v:
            if key not in REACTION_KEYS:
                raise ValueError(f"unknown reaction {key!r}; use a code, a tag or one of: "
                                 "pause, agreement, guarded, misunderstood, default, goodbye, "
                                 "advice_without_permission")
        if "default" not in v or not v["default"].lines:
            raise ValueError("needs a 'default' reaction with at least one line")
        return v

@lru_cache(maxsize=1)
def defaults() -> dict:
    """Trust moves and fallback lines used where a scenario says nothing (a data file)."""
    return yaml.safe_load((Path(__file__).parent / "reaction_defaults.yaml").read_text(encoding="utf-8"))


def trust_for(scenario: "Scenario", key: str) -> float:
    r = scenario.reactions.get(key)
    if r is not None and r.trust is not None:
        return r.trust
    return float(defaults()["trust"].get(key, 0.0))


def trust_cap_of(scenario: "Scenario") -> float:
    if scenario.trust_cap is not None:
        return scenario.trust_cap
    return float(defaults().get("trust_cap_by_phase", {}).get(scenario.course_phase, 1.0))


def reference_problems(scenario: Scenario) -> list[tuple[tuple, str]]:
    """Cross-field errors, each with the field path it belongs to.

    Kept outside pydantic's validators so that every problem keeps its own
    location (a model validator would report them all at the top level).
    """
    problems: list[tuple[tuple, str]] = []
    by_id: dict[str, Fact] = {}
    for i, fact in enumerate(scenario.facts):
        if fact.id in by_id:
            problems.append((("facts", i, "id"), f"fact id {fact.id!r} is used twice"))
        by_id.setdefault(fact.id, fact)
    for i, fact in enumerate(scenario.facts):
        if fact.requires is not None and fact.requires not in by_id:
            problems.append((("facts", i, "requires"),
                             f"refers to fact {fact.requires!r}, which does not exist "
                             f"(facts: {', '.join(by_id) or 'none'})"))
        if not fact.topics and not fact.volunteer:
            problems.append((("facts", i, "topics"),
                             "the fact can never be told: it has no topics and volunteer is false"))
    # Trust only rises through positive reactions; a fact above what trust can
    # reach would never be told, which is an authoring error, not a hard scenario.
    gain = max(trust_for(scenario, key) for key in REACTION_KEYS)
    for i, fact in enumerate(scenario.facts):
        if fact.min_trust > scenario.start_trust and gain <= 0:
            problems.append((("facts", i, "min_trust"),
                             f"unreachable: trust starts at {scenario.start_trust} and no reaction raises it"))
    cap = trust_cap_of(scenario)
    for i, fact in enumerate(scenario.facts):
        if fact.min_trust > cap:
            problems.append((("facts", i, "min_trust"),
                             f"unreachable: above the trust cap {cap} of this scenario (trust_cap)"))
    for i, fact in enumerate(scenario.facts):
        chain, cur = {fact.id}, fact
        while cur.requires and cur.requires in by_id:
            cur = by_id[cur.requires]
            if cur.id in chain:
                problems.append((("facts", i, "requires"), "facts require each other in a loop"))
                break
            chain.add(cur.id)
    return problems
