"""Limits: a 100-turn session stays responsive, and a megabyte is refused or coded fast.

The bounds here are loose (a slow CI machine must pass); the measured figures
are in docs/reliability.md, from benchmarks/long_session.py.
"""

from __future__ import annotations

import statistics
import time

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.store import SessionStore
from tests.conftest import SCENARIOS, script_lines


def test_a_100_turn_session_stays_responsive_and_is_saved_whole(tmp_path):
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    store = SessionStore(tmp_path / "s")
    r = Rehearsal(scenario, store=store, seed=5)
    pool = script_lines("first-meeting-good.txt") + script_lines("first-meeting-poor.txt") + [""]
    times = []
    for i in range(100):
        start = time.perf_counter()
        r.take_turn(pool[i % len(pool)])
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    card = score_session(r.session, scenario)
    scoring = time.perf_counter() - start
    assert statistics.median(times) < 0.1 and max(times) < 1.0, (statistics.median(times), max(times))
    assert statistics.median(times[-10:]) < 0.15
    assert scoring < 1.0 and 0 <= card.overall <= 100
    [again] = store.list()
    assert len(again.turns) == 100 and [t.index for t in again.turns] == list(range(100))


def test_a_megabyte_typed_as_one_turn_is_answered_and_saved(tmp_path):
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=SessionStore(tmp_path / "s"))
    text = "Hvad tænker du om det, hvis du nu prøver? " * 25_000
    start = time.perf_counter()
    turn = r.take_turn(text)
    assert time.perf_counter() - start < 10
    assert turn.mentor == text and turn.mentee
