"""A local model loads in the background: the app takes keys at once, what is
typed meanwhile is kept, the reply comes once the model is ready, and the
loaded backend is reused by the next rehearsal."""

from __future__ import annotations

import threading
import time
from argparse import Namespace
from pathlib import Path

import pytest

from simulator.mentee.guarded import GuardedMentee
from simulator.mentee.shared import AppBackends, LazyBackend
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.widgets.transcript import TurnView
from tests.test_model_guards import FakeGenerator

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
SAID = "Okay. Det er godt at vide."


class SlowLoad:
    """Stands in for loading weights: blocks until released, counts the loads."""

    def __init__(self):
        self.release = threading.Event()
        self.loads = 0

    def __call__(self, args, scenario):
        self.loads += 1
        assert self.release.wait(10), "the test never released the load"
        return GuardedMentee("model:tiny.gguf", FakeGenerator(SAID))


async def test_keys_typed_while_the_model_loads_are_kept(tmp_path):
    load = SlowLoad()
    factory = AppBackends(Namespace(mentee="model", model="/models/tiny.gguf"), build=load, kind="model")
    app = make_app(scenario=SCENARIO, store=SessionStore(tmp_path), backend_factory=factory, cursor_blink=False)
    started = time.monotonic()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Hej, jeg hedder Jens.")
        typed_after = time.monotonic() - started
        box = app.screen.query_one("#mentor-input")
        assert box.value == "Hej, jeg hedder Jens."
        backend = app.screen.rehearsal.backend
        assert isinstance(backend, LazyBackend) and not backend.ready
        assert app.screen.rehearsal.session.mentee_backend == "model:tiny.gguf"
        assert any("Indlæser modellen tiny.gguf" in n.message for n in app._notifications)
        await pilot.press("enter")  # sent before the model is ready: the reply waits for it
        await pilot.pause(0.2)
        assert not app.screen.rehearsal.session.turns
        load.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        turn = app.screen.rehearsal.session.turns[0]
        assert (turn.mentor, turn.mentee, turn.source) == ("Hej, jeg hedder Jens.", SAID, "model")
        assert app.screen.query_one("#turn-0", TurnView).mentee_text == SAID
        assert any(n.message.startswith("Modellen er klar") for n in app._notifications)
        # The next rehearsal gets the same loaded backend: no second load.
        assert factory(SCENARIO) is backend and load.loads == 1
    assert typed_after < 5  # keys are taken while the load is still blocked


async def test_a_model_that_cannot_load_is_said_not_crashed(tmp_path):
    from simulator.mentee.factory import BackendError

    def broken(args, scenario):
        raise BackendError("/models/missing.gguf: no such model folder or .gguf file")

    factory = AppBackends(Namespace(mentee="model", model="/models/missing.gguf"), build=broken, kind="model")
    app = make_app(scenario=SCENARIO, store=SessionStore(tmp_path), backend_factory=factory, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # The load runs in a thread: wait for its notice (up to 10 s on a busy machine), not a fixed 0.5 s.
        for _ in range(100):
            await pilot.pause(0.1)
            if any("/models/missing.gguf: no such model" in n.message for n in app._notifications):
                break
        assert any("/models/missing.gguf: no such model" in n.message for n in app._notifications)
