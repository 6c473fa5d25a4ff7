"""One SVG snapshot per main screen at 80x24 (pytest-textual-snapshot).

The scenario is written here, not read from scenarios/, so a change to the
shipped scenarios does not move these pictures; the cursor blink is off, no
clock is shown, sessions get fixed dates and the store lives at a relative path
so no temporary folder name reaches the screen. After an intended change of
the look, run `pytest tests/test_tui_snapshots.py --snapshot-update` and review
the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.settings import UiSettings
from tests.tui_support import SIZE


SCENARIO = """\
id: {id}
title: {title}
language: da
course_phase: {phase}
difficulty: {difficulty}
situation: >-
  I mødes for første gang på biblioteket. Hun vil gerne tættere på et arbejde.
trains:
  - Åbne spørgsmål og refleksioner
  - Afslut med en konkret aftale
persona:
  name: Rania
  age: 38
  origin: Syrien
  time_in_denmark: 4 år
  level: A2
  family: Gift, to børn.
  work_history: Sygeplejerske i 11 år.
  wants: At arbejde med mennesker igen.
start_trust: 0.3
opening:
  - "Hej. Jeg er Rania."
facts:
  - id: nurse
    text: "I Syrien var jeg sygeplejerske."
    min_trust: 0.3
    topics: [arbejde, job]
reactions:
  default:
    lines: ["Ja. Okay."]
  open_question:
    lines: ["Hmm. Det skal jeg tænke over."]
  reflection:
    lines: ["Ja, præcis."]
  agreement:
    lines: ["Okay, det gør jeg."]
targets:
  - figure: reflections
    min: 1
    label: Mindst én refleksion
"""

LINES = ["Hej Rania, jeg hedder Lars.", "Hvad arbejdede du med før?", "Så du var sygeplejerske.",
         "Lad os aftale, at du ringer til plejehjemmet inden fredag."]


@pytest.fixture
def scenario_dir(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for sid, title, phase, difficulty in (("snap-first", "Første møde med Rania", "afklaring", 1),
                                          ("snap-later", "Status med Rania", "den_lange_bane", 3)):
        (folder / f"{sid}.yaml").write_text(SCENARIO.format(id=sid, title=title, phase=phase,
                                                            difficulty=difficulty), encoding="utf-8")
    return folder


def app_for(scenario_dir, **kw):
    kw.setdefault("settings", UiSettings(show_trust=True, type_out=False))
    return make_app(scenario_dir=scenario_dir, backend_factory=lambda sc: ScriptedMentee(), cursor_blink=False,
                    **kw)


def test_practice_screen(snap_compare, scenario_dir):
    app = app_for(scenario_dir, scenario=load_scenario(scenario_dir / "snap-first.yaml"), store=None)

    async def run_before(pilot):
        await pilot.pause()
        for line in LINES[:2]:
            app.screen.query_one("#mentor-input").value = line
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.clear_notifications()
        app.screen.query_one("#mentor-input").value = "Så du savner dit arbejde"  # the draft preview
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_scorecard_screen(snap_compare, scenario_dir):
    scenario = load_scenario(scenario_dir / "snap-first.yaml")
    rehearsal = Rehearsal(scenario, backend=ScriptedMentee())
    for line in LINES:
        rehearsal.take_turn(line)
    rehearsal.finish()
    app = app_for(scenario_dir, store=None)

    async def run_before(pilot):
        await pilot.pause()
        app.show_scorecard(rehearsal.session, scenario, replace=True)
        await pilot.pause()
        await pilot.press("down", "down")  # a principle with its cited turns
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_picker_screen(snap_compare, scenario_dir):
    app = app_for(scenario_dir, store=None)

    async def run_before(pilot):
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_history_screen(snap_compare, scenario_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = SessionStore(Path("sessions"))
    scenario = load_scenario(scenario_dir / "snap-first.yaml")
    for n, lines in enumerate((LINES[:1], LINES, LINES[:3])):
        # Mette's two finished sessions give the trend; the trend is one trainee's (the highlighted row's)
        r = Rehearsal(scenario, trainee=["Mette", "Ali", "Mette"][n], backend=ScriptedMentee())
        for line in lines:
            r.take_turn(line)
        r.session.finished = n != 1
        r.session.id = f"2026010{n + 1}-100000-snap-first-000{n}"
        r.session.started = f"2026-01-0{n + 1}T10:00:00+01:00"
        store.save(r.session)
    app = app_for(scenario_dir, store=store)

    async def run_before(pilot):
        await pilot.pause()
        app.action_history()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, scenario_dir, tmp_path, monkeypatch):
    # The accuracy note follows docs/validity.md; its length must not move the scrollbar here.
    monkeypatch.setattr("simulator.tui.present.VALIDITY_SUMMARY", tmp_path / "no-validity.yaml")
    app = app_for(scenario_dir, store=None)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_briefing_screen(snap_compare, scenario_dir):
    app = app_for(scenario_dir, store=None)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("enter")  # the first scenario's briefing
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
