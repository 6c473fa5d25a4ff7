"""Helpers shared by the Pilot tests of the terminal app."""

from __future__ import annotations

from textual.widgets import Static

SIZE = (80, 24)


def build_app(tmp_path, scenario, *, backend_factory=None, **kw):
    """The app on `scenario` with a fresh store under tmp_path, the scripted mentee unless
    `backend_factory` says otherwise, no cursor blink and no typing-out (steady for Pilot)."""
    from simulator.mentee.scripted import ScriptedMentee
    from simulator.store import SessionStore
    from simulator.tui.app import make_app
    from simulator.tui.settings import UiSettings

    store = SessionStore(tmp_path / "sessions")
    kw.setdefault("settings", UiSettings(show_trust=True, type_out=False))
    app = make_app(scenario=scenario, store=store, backend_factory=backend_factory or (lambda sc: ScriptedMentee()),
                   cursor_blink=False, **kw)
    return app, store


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
