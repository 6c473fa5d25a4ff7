"""`mentor-sim history`: one trainee's sessions in order, with per-principle figures and trends."""

from __future__ import annotations

import json

from simulator.cli import main
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.store import SessionStore
from tests.conftest import SCENARIOS, script_lines


def play(store, trainee, name, script):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario, trainee=trainee, store=store)
    for line in script_lines(script):
        r.take_turn("" if line == "..." else line)
    # sessions started within one second: give each its own minute so the order is the order played
    r.session.started = f"2026-01-0{len(store.list()) + 1}T18:00:00+00:00"
    r.finish()
    return r.session, score_session(r.session, scenario)


def test_history_per_trainee_in_order_with_principles(tmp_path, capsys):
    store = SessionStore(tmp_path)
    first = play(store, "Ida", "first-meeting", "first-meeting-poor.txt")
    play(store, "Bo", "first-meeting", "first-meeting-good.txt")
    second = play(store, "Ida", "expectations", "expectations-good.txt")
    Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), trainee="Ida", store=store)  # no turns: not listed
    assert main(["--save-dir", str(tmp_path), "history", "--trainee", "ida", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["session"] for r in data["sessions"]] == [first[0].id, second[0].id]
    assert [r["overall"] for r in data["sessions"]] == [first[1].overall, second[1].overall]
    points = {"good": 100, "fair": 50, "not_yet": 0}
    for row, (_, card) in zip(data["sessions"], (first, second)):
        assert row["principles"] == {p.id: points[p.band] for p in card.principles}
    (ida,) = data["progress"]
    assert ida["trainee"] == "Ida" and ida["overall"] == [first[1].overall, second[1].overall]
    assert all(len(p["values"]) == 2 for p in ida["principles"])

    assert main(["history", "--save-dir", str(tmp_path), "--scenario", "first-meeting", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["trainee"] for r in data["sessions"]} == {"Ida", "Bo"} and len(data["progress"]) == 2

    assert main(["--save-dir", str(tmp_path), "history"]) == 0
    out = capsys.readouterr().out
    assert "Ida: 2 samtaler" in out and "Bo: 1 samtale " in out and f"{first[1].overall} → {second[1].overall}" in out
