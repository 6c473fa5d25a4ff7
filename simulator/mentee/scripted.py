"""The scripted mentee: says the line the engine chose. Never imports torch."""

from __future__ import annotations

from collections.abc import Callable

from simulator.mentee.base import Reply, ReplyRequest


class ScriptedMentee:
    name = "scripted"

    def reply(self, request: ReplyRequest, on_token: Callable[[str], None] | None = None) -> Reply:
        if on_token is not None:
            on_token(request.cue.text)
        return Reply(text=request.cue.text, source="scripted")
