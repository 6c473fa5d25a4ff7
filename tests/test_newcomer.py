"""What a newcomer meets first: global options before the command, `play --resume`,
Ctrl+Q that asks and says how to continue, no empty sessions, `/undo` in the
session's language and never inside `--json` output."""

from __future__ import annotations

import json

import pytest

from simulator.cli import build_parser, main
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.tui.screens.modals import ConfirmQuit
from simulator.tui.screens.practice import PracticeScreen
from tests.tui_support import SIZE, build_app, say, screen_text


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(builtin_scenario_dir() / "first-meeting.yaml")


build = build_app


def test_global_options_before_the_command_reach_it():
    p = build_parser()
    args = p.parse_args(["--save-dir", "X", "--lang", "en", "--scenarios", "S"])
    assert (args.command, args.save_dir, args.lang, args.scenarios) == (None, "X", "en", ["S"])
    for cmd in (["play"], ["report", "abc"], ["drill", "run", "d"], ["forget", "abc"], ["rehearse"]):
        args = p.parse_args(["--save-dir", "X", *cmd])
        assert args.save_dir == "X", cmd
        assert p.parse_args([*cmd, "--save-dir", "Y"]).save_dir == "Y", cmd
    assert p.parse_args(["play"]).scenario is None  # play without a scenario opens the picker
    assert p.parse_args(["play", "--resume", "abc"]).resume == "abc"


def test_play_resume_refuses_no_save_and_unknown_sessions(tmp_path, capsys):
    assert main(["play", "--resume", "x", "--no-save"]) == 2
    assert "--no-save" in capsys.readouterr().err
    assert main(["--save-dir", str(tmp_path), "play", "--resume", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentor-sim: ") and len(err.strip().splitlines()) == 1


def test_rehearsal_without_turns_saves_nothing(tmp_path, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("# only a comment\n"))
    assert main(["rehearse", "first-meeting", "--script", "-", "--save-dir", str(tmp_path)]) == 0
    assert not list(tmp_path.glob("*.json"))
    assert "Gemt" not in capsys.readouterr().out


def test_undo_is_localised_and_kept_out_of_json(tmp_path, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Hej, hvordan går det?\n/undo\n/undo\n"))
    assert main(["rehearse", "first-meeting-en", "--no-save", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["turns"] == []
    assert err.splitlines() == ["Last turn undone (kept as an attempt).", "Nothing to undo."]
    monkeypatch.setattr("sys.stdin", io.StringIO("Hej\n/fortryd\n"))
    assert main(["rehearse", "first-meeting", "--no-save"]) == 0
    assert "Sidste replik er fortrudt" in capsys.readouterr().out


@pytest.mark.anyio
async def test_ctrl_q_mid_session_asks_and_says_how_to_resume(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvad tænker du selv?")
        session_id = app.screen.rehearsal.session.id
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        assert f"mentor-sim play --resume {session_id}" in screen_text(app)
        await pilot.press("escape")  # back to the session
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.resume_hint and session_id in app.resume_hint


@pytest.mark.anyio
async def test_quitting_an_untouched_session_leaves_no_file(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing said yet: no question, no file
        await pilot.pause()
    assert not list(store.root.glob("*.json")) and app.resume_hint is None


@pytest.mark.anyio
async def test_resumed_session_opens_with_its_turns(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvad tænker du selv?")
        session_id = app.screen.rehearsal.session.id
    session = store.load(session_id)
    app2, _ = build(tmp_path, scenario, session=session)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, PracticeScreen)
        assert app2.screen.rehearsal.session.id == session_id and len(app2.screen.rehearsal.session.turns) == 1
