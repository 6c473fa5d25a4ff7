"""Write the fact sheet a separate probe author reads: the Danish scenarios, who the mentee
is and what she can tell, without the topics or `asked:` lines the engine matches on.

    python scripts/fact_sheet.py > /tmp/facts_da.md

A never-seen probe set is only never-seen if its author has not read the matching data;
this sheet is all they get (plus the probe format). A fact is marked "(sensitive)" when its
min_trust is 0.5 or more: the mentee tells it only once trust has grown.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PERSONA = ("name", "age", "origin", "time_in_denmark", "level", "family", "work_history", "wants")
STYLES = ("quiet", "verbose", "sceptical", "eager")


def sheet() -> str:
    out = ["# Danish scenarios: who the mentee is and what she or he can tell\n"]
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        s = yaml.safe_load(path.read_text(encoding="utf-8"))
        if s.get("language") != "da":
            continue
        p = s.get("persona", {})
        out.append(f"## scenario: {s['id']} — {s['title']} (course phase: {s.get('course_phase')})\n")
        out.append(" ".join(str(s.get("situation", "")).split()) + "\n")
        out += [f"- {k}: {' '.join(str(p[k]).split())}" for k in PERSONA if p.get(k)]
        styles = [k for k in STYLES if p.get(k)]
        if styles:
            out.append(f"- style: {', '.join(styles)}")
        out.append("\nFacts (id: what the mentee says when asked about it):\n")
        for f in s.get("facts", []):
            mark = " (sensitive)" if float(f.get("min_trust", 0)) >= 0.5 else ""
            out.append(f"- `{f['id']}`{mark}: {' '.join(f['text'].split())}")
        out.append("")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(sheet())
