#!/usr/bin/env python3
"""The long fuzz run, outside the test suite: at least 100,000 generated inputs.

    .venv/bin/python scripts/fuzz.py                  # 100,000 inputs, 2 processes
    .venv/bin/python scripts/fuzz.py --total 20000 --jobs 4 --seed 7
    .venv/bin/python scripts/fuzz.py --write-doc      # also put the table into docs/reliability.md

Same generators and checks as the fuzz tests (`tests/fuzzing.py`), many more
examples. Each input goes to one target:

    coder      any text (Unicode, RTL, emoji, controls, ANSI, templates) -> both coders
    turns      1-4 such lines played through a Rehearsal with a store, undone, reloaded
    scenarios  random YAML and mutated shipped scenarios -> load_scenario
    drills     random YAML and mutated shipped drills -> load_drill
    sessions   mutated and truncated saved sessions -> load, score, history row, report
    templates  random Jinja token soup -> check_scenario_template / render
    journal    turns, undos and marks saved through the journal, the journal cut at a random
               byte (a kill mid-append) -> the session reads back whole up to the cut
    stdin      random bytes piped to `rehearse --script -` with stdin decoded as under C.UTF-8
               (surrogateescape) and under da_DK.UTF-8 (strict) -> exit 0, one turn per line

A failure is counted and one example kept per kind (exception type and the
line it came from); the run never stops at the first one. Hypothesis runs in
generate-only mode (no shrinking, no example database): this is a census, not
a debugging session. Exit status 1 when anything failed. Writes only into a
temporary folder it removes again; opens no network connection.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.docblock import replace_block  # noqa: E402

# Share of the total per target: the fast targets get more, the loaders enough to matter.
SHARES = {"coder": 0.36, "turns": 0.05, "scenarios": 0.22, "drills": 0.07, "sessions": 0.10, "templates": 0.10,
          "journal": 0.05, "stdin": 0.05}
DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- fuzz:begin -->", "<!-- fuzz:end -->"


def _targets(workdir: Path):
    """target name -> (strategy, check(example, case_path))"""
    from hypothesis import strategies as st

    from simulator.coding import get_coder
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario
    from simulator.yamlfile import FileProblems
    from simulator.store import SessionStore, lock
    from simulator.store.sessions import load_session_file
    from simulator.store.shape import journal_path
    from tests import fuzzing as F

    scenario_texts = [p.read_text(encoding="utf-8") for p in F.SCENARIO_FILES]
    drill_texts = [p.read_text(encoding="utf-8") for p in F.DRILL_FILES]
    session_texts = F.saved_session_texts()
    scenarios = {p.stem: load_scenario(p) for p in F.SCENARIO_FILES}
    coders = [get_coder("da"), get_coder("en")]
    counter = iter(range(10**12))

    def coder(text, _case):
        for c in coders:
            F.check_coded(c.code_turn(text), text)

    def turns(example, _case):
        sid, lines, seed = example
        store = SessionStore(workdir / f"store-{next(counter)}")
        r = Rehearsal(scenarios[sid], store=store, seed=seed)
        for line in lines:
            t = r.take_turn(line)
            assert t.mentee.strip() and 0.0 <= t.trust <= 1.0
        if r.undo() is not None:
            r.take_turn(lines[-1])
        again = load_session_file(store.path_for(r.session.id))
        assert again.to_dict() == r.session.to_dict()
        shutil.rmtree(store.root)

    def journal(example, _case):
        sid, ops, cut = example
        store = SessionStore(workdir / f"store-{next(counter)}")
        r = Rehearsal(scenarios[sid], store=store, seed=1)
        states = [[]]  # the turns after each save: a cut journal must read back as one of them
        for op, text in ops:
            if op == "undo":
                r.undo()
            elif op == "mark" and r.session.turns:
                r.mark_wrong(len(r.session.turns) - 1, 0, text[:20])
            else:
                r.take_turn(text)
            states.append([t.mentor for t in r.session.turns])
        lock.release(store.root, r.session.id)
        path = store.path_for(r.session.id)
        assert load_session_file(path).to_dict() == r.session.to_dict()
        jpath = journal_path(path)
        if jpath.exists():  # a kill mid-append: the cut line is ignored, the rest reads back
            raw = jpath.read_bytes()
            jpath.write_bytes(raw[: int(cut * len(raw))])
            again = load_session_file(path)
            assert [t.mentor for t in again.turns] in states
        shutil.rmtree(store.root)

    def stdin(example, _case):
        import contextlib
        import io
        import json as _json

        from simulator import cli

        data, strict = example
        real_in, real_out = sys.stdin, sys.stdout
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict" if strict else
                                     "surrogateescape")
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                code = cli.main(["rehearse", "--script", "-", "--no-save", "--json"])
        finally:
            sys.stdin, sys.stdout = real_in, real_out
        text = data.decode("utf-8", "surrogateescape")
        if "\x00" in text:
            assert code == 2
            return
        assert code == 0
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        assert len(_json.loads(out.getvalue())["turns"]) == len(lines)

    def loader(load):
        def check(doc, case):
            F.write_case(case, doc)
            try:
                load(case)
            except FileProblems as exc:
                F.check_rejection(exc, case)
        return check

    def drills(doc, case):
        from simulator.scenario.drills import load_drill

        loader(load_drill)(doc, case)

    return {
        "coder": (F.mentor_text, coder, "case.txt"),
        "turns": (st.tuples(st.sampled_from(sorted(scenarios)), st.lists(F.mentor_text, min_size=1, max_size=4),
                            st.integers(0, 2**32)), turns, "case.txt"),
        "scenarios": (F.yaml_document(scenario_texts), loader(load_scenario), "case.yaml"),
        "drills": (F.yaml_document(drill_texts or ["id: x\n"]), drills, "drills/case.yaml"),
        "sessions": (F.session_documents(session_texts), F.use_session_file, "case.json"),
        "templates": (F.template_text, lambda t, _case: F.check_template_case(t), "case.txt"),
        "journal": (st.tuples(st.sampled_from(sorted(scenarios)),
                              st.lists(st.tuples(st.sampled_from(["turn", "turn", "undo", "mark"]), F.mentor_text),
                                       max_size=6), st.floats(0, 1)), journal, "case.txt"),
        "stdin": (st.tuples(st.binary(max_size=300), st.booleans()), stdin, "case.txt"),
    }


def run_share(name: str, n: int, seed: int) -> dict:
    """Run `n` examples of one target in this process; return counts, failures and timings."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hyp_seed

    workdir = Path(tempfile.mkdtemp(prefix="mentor-sim-fuzz-"))
    os.environ["MENTOR_SIM_DATA"] = str(workdir / "userdata")  # nothing reaches the real data folder
    try:
        strategy, check, case_name = _targets(workdir)[name]
        case = workdir / case_name
        case.parent.mkdir(parents=True, exist_ok=True)
        stats = {"target": name, "n": 0, "failed": 0, "kinds": {}, "slowest": 0.0, "seconds": 0.0}

        @hyp_seed(seed)
        @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(example=strategy)
        def body(example):
            if stats["n"] >= n:
                return
            stats["n"] += 1
            start = time.perf_counter()
            try:
                check(example, case)
            except Exception as exc:  # noqa: BLE001 - counted, not raised: the census goes on
                stats["failed"] += 1
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                kind = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                if kind not in stats["kinds"]:
                    stats["kinds"][kind] = {"count": 0, "message": str(exc)[:300], "example": repr(example)[:300]}
                stats["kinds"][kind]["count"] += 1
            stats["slowest"] = max(stats["slowest"], time.perf_counter() - start)

        started = time.perf_counter()
        # Hypothesis may stop a round early (a small search space); go again with the next seed.
        rounds = 0
        while stats["n"] < n and rounds < 50:
            body()
            rounds += 1
            body = hyp_seed(seed + 1000 * rounds)(body)
        stats["seconds"] = time.perf_counter() - started
        return stats
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def plan(total: int, jobs: int, seed: int, only: list[str] | None) -> list[tuple[str, int, int]]:
    shares = {k: v for k, v in SHARES.items() if not only or k in only}
    norm = sum(shares.values())
    out = []
    for i, (name, share) in enumerate(shares.items()):
        n = max(1, round(total * share / norm))
        per = [n // jobs + (1 if j < n % jobs else 0) for j in range(jobs)]
        out += [(name, k, seed + 100 * i + j) for j, k in enumerate(per) if k]
    return out


def merge(results: list[dict]) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for r in results:
        m = merged.setdefault(r["target"], {"n": 0, "failed": 0, "kinds": {}, "slowest": 0.0, "seconds": 0.0})
        m["n"] += r["n"]
        m["failed"] += r["failed"]
        m["slowest"] = max(m["slowest"], r["slowest"])
        m["seconds"] = max(m["seconds"], r["seconds"])  # the shares ran side by side
        for kind, info in r["kinds"].items():
            k = m["kinds"].setdefault(kind, dict(info, count=0))
            k["count"] += info["count"]
    return merged


def table(merged: dict[str, dict], args, wall: float) -> str:
    total = sum(m["n"] for m in merged.values())
    failed = sum(m["failed"] for m in merged.values())
    only = f" --only {' '.join(args.only)}" if args.only else ""
    lines = [f"Run: `.venv/bin/python scripts/fuzz.py --total {args.total} --jobs {args.jobs} --seed {args.seed}{only}` "
             f"({time.strftime('%Y-%m-%d')}, {wall:.0f} s wall clock, Python {sys.version.split()[0]}).", "",
             "| target | inputs | failures | slowest input (s) |", "|---|---:|---:|---:|"]
    for name, m in merged.items():
        lines.append(f"| {name} | {m['n']:,} | {m['failed']} | {m['slowest']:.3f} |")
    lines.append(f"| **all** | **{total:,}** | **{failed}** | |")
    if failed:
        lines += ["", "Failures by kind:", ""]
        for name, m in merged.items():
            for kind, info in m["kinds"].items():
                lines.append(f"- {name}: {info['count']} × {kind}: {info['message']} (e.g. {info['example']})")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    replace_block(DOC, BEGIN, END, text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--total", type=int, default=100_000, help="inputs in all (default 100,000)")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", nargs="*", choices=sorted(SHARES), help="run only these targets")
    p.add_argument("--write-doc", action="store_true", help=f"put the table into {DOC.relative_to(ROOT)}")
    args = p.parse_args(argv)
    work = plan(args.total, args.jobs, args.seed, args.only)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_share, *w) for w in work]
        results = []
        for f in futures:
            r = f.result()
            results.append(r)
            print(f"  {r['target']:<10} {r['n']:>7,} inputs  {r['failed']} failed  {r['seconds']:.0f} s", flush=True)
    merged = merge(results)
    text = table(merged, args, time.perf_counter() - started)
    print()
    print(text)
    if args.write_doc:
        write_doc(text)
    return 1 if any(m["failed"] for m in merged.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
