"""Leave-one-set-out: score each dev probe set against scenarios that never saw its lines.

    PYTHONHASHSEED=0 python scripts/loso.py --out /tmp/loso          # all folds
    PYTHONHASHSEED=0 python scripts/loso.py --out /tmp/loso --fold probes_da_examples84

The scenarios carry the dev sets' topic lines as `asked:` examples (scripts/harvest_asked.py),
so a dev set scored on main partly scores itself. For each fold set this copies scenarios/
to OUT/<fold>/scenarios, rebuilds every `asked:` list from the *other* dev sets, and plays
the fold there. It prints the pooled figures (on topic / unrelated reveal / quiet on
non-topic, as in simulator.engine.probes) and writes each fold's misses to
OUT/<fold>/result.txt, so two runs (before and after a change) can be compared with
`diff -r`. Never-seen judge sets are not dev sets and are never passed here.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from harvest_asked import collect, insert  # noqa: E402

DATA = ROOT / "tests" / "data"
# The folds: sets written by separate authors in one style each; the older sets stay dev only.
FOLD_NAMES = [f"probes_da_unseen{n}" for n in (15, 16, 17, 18, 23, 24, 25, 26)]


def dev_sets() -> list[Path]:
    return sorted(DATA.glob("probes_da*.yaml"))


def folds() -> list[Path]:
    return [DATA / f"{n}.yaml" for n in FOLD_NAMES] + sorted(DATA.glob("probes_da_examples*.yaml"))


def _score(args: tuple[Path, Path]) -> tuple[str, dict[str, int]]:
    fold, out = args
    from simulator.engine.probes import counts, describe, is_miss, run_probe

    where = out / fold.stem
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(ROOT / "scenarios", where / "scenarios")
    asked = collect([str(p) for p in dev_sets() if p != fold])
    for path in (where / "scenarios").glob("*.yaml"):
        insert(path, asked.get(path.stem, {}))
    probes = yaml.safe_load(fold.read_text(encoding="utf-8")) or []
    results = [run_probe(p, where / "scenarios") for p in probes]
    misses = [describe(r) for r in results if is_miss(r)]
    (where / "result.txt").write_text("\n".join(misses) + "\n", encoding="utf-8")
    return fold.stem, counts(results)


def pooled(c: dict[str, int]) -> str:
    return (f"{100 * c['on'] / c['topic']:.2f}/{100 * c['unrelated'] / c['probes']:.2f}/"
            f"{100 * c['quiet'] / c['nontopic']:.2f} ({c['on']}/{c['topic']}, {c['unrelated']}/{c['probes']}, "
            f"{c['quiet']}/{c['nontopic']}) checked {100 * c['checked'] / c['topic']:.2f}%")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the fold copies and results")
    ap.add_argument("--fold", action="append", help="score only this fold (file stem); repeatable")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    chosen = [f for f in folds() if not args.fold or f.stem in args.fold]
    with Pool(args.jobs) as pool:
        results = pool.map(_score, [(f, args.out) for f in chosen])
    total = sum((Counter(c) for _, c in results), Counter())
    print(f"{len(results)} folds, {total['probes']} probes POOLED on/unrel/quiet {pooled(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
