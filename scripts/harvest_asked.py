"""Write the topic lines of the dev probe sets into the scenarios as `asked:` examples.

    python scripts/harvest_asked.py tests/data/probes_da.yaml ... [--check]

Each topic probe (no `before:` context) becomes an `asked:` line of the fact it expects,
in that scenario's YAML, as a block list after the fact's `topics:` line (other lines of
the file stay as written). The `asked:` lists are rewritten from the sets given, so pass
every dev set each time. Never pass a never-seen probe set: docs/validity.md lists which
sets are dev sets.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def collect(files: list[str]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for f in files:
        for p in yaml.safe_load(Path(f).read_text(encoding="utf-8")) or []:
            if p.get("kind") == "topic" and p.get("expect") and not p.get("before"):
                lines = out.setdefault(p["scenario"], {}).setdefault(p["expect"], [])
                if p["line"] not in lines:
                    lines.append(p["line"])
    return out


def insert(path: Path, asked: dict[str, list[str]]) -> int:
    fact, added, out, skipping = None, 0, [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if skipping is not None:  # the old asked: block: its items are indented deeper
            if line.startswith(skipping + "  - "):
                continue
            skipping = None
        m = re.match(r"(\s*)asked:\s*$", line)
        if m:
            skipping = m.group(1)
            continue
        m = re.match(r"\s*- id: ([\w-]+)\s*$", line)
        if m:
            fact = m.group(1)
        out.append(line)
        m = re.match(r"(\s*)topics: ", line)
        if m and asked.get(fact):
            pad = m.group(1)
            out.append(f"{pad}asked:\n")
            out += [f"{pad}  - {json.dumps(q, ensure_ascii=False)}\n" for q in asked[fact]]
            added += len(asked[fact])
    path.write_text("".join(out), encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    for sid, asked in sorted(collect(args.files).items()):
        path = ROOT / "scenarios" / f"{sid}.yaml"
        print(f"{path.name}: {insert(path, asked)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
