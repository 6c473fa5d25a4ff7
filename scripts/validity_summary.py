"""Write the coder-accuracy summary the help page shows, from docs/validity.md.

    python scripts/validity_summary.py          # rewrite simulator/coding/validity_summary.yaml
    python scripts/validity_summary.py --check  # exit 1 if the file no longer matches docs/validity.md

docs/validity.md lives in the source tree only; an installed wheel has just the
package. So the help page reads this package file, and tests/test_validity_summary.py
fails when the two disagree (edit the doc, then run this script).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "validity.md"
OUT = ROOT / "simulator" / "coding" / "validity_summary.yaml"
HEADER = """\
# The coder's accuracy in brief, for the help page (F1): the text of docs/validity.md above its
# first section. Written by scripts/validity_summary.py; do not edit here: edit docs/validity.md
# and run the script (tests/test_validity_summary.py fails while the two disagree).
source: docs/validity.md
"""


def summary_of(text: str) -> str:
    """The doc's text after its title and before its first section: the figures a trainee needs."""
    lines = text.splitlines()
    if lines and lines[0].startswith("#"):
        lines = lines[1:]  # the title; the help page has its own heading
    summary: list[str] = []
    for line in lines:
        if line.startswith("#") and any(s.strip() for s in summary):
            break  # the details stay in the doc
        summary.append(line.rstrip())
    return "\n".join(summary).strip()


def render(text: str) -> str:
    """The package file for the doc `text`: the header and the summary as a YAML block."""
    body = "\n".join(("  " + line) if line else "" for line in summary_of(text).splitlines())
    return HEADER + "summary: |\n" + body + "\n"


def main(argv: list[str]) -> int:
    wanted = render(DOC.read_text(encoding="utf-8"))
    if "--check" in argv:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == wanted
        if not same:
            print(f"{OUT.relative_to(ROOT)} is out of date; run python scripts/validity_summary.py", file=sys.stderr)
        return 0 if same else 1
    OUT.write_text(wanted, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
