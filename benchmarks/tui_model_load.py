"""Does the app stay responsive while a local model loads?

    .venv/bin/python benchmarks/tui_model_load.py [--model PATH]

Opens the practice screen of the real app (headless, Textual's test harness)
with ``--mentee model`` through the same backend factory ``mentor-sim play``
uses, and while the model loads in the background records a timer that should
fire every 0.05 s on the app's event loop. Reports when the screen was up, how
long the load took, and the median and worst gap between timer ticks: a gap is
how long a key pressed then would have waited. Without ``--model`` it builds
the tiny GGUF from the tests in a temporary folder (plumbing only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from argparse import Namespace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def measure(model: str) -> str:
    from simulator import cli
    from simulator.mentee.shared import AppBackends
    from simulator.scenario import load_scenario
    from simulator.store import SessionStore
    from simulator.tui.app import make_app

    sc = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
    args = Namespace(mentee="model", model=model, endpoint=None, timeout=60.0, verbose=False)
    factory = AppBackends(args, build=cli.make_backend, kind="model")
    app = make_app(scenario=sc, store=SessionStore(Path(tempfile.mkdtemp())), backend_factory=factory,
                   cursor_blink=False)
    t0 = time.monotonic()
    async with app.run_test(size=(80, 24)):
        ticks: list[float] = []
        app.set_interval(0.05, lambda: ticks.append(time.monotonic()))
        up = time.monotonic() - t0
        backend = app.screen.rehearsal.backend
        while not backend.ready:
            await asyncio.sleep(0.05)
        gaps = sorted(b - a for a, b in zip(ticks, ticks[1:])) or [0.0]
        error = f", load failed: {backend.error}" if backend.error else ""
        return (f"screen up after {up:.2f} s; model loaded in {backend.took:.1f} s{error}; "
                f"event loop during the load: {len(ticks)} ticks, median gap {gaps[len(gaps) // 2]:.3f} s, "
                f"worst {gaps[-1]:.2f} s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="a model folder or .gguf file (default: the tests' tiny GGUF)")
    args = ap.parse_args(argv)
    empty = Path(tempfile.mkdtemp()) / "config.toml"
    empty.write_text("", encoding="utf-8")
    os.environ.setdefault("MENTOR_SIM_CONFIG", str(empty))
    model = args.model
    if model is None:  # built in another process, so this one has not imported torch yet
        import subprocess

        model = str(Path(tempfile.mkdtemp()) / "tiny.gguf")
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from tests.test_model_transformers import make_tiny_gguf; make_tiny_gguf(Path(sys.argv[1]))",
                        model], cwd=ROOT, check=True)
    print(asyncio.run(measure(model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
