"""The record of one rehearsal: turns, undone attempts and marks.

Plain dataclasses that serialise to readable JSON; the store writes them after
every turn. Nothing here knows about the terminal or a model.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

SCHEMA_VERSION = 1


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass
class Turn:
    index: int
    mentor: str
    primary: str
    segments: list[dict]
    tags: list[str]
    role: str | None
    step: str
    mentee: str
    source: str               # scripted / model / fallback
    trust: float
    trust_before: float
    reaction: str
    revealed: list[str] = field(default_factory=list)
    agreement: bool = False
    advice_without_permission: int = 0
    misunderstood: bool = False
    about: str | None = None  # the fact the reply speaks to (told now or before), None if none
    move: str = ""            # the mentor's move as the mentee heard it (engine/moves.py)
    model_raw: str | None = None
    at: str = field(default_factory=now_iso)

    @classmethod
    def from_dict(cls, d: dict) -> "Turn":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)


@dataclass
class Session:
    id: str
    scenario: str
    scenario_title: str
    language: str
    trainee: str
    seed: int
    mentee_backend: str = "scripted"
    coder: str = "rules"          # rules | learned: who coded the turns (resume keeps it)
    opening: str = ""
    started: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    finished: bool = False
    turns: list[Turn] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)   # undone turns, kept for the debrief
    marks: list[dict] = field(default_factory=list)      # codes the trainee marked as wrong
    recall: dict | None = None
    drill: dict | None = None
    version: int = SCHEMA_VERSION

    @staticmethod
    def new_id(scenario_id: str) -> str:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return f"{stamp}-{scenario_id}-{secrets.token_hex(2)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Session":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d and k != "turns"}
        s = cls(**known)
        s.turns = [Turn.from_dict(t) for t in d.get("turns", [])]
        return s
