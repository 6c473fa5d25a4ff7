"""The mentee backend protocol.

The engine decides trust, which facts may be told and the reaction; a backend
only voices that decision as the mentee's words. Backends are handed to the
rehearsal (never reached for), so tests can pass a scripted or a fake one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from simulator.errors import UserFacingError
from simulator.scenario.models import Scenario


class BackendError(UserFacingError):
    """A model backend cannot be built: the message names the model path or the endpoint.

    ``BackendError.of(key, **values)``: the catalogue's ``backend.<key>`` (see UserFacingError).
    """

    GROUP = "backend"


@dataclass
class Cue:
    """What the engine decided for one mentor turn; a backend voices it."""

    reaction: str            # the reaction key whose line was chosen (or "fact")
    text: str                # the scripted reply, always available as fallback
    trust_before: float
    trust_after: float
    revealed: list[str] = field(default_factory=list)      # fact ids told in this reply
    allowed_facts: list[str] = field(default_factory=list)  # fact texts the mentee may mention
    misunderstood: bool = False
    about: str | None = None  # the fact the reply speaks to (newly told, told before, or guarded)
    move: str = ""            # the mentor's move as the mentee heard it (engine/moves.py)
    reply_kind: str = ""      # fact, short, elaborate, guarded, stock line key ...


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
