"""Coder speed: utterances per second through `mentor-sim code`, start-up included,
and per-turn coding time in process. Prints medians of repeated runs.

    .venv/bin/python benchmarks/coder_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def utterances() -> list[str]:
    rows = list(csv.DictReader((ROOT / "tests/data/da_dev.csv").open(encoding="utf-8")))
    base = [r["utterance"] for r in rows]
    return (base * (20_000 // len(base) + 1))[:20_000]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    lines = utterances()
    data = "\n".join(lines) + "\n"
    rates, cpu_rates = [], []
    for _ in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "simulator", "code", "--json"], input=data, text=True,
                       capture_output=True, check=True, cwd=ROOT, env={"PATH": "", "OPENBLAS_NUM_THREADS": "1"})
        rates.append(len(lines) / (time.perf_counter() - t0))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time is steadier than wall time on a shared two-core machine
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu_rates.append(len(lines) / cpu)
    sys.path.insert(0, str(ROOT))
    from simulator.coding import get_coder

    coder = get_coder("da")
    per_turn = []
    for _ in range(args.runs):
        t0 = time.process_time()
        for line in lines[:5000]:
            coder.code_turn(line)
        per_turn.append((time.process_time() - t0) / 5000 * 1000)
    print(f"mentor-sim code --json: {len(lines)} utterances, median {statistics.median(rates):,.0f}/s "
          f"over {args.runs} runs (start-up included, wall clock); "
          f"{statistics.median(cpu_rates):,.0f}/s by CPU time")
    print(f"per-turn coding in process (CPU time): median {statistics.median(per_turn):.3f} ms")


if __name__ == "__main__":
    main()
