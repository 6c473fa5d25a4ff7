"""The mentee backend protocol.

The engine decides trust, which facts may be told and the reaction; a backend
only voices that decision as the mentee's words. Backends are handed to the
rehearsal (never reached for), so tests can pass a scripted or a fake one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from simulator.engine.state import Cue
from simulator.scenario.models import Scenario


@dataclass
class ReplyRequest:
    scenario: Scenario
    cue: Cue
    history: list          # earlier Turns
    mentor: str            # the mentor's current words
    trust: float


@dataclass
class Reply:
    text: str
    source: str            # "scripted", "model" or "fallback"
    raw: str | None = None  # the model's words before the guards


class MenteeBackend(Protocol):
    name: str

    def reply(self, request: ReplyRequest, on_token: Callable[[str], None] | None = None) -> Reply: ...
