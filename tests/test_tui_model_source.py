"""The app shows where a mentee line came from: a quiet mark on the script's
fallback, a notice the first time the model server stops answering, and
streamed text taken back when the guards reject it."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.mentee.guarded import GenerationError, GuardedMentee
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.widgets.transcript import TurnView
from tests.test_model_guards import FakeGenerator
from tests.tui_support import SIZE, say, text_of

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")


def build(tmp_path, generator):
    backend = GuardedMentee("server:fake", generator)
    app = make_app(scenario=SCENARIO, store=SessionStore(tmp_path), backend_factory=lambda sc: backend,
                   cursor_blink=False)
    return app


async def test_a_fallback_is_marked_and_a_silent_server_is_told_once(tmp_path):
    down = GenerationError("http://127.0.0.1:9: connection refused")
    app = build(tmp_path, FakeGenerator(down))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvordan går det?")
        await say(pilot, "Hvad vil du gerne tale om?")
        views = list(app.screen.query(TurnView))
        lines = [text_of(v.query_one(".mentee")) for v in views]
        assert all(line.endswith("↺ manuskript") for line in lines), lines
        told = [n.message for n in app._notifications if "Modelserveren svarer ikke" in n.message]
        assert len(told) == 1


async def test_a_model_line_has_no_mark(tmp_path):
    app = build(tmp_path, FakeGenerator("Jeg har det fint, tak. Jeg er lidt nervøs i dag."))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej, jeg hedder Jens.")  # the engine tells no fact here
        line = text_of(app.screen.query_one("#turn-0", TurnView).query_one(".mentee"))
        assert line.endswith("Jeg er lidt nervøs i dag.") and "↺" not in line


async def test_rejected_streamed_text_is_taken_back(tmp_path):
    # The first try streams a good sentence, then turns into the mentor: it is taken back,
    # and the retry's words are what the trainee reads.
    first = "Jeg har det fint. Mentor: Godt at høre."
    second = "Det går godt, tak. Jeg er lidt træt i dag."
    app = build(tmp_path, FakeGenerator(first, second))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej, jeg hedder Jens.")
        view = app.screen.query_one("#turn-0", TurnView)
        assert view.mentee_text == second
        # What was streamed restarted with the retry (without the take-back it would
        # still begin with the rejected try's "Jeg har det fint.").
        assert app.screen._streamed == second


async def test_the_scorecard_gives_the_models_share(tmp_path):
    from simulator.tui.screens.scorecard import ScorecardScreen
    from tests.tui_support import screen_text

    app = build(tmp_path, FakeGenerator("Jeg har det fint, tak. Jeg er lidt nervøs i dag.", "Mentor: Hvad så?"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await say(pilot, "Hej, jeg hedder Jens.")
        await say(pilot, "Vejret er fint i dag.")
        app.show_scorecard(app.screen.session, SCENARIO, replace=True)
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert "modellen sagde 1 af 2 replikker; 1 var manuskriptets reserve" in screen_text(app)
