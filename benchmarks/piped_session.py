#!/usr/bin/env python3
"""A 1,000-line piped session runs in linear time: the 1,000th turn costs no more than 2x the 10th.

    .venv/bin/python benchmarks/piped_session.py [--turns 1000] [--runs 3] [--write-doc]

One run plays `--turns` mentor lines through `Rehearsal` with the scripted mentee
and a `SessionStore` in a temporary folder, exactly what `mentor-sim rehearse
--script -` does per line (coding, engine, reply, save: one fsynced journal line),
and times every `take_turn` (wall clock and the process's CPU time). It reports the
median of turns 1-20 ("turn 10") and
of turns 991-1,000 ("turn 1,000") per run, then the median over runs, and the
whole run's wall time. Before issue 16 each save rewrote the pretty-printed session
(1.4 ms at turn 10, 26 ms at turn 500; 47-68 s for 1,000 lines).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.docblock import median_table, publish  # noqa: E402
from benchmarks.long_session import mentor_lines  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:piped:begin -->", "<!-- bench:piped:end -->"


def one_run(turns: int) -> dict:
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario
    from simulator.store import SessionStore, lock

    scenario = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
    lines = mentor_lines()
    with tempfile.TemporaryDirectory() as tmp:
        store = SessionStore(Path(tmp))
        start = time.perf_counter()
        r = Rehearsal(scenario, store=store, seed=1)
        times, cpu = [], []
        for i in range(turns):
            t0, c0 = time.perf_counter(), time.process_time()
            r.take_turn(lines[i % len(lines)])
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        r.finish()
        total = time.perf_counter() - start
        lock.release(store.root, r.session.id)
    # 20-turn windows around turn 10 and at the end: one fsync on a shared disk varies 10x.
    early, late = statistics.median(times[:20]), statistics.median(times[-20:])
    cpu_early, cpu_late = statistics.median(cpu[:20]), statistics.median(cpu[-20:])
    return {"turn10": early, "turn_last": late, "ratio": late / early, "cpu10": cpu_early, "cpu_last": cpu_late,
            "cpu_ratio": cpu_late / cpu_early, "total": total, "cli": cli_run(turns)}


def cli_run(turns: int) -> float:
    """Wall time of the real thing: `mentor-sim rehearse --script - --save-dir D` fed `turns` lines."""
    import os
    import subprocess

    lines = mentor_lines()
    text = "".join((lines[i % len(lines)] or "...") + "\n" for i in range(turns))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "simulator", "rehearse", "--script", "-", "--save-dir", tmp],
                       input=text, text=True, capture_output=True, check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "MENTOR_SIM_DATA": tmp})
        return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write-doc", action="store_true")
    args = ap.parse_args()
    one_run(20)  # warm-up: lexicons, bytecode, disk cache
    runs = [one_run(args.turns) for _ in range(args.runs)]
    n = f"{args.turns:,}"
    med, rows = median_table(runs, [
        ("turn 10, wall clock (median of turns 1–20), ms", lambda r: f"{r['turn10']:.2f}"),
        (f"turn {n}, wall clock (median of the last 20), ms", lambda r: f"{r['turn_last']:.2f}"),
        (f"ratio turn {n} / turn 10, wall clock (target ≤ 2)", lambda r: f"{r['ratio']:.2f}"),
        (f"turn 10 / turn {n}, CPU time of the process, ms", lambda r: f"{r['cpu10']:.2f} / {r['cpu_last']:.2f}"),
        (f"ratio turn {n} / turn 10, CPU time", lambda r: f"{r['cpu_ratio']:.2f}"),
        (f"whole session of {n} turns, s", lambda r: f"{r['total']:.1f}"),
        (f"`mentor-sim rehearse --script -` piped {n} lines (process start to exit), s", lambda r: f"{r['cli']:.1f}"),
    ])
    head = (f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}, "
            f"{args.runs} runs after a warm-up; `python benchmarks/piped_session.py --turns {args.turns} "
            f"--runs {args.runs} --write-doc`.")
    publish(head, rows, DOC, BEGIN, END, args.write_doc)
    return 0 if med["ratio"] <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
