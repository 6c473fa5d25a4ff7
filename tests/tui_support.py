"""Helpers shared by the Pilot tests of the terminal app."""

from __future__ import annotations

from textual.widgets import Static

SIZE = (80, 24)


def text_of(widget) -> str:
    visual = widget.visual
    return getattr(visual, "plain", str(visual))


def screen_text(app) -> str:
    """What a person reads on the current screen (visible Static widgets)."""
    return "\n".join(text_of(w) for w in app.screen.query(Static) if w.display)


async def say(pilot, text: str) -> None:
    """Type a mentor turn, send it and wait for the mentee's reply."""
    pilot.app.screen.query_one("#mentor-input").value = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
