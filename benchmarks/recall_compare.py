"""Story recall now against an earlier revision's, on the scenarios' own paraphrases.

    .venv/bin/python benchmarks/recall_compare.py REV

Every fact of every scenario in scenarios/ is held against every `short` and `more`
line of the same scenario (the author's own words for a fact: the nearest thing
to a trainee's recall the repository holds), once with `fact_caught` of the
revision REV (its simulator/scoring/recall.py, read with `git show`) and once
with today's. Prints how many verdicts agree and lists those that differ.
Used when recall's hand-written stemmer gave way to snowball (docs/scoring.md).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.scenario import load_scenario  # noqa: E402
from simulator.scoring import recall as new  # noqa: E402


def old_recall(rev: str):
    source = subprocess.run(["git", "show", f"{rev}:simulator/scoring/recall.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_recall.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_recall", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verdicts(module, fact: str, said: str, lang: str) -> bool:
    return module.fact_caught(module.content_words(fact, lang), module.content_words(said, lang))


def main(rev: str) -> None:
    old = old_recall(rev)
    pairs, differ = 0, []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        try:
            sc = load_scenario(path)
        except Exception:  # noqa: BLE001 - not a scenario file (expectations.yaml)
            continue
        lang = sc.language if sc.language in ("da", "en") else "da"
        lines = [(f.id, t) for f in sc.facts for t in [f.short or "", *f.more] if t]
        for f in sc.facts:
            for said_id, said in lines:
                pairs += 1
                before, after = verdicts(old, f.text, said, lang), verdicts(new, f.text, said, lang)
                if before != after:
                    differ.append((sc.id, f.id, said_id, before, after, said[:50]))
    same_fact = [d for d in differ if d[1] == d[2]]
    print(f"{pairs} verdicts, {pairs - len(differ)} agree, {len(differ)} differ "
          f"({sum(d[4] for d in same_fact)} gained and {sum(not d[4] for d in same_fact)} lost "
          f"on a fact's own lines)")
    for d in differ:
        print(f"  {d[0]}: fact {d[1]} ~ line of {d[2]}: {d[3]} -> {d[4]}  {d[5]!r}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "main")
