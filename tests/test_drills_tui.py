"""The drill in the terminal app: briefing -> practice -> ... -> results, and assessment mode.

Driven with Pilot at 80x24 on the scripted mentee through `make_app` (the CLI's
factory), with a temporary store; waits on the mentee worker, never on sleeps.
"""

from __future__ import annotations


import pytest
from textual.widgets import Static

from simulator.drills import DrillRun
from simulator.mentee.scripted import ScriptedMentee
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.screens.drill import DrillBriefScreen, DrillResultsScreen
from simulator.tui.screens.practice import PracticeScreen
from simulator.tui.screens.scorecard import ScorecardScreen
from simulator.tui.settings import UiSettings
from simulator.tui.widgets.coding_panel import CodingPanel
from simulator.tui.widgets.transcript import TurnView
from tests.tui_support import SIZE, text_of, screen_text, say
from tests.conftest import SCENARIOS
from simulator.store.sessions import read_session_data

pytestmark = pytest.mark.anyio


def build(tmp_path, assess: bool):
    store = SessionStore(tmp_path / "sessions")
    run = DrillRun.from_file(SCENARIOS / "drills" / "first-evening.yaml", store=store, assess=assess,
                             backend_factory=lambda sc: ScriptedMentee())
    app = make_app(store=store, drill_run=run, cursor_blink=False,
                   settings=UiSettings(show_trust=True, type_out=False))
    return app, run, store


async def end_conversation(pilot, recall: str | None = None) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")  # confirm
    await pilot.pause()
    from simulator.tui.screens.modals import RecallModal

    if isinstance(pilot.app.screen, RecallModal):  # the story recall: written, or skipped with Escape
        if recall:
            pilot.app.screen.query_one("#recall-text").text = recall
            await pilot.press("ctrl+s")
        else:
            await pilot.press("escape")
        await pilot.pause()


async def test_assessment_hides_coding_and_hints_and_undo_does_nothing(tmp_path):
    app, run, store = build(tmp_path, assess=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillBriefScreen)
        assert "Bedømmelse" in screen_text(app)
        app.screen.query_one("#drill-name").value = "Bo"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and screen.assess
        assert not screen.query_one(CodingPanel).display
        await say(pilot, "Fortæl lidt om dig selv.")
        await say(pilot, "Så du har to børn.")
        assert len(screen.session.turns) == 2
        # no codes under the turns either
        assert all(text_of(v.query_one(".codes", Static)) == "" for v in screen.query(TurnView))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(screen.session.turns) == 2 and not screen.session.attempts
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert not screen.query_one("#panel-hint").display
        shown = {b.binding.action for b in screen.active_bindings.values()
                 if screen.check_action(b.binding.action, ()) and b.binding.show}
        assert not {"undo", "hint", "mark"} & shown and "end" in shown

        await end_conversation(pilot)
        assert isinstance(app.screen, DrillBriefScreen) and app.screen.position == 1
        # in an assessment the briefing tells nothing of how the first conversation went
        assert "Sidste samtale" not in screen_text(app) and "NÅET" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "Hvad håber du, at jeg kan hjælpe med?")
        await end_conversation(pilot)
        assert isinstance(app.screen, DrillResultsScreen)
        text = screen_text(app)
        assert "Resultat:" in text and "NÅET" in text
    files = sorted(store.root.glob("*.json"))
    assert len(files) == 2
    for f in files:
        data = read_session_data(f)
        assert data["drill"]["assess"] is True and data["trainee"] == "Bo" and data["finished"]
        assert data["drill"]["run"] == run.run_id


async def test_practice_drill_shows_coding_and_results_between_scenarios(tmp_path):
    app, run, store = build(tmp_path, assess=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and not screen.assess
        assert screen.query_one(CodingPanel).display
        await say(pilot, "Fortæl lidt om dig selv.")
        await say(pilot, "Du skal søge job.")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(screen.session.turns) == 1  # undo works outside an assessment
        await end_conversation(pilot)
        assert isinstance(app.screen, DrillBriefScreen)
        assert "Sidste samtale" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await end_conversation(pilot)  # an empty conversation meets no target
        results = app.screen
        assert isinstance(results, DrillResultsScreen)
        assert results.result.scenarios[1].passed == 0
        await pilot.press("enter")  # the first scenario's scorecard
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        assert app.screen.session.id == run.results[0].session.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results


# -- one snapshot per drill screen -------------------------------------------------------
# Scenarios and drill are written here (as in test_tui_snapshots), so a change to the
# shipped files does not move these pictures. Update with --snapshot-update and review.

SNAP_DRILL = """\
id: snap
title: Prøveaften
description: To korte samtaler med Rania. Lyt, før du giver råd.
scenarios:
  - scenario: snap-first
    note: Spørg åbent, og giv det, du hører, tilbage.
    targets:
      - reflections_before_advice: 1
      - agreement_at_end
  - scenario: snap-later
    targets:
      - figure: reflections
        min: 1
        label: Mindst én refleksion
targets:
  - no_taboo_probe
  - figure: pauses
    min: 1
    label: Hold mindst én pause
"""


def _snap_run(tmp_path, assess=False):
    from tests.test_tui_snapshots import SCENARIO

    folder = tmp_path / "scenarios"
    (folder / "drills").mkdir(parents=True)
    for sid, title, phase, difficulty in (("snap-first", "Første møde med Rania", "afklaring", 1),
                                          ("snap-later", "Status med Rania", "den_lange_bane", 3)):
        (folder / f"{sid}.yaml").write_text(SCENARIO.format(id=sid, title=title, phase=phase,
                                                            difficulty=difficulty), encoding="utf-8")
    (folder / "drills" / "snap.yaml").write_text(SNAP_DRILL, encoding="utf-8")
    return DrillRun.from_file(folder / "drills" / "snap.yaml", assess=assess,
                              backend_factory=lambda sc: ScriptedMentee())


def _snap_app(run):
    return make_app(store=None, drill_run=run, cursor_blink=False, settings=UiSettings(show_trust=True, type_out=False))


def test_drill_brief_screen(snap_compare, tmp_path):
    app = _snap_app(_snap_run(tmp_path, assess=True))

    async def run_before(pilot):
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_drill_results_screen(snap_compare, tmp_path):
    from simulator.drills import play_scripts

    run = _snap_run(tmp_path)
    result = play_scripts(run, {"snap-first": ["Hvad arbejdede du med før?", "Så du var sygeplejerske.",
                                               "Lad os aftale, at du ringer til plejehjemmet inden fredag."],
                                "snap-later": ["Har du et job?"]})
    app = _snap_app(None)

    async def run_before(pilot):
        from simulator.tui.screens.drill import DrillResultsScreen

        await pilot.pause()
        app._replace_all(DrillResultsScreen("da", result))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_assessment_shuts_the_palette_history_and_new_conversation(tmp_path):
    """The bypass: Ctrl+P -> "Historik" -> Enter used to open the scorecard of the conversation being assessed."""
    from textual.command import CommandPalette

    from simulator.tui.screens.history import HistoryScreen

    app, run, store = build(tmp_path, assess=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "Fortæl lidt om dig selv.")
        practice = app.screen
        assert isinstance(practice, PracticeScreen) and practice.assess
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not CommandPalette.is_open(app) and app.screen is practice
        app.action_command_palette()  # the header's icon calls this directly
        await pilot.pause()
        assert not CommandPalette.is_open(app)
        assert list(app.get_system_commands(practice)) == []
        for action in ("history", "new_session"):
            await app.run_action(action)
            await pilot.pause()
            assert app.screen is practice, action
        assert not any(isinstance(s, HistoryScreen) for s in app.screen_stack)
        await end_conversation(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "Hvad håber du, at jeg kan hjælpe med?")
        await end_conversation(pilot)
        assert isinstance(app.screen, DrillResultsScreen)
        # the drill is over: the palette and history are back
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        titles = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
        assert "Historik" in titles


async def test_practice_drill_keeps_the_palette(tmp_path):
    from textual.command import CommandPalette

    app, run, store = build(tmp_path, assess=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)


async def test_recall_is_asked_after_each_drill_conversation_and_fills_the_cohort(tmp_path):
    from simulator.report.cohort import build_cohort

    app, run, store = build(tmp_path, assess=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#drill-name").value = "Bo"
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "Hvad arbejdede du med i Syrien?")
        await say(pilot, "Fortæl lidt om din familie.")
        await end_conversation(pilot, recall="Rania var sygeplejerske i Syrien og har to børn.")
        assert isinstance(app.screen, DrillBriefScreen)
        await pilot.press("enter")
        await pilot.pause()
        await say(pilot, "Hvad håber du, at jeg kan hjælpe med?")
        await end_conversation(pilot)  # skipped
        assert isinstance(app.screen, DrillResultsScreen)
    first, second = run.sessions
    assert first.recall and first.recall["text"].startswith("Rania var sygeplejerske")
    assert second.recall is None
    rows = build_cohort(store.root, "da")["rows"]
    told = {r["session"]: r["recall"] for r in rows}
    assert told[first.id] != "–" and told[second.id] == "–"
