"""Nothing crashes: whatever a trainee types is coded, answered, saved and read back.

Property-based over the coder (any Unicode including lone surrogates, RTL text,
emoji, control characters, ANSI escapes, template syntax) and over a whole turn
of the rehearsal loop with the store. A share of what `scripts/fuzz.py` runs.
"""

from __future__ import annotations

import time
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from simulator.coding import get_coder
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from simulator.store.sessions import load_session_file
from simulator.text.typed import join_surrogate_pairs
from tests.conftest import SCENARIOS
from tests.fuzzing import FRAGMENTS, check_coded, mentor_text

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("lang", ["da", "en"])
@FAST
@given(text=mentor_text)
def test_the_coder_codes_any_text(lang, text):
    coder = get_coder(lang)
    turn = coder.code_turn(text)
    check_coded(turn, text)
    assert coder.code_turn(text).to_dict() == turn.to_dict(), "coding is deterministic"


@pytest.fixture(scope="module")
def no_fsync():
    # What is checked here is what is saved and read back, not that it reached the platter:
    # 800 fsyncs on a busy shared disk were a third of the time (test_hardening_crash kills for real).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("simulator.store.files.os.fsync", lambda fd: None)
        yield


@lru_cache(maxsize=1)
def _first_meeting():
    # Loaded once: reading and validating it again for each of the 150 examples was most of the time.
    return load_scenario(SCENARIOS / "first-meeting.yaml")


@FAST
@given(lines=st.lists(mentor_text, min_size=1, max_size=4), seed=st.integers(0, 2**32))
@example(lines=["a\ud800\udc00b", "\udcff invalid byte on stdin", "\ud800"], seed=0)  # found by scripts/fuzz.py
def test_any_turns_are_answered_saved_and_read_back(tmp_path_factory, no_fsync, lines, seed):
    store = SessionStore(tmp_path_factory.mktemp("s"))
    r = Rehearsal(_first_meeting(), store=store, seed=seed)
    for line in lines:
        turn = r.take_turn(line)
        assert isinstance(turn.mentee, str) and turn.mentee.strip()
        assert 0.0 <= turn.trust <= 1.0
    if r.undo() is not None:
        r.take_turn(lines[-1])
    again = load_session_file(store.path_for(r.session.id))
    assert [t.mentor for t in again.turns] == [join_surrogate_pairs(line) for line in lines]
    assert again.to_dict() == r.session.to_dict()


HUGE = {
    "one long unpunctuated line": "hvad tænker du om det " * 48_000,
    "no spaces at all": "a" * 1_000_000,
    "sentences": "Hej. " * 200_000,
    "ordinals": "3. " * 333_000,
    "abbreviations": "f.eks. " * 140_000,
    "lines": "hej\n" * 250_000,
    "bangs": "a! ! ! ! " * 110_000,
    "emoji and RTL": ("👍🏽 مرحبا كيف حالك؟ " * 60_000),
    "ANSI escapes": "\x1b[31mrød\x1b[0m " * 70_000,
}


@pytest.mark.parametrize("name", list(HUGE))
def test_a_megabyte_turn_is_coded_in_seconds_not_minutes(name):
    # Before the caps a megabyte of one sentence took six minutes (quadratic `.*` patterns),
    # a megabyte of "3. " twelve seconds (the rest of the line copied at every full stop).
    text = HUGE[name]
    start = time.perf_counter()
    turn = get_coder("da").code_turn(text)
    elapsed = time.perf_counter() - start
    check_coded(turn, text)
    assert elapsed < 8, f"{name}: {elapsed:.1f} s"


def test_the_fragments_one_by_one():
    coder = get_coder("da")
    for frag in FRAGMENTS:
        check_coded(coder.code_turn(frag), frag)
