#!/usr/bin/env python3
"""A 100-turn session stays responsive: per-turn time of coding, engine, saving and scoring.

    .venv/bin/python benchmarks/long_session.py [--turns 100] [--runs 5] [--write-doc]

One run plays `--turns` mentor lines (the good and poor test scripts of three
scenarios, pauses included, over and over) through `Rehearsal` with the
scripted mentee and a store in a temporary folder, and times for each turn:

    coding    Coder.code_turn on the line (what the TUI also does per keystroke)
    turn      Rehearsal.take_turn: coding, engine, scripted reply and the save
    save      SessionStore.save of the whole session once more (atomic write + fsync)
    figures   compute_figures on the session so far (the live panel after each turn)
    score     score_session on the session so far (the scorecard and every history row)

Per measure it prints the median over all turns of all runs, the 95th percentile,
the maximum, and the medians of turns 1-10 and 91-100 (does a long session slow
down?). Timings are wall clock in milliseconds on this machine.
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

from benchmarks.docblock import replace_block  # noqa: E402

DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
MEASURES = ("coding", "turn", "save", "figures", "score")


def mentor_lines() -> list[str]:
    lines = []
    for name in ("first-meeting", "expectations", "family-reunification"):
        for kind in ("good", "poor"):
            path = ROOT / "tests" / "data" / "scripts" / f"{name}-{kind}.txt"
            lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines.insert(3, "")  # a pause now and then
    lines.insert(17, "...")
    return lines


def one_run(turns: int, seed: int, folder: Path) -> dict[str, list[float]]:
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import builtin_scenario_dir, load_scenario
    from simulator.scoring import score_session
    from simulator.scoring.figures import compute_figures
    from simulator.store import SessionStore

    scenario = load_scenario(builtin_scenario_dir() / "first-meeting.yaml")
    store = SessionStore(folder / f"run-{seed}")
    r = Rehearsal(scenario, store=store, seed=seed, trainee="Lars")
    pool = mentor_lines()
    out: dict[str, list[float]] = {m: [] for m in MEASURES}

    def timed(measure: str, fn) -> None:
        start = time.perf_counter()
        fn()
        out[measure].append((time.perf_counter() - start) * 1000)

    for i in range(turns):
        line = pool[i % len(pool)]
        timed("coding", lambda: r.code(line))
        timed("turn", lambda: r.take_turn("" if line.strip() in ("...", "…") else line))
        timed("save", lambda: store.save(r.session))
        timed("figures", lambda: compute_figures(r.session))
        timed("score", lambda: score_session(r.session, scenario))
    assert len(store.list()) == 1 and len(store.list()[0].turns) == turns
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def table(runs: list[dict[str, list[float]]], args, wall: float) -> str:
    turns = args.turns
    lines = [f"Run: `.venv/bin/python benchmarks/long_session.py --turns {turns} --runs {args.runs}` "
             f"({time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
             f"Python {platform.python_version()}, {wall:.1f} s in all). Milliseconds per turn.", "",
             "| measure | median | p95 | max | median turns 1–10 | median turns "
             f"{turns - 9}–{turns} |", "|---|---:|---:|---:|---:|---:|"]
    for m in MEASURES:
        every = [v for run in runs for v in run[m]]
        early = [v for run in runs for v in run[m][:10]]
        late = [v for run in runs for v in run[m][-10:]]
        lines.append(f"| {m} | {statistics.median(every):.2f} | {pct(every, 0.95):.2f} | {max(every):.2f} | "
                     f"{statistics.median(early):.2f} | {statistics.median(late):.2f} |")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    replace_block(DOC, BEGIN, END, text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--turns", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write-doc", action="store_true", help=f"put the table into {DOC.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mentor-sim-bench-") as tmp:
        runs = [one_run(args.turns, seed, Path(tmp)) for seed in range(args.runs)]
    text = table(runs, args, time.perf_counter() - started)
    print(text)
    if args.write_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
