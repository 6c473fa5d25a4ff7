#!/usr/bin/env python3
"""Loading the sessions of a cohort page: the typed records must not make it slower.

    PYTHONPATH=. .venv/bin/python benchmarks/session_load.py [--sessions 20] [--turns 60] [--runs 5]

Builds a folder of `--sessions` finished sessions of `--turns` turns (one scripted
rehearsal copied under new ids, as benchmarks/cohort_memory.py does), then times, in
this process after one warm-up, (1) reading and checking every session
(`SessionStore.list()`: read, journal, validate, build the records) and (2) the whole
HTML cohort page (`build_cohort` + `render_cohort`: reads, scores and renders).
Prints the median and every run, in CPU milliseconds of this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cohort_memory import make_folder  # noqa: E402


def _timed(fn, runs: int) -> list[float]:
    """CPU milliseconds of each run: on a shared machine wall clock measures the neighbours."""
    fn()  # warm-up: imports, lru caches
    out = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        out.append((time.process_time() - t0) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--turns", type=int, default=60)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from simulator.report.cohort import build_cohort, render_cohort
    from simulator.store import SessionStore

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cohort"
        make_folder(folder, args.sessions, args.turns)
        loads = _timed(lambda: SessionStore(folder).list(), args.runs)
        pages = _timed(lambda: render_cohort(build_cohort(folder), "html"), args.runs)
    for name, runs in (("load every session (SessionStore.list)", loads), ("cohort page, html", pages)):
        print(f"| {name}, CPU ms | {statistics.median(runs):.1f} | {', '.join(f'{r:.1f}' for r in runs)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
