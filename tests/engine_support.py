"""One way for tests to open a scripted rehearsal on a shipped scenario at a given trust."""

from __future__ import annotations

from functools import lru_cache

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


@lru_cache(maxsize=32)
def scenario(name: str):
    """A shipped scenario, read once per test run (a rehearsal never changes it, as in engine/probes.py)."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


def rehearsal(name: str, trust: float = 0.6) -> Rehearsal:
    r = Rehearsal(scenario(name), seed=0)
    r.state.trust = trust
    return r


def first_turn(name: str, line: str, trust: float = 0.6):
    """The turn a rehearsal at `trust` makes of `line` said first (seed 0)."""
    return rehearsal(name, trust).take_turn(line)
