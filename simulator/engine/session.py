"""The record of one rehearsal: turns and their segments, undone attempts, marks.

Typed with pydantic: the same models build a session live and check a saved file
(`Session.from_saved`: strict, so a string is never taken for a number and NaN is
no trust; and, only there, the known codes, tags, steps, roles and languages, a
safe id and turns numbered in order), so the store has no validator of its own.
They serialise to the same readable JSON the dataclasses and dicts of before
wrote: same field names, same order. Nothing here knows about the terminal or a model.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from functools import lru_cache
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_serializer

SCHEMA_VERSION = 1
LANGUAGES = ("da", "en")
# A session id becomes a file name: no separators, no leading dot.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
# The validation context of a file read back: checks that only a saved session must pass
# (a pooled drill session joins turns of several sessions, so its numbering restarts;
# a damaged language is scored as Danish).
SAVED = {"saved": True}


def now_iso() -> str:
    # milliseconds: a drill's scripts start several sessions within one second, and "report
    # last" and the history order them by this (a trainer saw the wrong one as the last)
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """Codes (with the engine's `pause`), tags, steps, roles: what the scorer and screens know."""
    from simulator.coding.context import ROLES, STEPS
    from simulator.scenario.models import CODES, TAGS

    return frozenset(CODES) | {"pause"}, frozenset(TAGS), frozenset(STEPS), frozenset(ROLES)


def _known(value: str | None, kind: int, what: str, info: ValidationInfo) -> str | None:
    # Checked where a file is read (like the numbering below); a record built live holds
    # what the coder and the engine made, and was never checked against the lists either.
    if info.context and value is not None and value not in _vocabulary()[kind]:
        raise ValueError(f"unknown {what} {value!r}")
    return value


def _known_tags(tags: list[str], info: ValidationInfo) -> list[str]:
    for tag in tags:
        _known(tag, 1, "tag", info)
    return tags


def _code(v: str, info: ValidationInfo) -> str:
    return _known(v, 0, "code", info)


def _step(v: str, info: ValidationInfo) -> str:
    return _known(v, 2, "step", info)


def _role(v: str | None, info: ValidationInfo) -> str | None:
    return _known(v, 3, "role", info)


# The codebook's words, checked where a file is read (see _known).
Code = Annotated[str, AfterValidator(_code)]
Tags = Annotated[list[str], AfterValidator(_known_tags)]
Step = Annotated[str, AfterValidator(_step)]
Role = Annotated[Optional[str], AfterValidator(_role)]


class Record(BaseModel):
    """A part of the session file.

    Item access (`seg["code"]`, `mark.get("note")`) stays from the time segments, attempts
    and marks were dicts, so code written then keeps working; new code reads attributes.
    """

    model_config = ConfigDict(allow_inf_nan=False)

    def __getitem__(self, key: str) -> Any:
        if key in type(self).model_fields or key in (self.__pydantic_extra__ or {}):
            return getattr(self, key)
        raise KeyError(key)

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self, key, value)

    def __contains__(self, key: object) -> bool:
        return key in self.model_fields_set or key in (self.__pydantic_extra__ or {})

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    @classmethod
    def from_dict(cls, d: dict):
        return cls.model_validate(d)


class Partial(Record):
    """A record whose every field may be absent (attempts and marks of older files): it
    writes back only the fields it was given, so an old record is saved as it was read."""

    model_config = ConfigDict(allow_inf_nan=False, extra="allow")

    @model_serializer(mode="wrap")
    def _as_given(self, handler):
        data = handler(self)
        given = self.model_fields_set | set(self.__pydantic_extra__ or ())
        return {k: v for k, v in data.items() if k in given}


class Segment(Record):
    """One sentence of a mentor turn and its code and tags (CODEBOOK v2)."""

    text: str
    code: Code
    tags: Tags


class Turn(Record):
    index: int
    mentor: str
    primary: Code
    segments: list[Segment]
    tags: Tags
    role: Role
    step: Step
    mentee: str
    source: str               # scripted / model / fallback
    trust: float
    trust_before: float
    reaction: str
    revealed: list[str] = Field(default_factory=list)
    agreement: bool = False
    advice_without_permission: int = 0
    misunderstood: bool = False
    about: str | None = None  # the fact the reply speaks to (told now or before), None if none
    move: str = ""            # the mentor's move as the mentee heard it (engine/moves.py)
    model_raw: str | None = None
    at: str = Field(default_factory=now_iso)


class Attempt(Partial):
    """An undone turn, kept for the debrief beside the turn that replaced it."""

    replaced_at: int | None = None
    undone_at: str = ""
    turn: Turn


class Mark(Partial):
    """A segment code the trainee marked as wrong (`Rehearsal.mark_wrong`)."""

    turn: int | None = None
    segment: int | None = None
    text: str = ""
    code: str = ""
    tags: list[str] = Field(default_factory=list)
    note: str = ""
    correct_code: str | None = None
    correct_tags: list[str] = Field(default_factory=list)
    at: str = ""
    language: str = ""
    session: str = ""


class Session(Record):
    id: str
    scenario: str
    scenario_title: str
    language: str
    trainee: str
    seed: int
    mentee_backend: str = "scripted"
    coder: str = "rules"          # rules | learned: who coded the turns (resume keeps it)
    opening: str = ""
    started: str = Field(default_factory=now_iso)
    updated: str = Field(default_factory=now_iso)
    finished: bool = False
    turns: list[Turn] = Field(default_factory=list)
    attempts: list[Attempt] = Field(default_factory=list)   # undone turns, kept for the debrief
    marks: list[Mark] = Field(default_factory=list)         # codes the trainee marked as wrong
    recall: dict[str, Any] | None = None    # scoring/recall.py writes and reads it
    drill: dict[str, Any] | None = None     # drills/runner.py writes and reads it
    version: int = SCHEMA_VERSION

    @field_validator("id")
    @classmethod
    def _safe_id(cls, v: str, info: ValidationInfo) -> str:
        if info.context and not SAFE_ID.match(v):
            raise ValueError("not a session id (letters, digits, '.', '_', '-'; it becomes the file name)")
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str, info: ValidationInfo) -> str:
        if info.context and v not in LANGUAGES:
            raise ValueError(f"unknown language {v!r} (one of {', '.join(LANGUAGES)})")
        return v

    @field_validator("turns")
    @classmethod
    def _numbered(cls, turns: list[Turn], info: ValidationInfo) -> list[Turn]:
        # Screens and reports find a turn by its number.
        for i, turn in enumerate(turns):
            if info.context and turn.index != i:
                raise ValueError(f"turn {i + 1} is numbered {turn.index + 1}")
        return turns

    @staticmethod
    def new_id(scenario_id: str) -> str:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return f"{stamp}-{scenario_id}-{secrets.token_hex(2)}"

    @classmethod
    def from_saved(cls, data: dict) -> "Session":
        """A session file's data, checked as strictly as the scorer and the screens need;
        raises pydantic's ValidationError (the store turns it into one line naming the field)."""
        return cls.model_validate(data, strict=True, context=SAVED)
