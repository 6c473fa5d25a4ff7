"""How well the model guards sort candidate mentee lines: precision and recall of "keep".

    .venv/bin/python benchmarks/guard_corpus.py [--write-docs] [--show-errors]

Reads ``tests/data/mentee_lines.csv``: candidate lines a model might say, each
with its scenario, the mentor's line before it, the fact the engine tells now
(``tell``, blank if none), the facts told earlier (``told``, ``;``-separated),
a ``kind`` (good-a1 … good-b2, fact-a2 …, or a bad kind: mentor-voice,
mentor-identity, speaker-label, english, swedish, norwegian, danish, markdown,
list, json, url, prompt-readback, locked-fact, echo, fact-missing) and the
label ``keep`` or ``reject``. Every line goes through ``guards.check`` with the
request the engine would have built, and the script prints precision and
recall of "keep" (a kept bad line is a false keep; a rejected good line a lost
one), then the share caught or kept per kind. ``--write-docs`` puts the table
into docs/models.md.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.engine.state import Cue  # noqa: E402
from simulator.mentee.base import ReplyRequest  # noqa: E402
from simulator.mentee.guards import check  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from simulator.text.templates import render_line  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "mentee_lines.csv"
BEGIN, END = "<!-- guard-corpus:begin -->", "<!-- guard-corpus:end -->"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


_SCENARIOS: dict = {}


def scenario(sid: str):
    if sid not in _SCENARIOS:
        _SCENARIOS[sid] = load_scenario(ROOT / "scenarios" / f"{sid}.yaml")
    return _SCENARIOS[sid]


def request_for(row: dict) -> ReplyRequest:
    """The request the engine would hand the backend for this row."""
    sc = scenario(row["scenario"])
    p = sc.persona
    ctx = {"persona": p.model_dump(), "name": p.name, "trainee": "", "facts": {}}
    facts = {f.id: render_line(f.text, ctx) for f in sc.facts}
    told = [t for t in row["told"].split(";") if t]
    history = [SimpleNamespace(mentor="", mentee=facts[t], revealed=[t]) for t in told]
    allowed = [facts[t] for t in told]
    if row["tell"]:
        gist, reaction, revealed = facts[row["tell"]], "fact", [row["tell"]]
        allowed.append(gist)
    else:
        gist, reaction, revealed = render_line(sc.reactions["default"].lines[0], ctx), "default", []
    cue = Cue(reaction, gist, 0.5, 0.5, revealed=revealed, allowed_facts=allowed)
    return ReplyRequest(scenario=sc, cue=cue, history=history, mentor=row["mentor"], trust=0.5)


def judge(rows: list[dict]) -> list[tuple[dict, object]]:
    return [(row, check(row["text"], request_for(row))) for row in rows]


def scores(judged) -> dict:
    tp = sum(1 for r, v in judged if v.ok and r["label"] == "keep")
    fp = sum(1 for r, v in judged if v.ok and r["label"] != "keep")
    fn = sum(1 for r, v in judged if not v.ok and r["label"] == "keep")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(judged), "keep": tp + fn, "reject": len(judged) - tp - fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall}


def table(judged) -> str:
    s = scores(judged)
    by_kind: dict[str, list] = defaultdict(list)
    for r, v in judged:
        by_kind[r["kind"]].append((r, v))
    lines = [f"Corpus: {s['n']} lines ({s['keep']} keep, {s['reject']} reject), "
             f"`tests/data/mentee_lines.csv`.", "",
             "| measure | value |", "|---|---|",
             f"| precision of keep (kept lines that are good) | {s['precision']:.3f} ({s['tp']}/{s['tp'] + s['fp']}) |",
             f"| recall of keep (good lines kept) | {s['recall']:.3f} ({s['tp']}/{s['tp'] + s['fn']}) |",
             "", "| kind | label | lines | judged right |", "|---|---|---|---|"]
    for kind in sorted(by_kind, key=lambda k: (by_kind[k][0][0]["label"] != "keep", k)):
        items = by_kind[kind]
        right = sum(1 for r, v in items if v.ok == (r["label"] == "keep"))
        lines.append(f"| {kind} | {items[0][0]['label']} | {len(items)} | {right}/{len(items)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-docs", action="store_true", help="put the table into docs/models.md")
    ap.add_argument("--show-errors", action="store_true", help="list every line judged wrong")
    args = ap.parse_args(argv)
    rows = load_corpus()
    start = time.perf_counter()
    judged = judge(rows)
    took = time.perf_counter() - start
    text = table(judged)
    print(text)
    print(f"\n{len(rows)} lines judged in {took:.1f} s (language models loaded on first use)")
    if args.show_errors:
        for r, v in judged:
            if v.ok != (r["label"] == "keep"):
                print(f"  [{r['kind']}] {'kept' if v.ok else 'rejected: ' + str(v.reason)}: {r['text']!r}")
    if args.write_docs:
        from docblock import replace_block

        replace_block(ROOT / "docs" / "models.md", BEGIN, END,
                      text + "\n\nProduced by `.venv/bin/python benchmarks/guard_corpus.py --write-docs`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
