#!/usr/bin/env python3
"""`report --cohort` over 200 sessions of 500 turns stays under 80 MB peak.

    .venv/bin/python benchmarks/cohort_memory.py [--sessions 200] [--turns 500] [--runs 3] [--write-doc]

Builds a folder of `--sessions` finished sessions of `--turns` turns each (one
session played through `Rehearsal` with the scripted mentee, then copied under
new ids and trainee names), then runs `mentor-sim report --cohort DIR --format
html` in a fresh process per run and reads that process's peak resident memory
(`ru_maxrss` of the child: the interpreter, every import and the report) and the
peak of Python allocations during the report (`tracemalloc`). Before issue 16 the
cohort loaded every session at once: 208 MB for this folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.docblock import median_table, publish  # noqa: E402
from benchmarks.long_session import mentor_lines  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:cohort:begin -->", "<!-- bench:cohort:end -->"

CHILD = """
import sys, time, tracemalloc
from pathlib import Path


def hwm_kib():
    # The peak resident set of this process image (VmHWM). Not ru_maxrss: Linux carries that over
    # from the parent across fork and exec, so a big parent (it just built the sessions) showed.
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


tracemalloc.start()
t0 = time.perf_counter()
from simulator.report.cohort import build_cohort, render_cohort
import simulator.scenario, simulator.scoring.scorecard, simulator.report.html  # noqa: E401 - before the first session
base = hwm_kib()
text = render_cohort(build_cohort(Path(sys.argv[1])), "html")
seconds = time.perf_counter() - t0
_, peak = tracemalloc.get_traced_memory()
rss = hwm_kib()
print(rss / 1024, peak / 2**20, seconds, base / 1024)
"""


def make_folder(folder: Path, sessions: int, turns: int) -> int:
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario
    from simulator.store import SessionStore, lock

    store = SessionStore(folder)
    r = Rehearsal(load_scenario(ROOT / "scenarios" / "first-meeting.yaml"), store=store, trainee="Deltager", seed=1)
    lines = mentor_lines()
    for i in range(turns):
        r.take_turn(lines[i % len(lines)])
    r.finish()
    lock.release(store.root, r.session.id)
    path = store.path_for(r.session.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    for n in range(sessions):
        data["id"] = f"20260101-{n:06d}-first-meeting-{n % 65536:04x}"
        data["trainee"] = f"Deltager {n % 25}"
        (folder / f"{data['id']}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return sum(p.stat().st_size for p in folder.glob("*.json"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--turns", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write-doc", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cohort"
        size = make_folder(folder, args.sessions, args.turns)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True,
                                 env=env, cwd=ROOT, check=True)
            rss, peak, seconds, base = out.stdout.split()
            runs.append({"rss": float(rss), "base": float(base), "peak": float(peak), "seconds": float(seconds)})
    med, rows = median_table(runs, [(label, lambda r, k=key: f"{r[k]:.1f}") for key, label in (
        ("rss", "peak resident memory of the process (target < 80), MB"),
        ("base", "… of which the interpreter and imports, before the first session, MB"),
        ("peak", "peak Python allocations during the report (tracemalloc), MB"),
        ("seconds", "time to build and render the page, s"))])
    head = (f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}: "
            f"{args.sessions} sessions × {args.turns} turns ({size / 2**20:.0f} MB of session files), "
            f"{args.runs} runs; `python benchmarks/cohort_memory.py --sessions {args.sessions} --turns {args.turns} "
            f"--runs {args.runs} --write-doc`.")
    publish(head, rows, DOC, BEGIN, END, args.write_doc)
    return 0 if med["rss"] < 80 else 1


if __name__ == "__main__":
    sys.exit(main())
