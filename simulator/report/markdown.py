"""The debrief as Markdown: reads well in any viewer, and as plain text too.

Lays out the dict of `debrief.build_debrief` through `templates/report.md.j2`;
charts become block sparklines plus a table of the running figures, so nothing
depends on a viewer that draws images.
"""

from __future__ import annotations

from simulator.report.charts import sparkline
from simulator.report.render import render
from simulator.report.words import words_for


def sparklines(debrief: dict) -> dict[str, str]:
    out = {}
    for meta in debrief["series_meta"]:
        hi = 1.0 if meta["percent"] or meta["figure"] == "trust" else max(
            [2.0] + [v for v in meta["values"] if v is not None])
        out[meta["figure"]] = sparkline(meta["values"], 0.0, hi)
    return out


def render_markdown(debrief: dict) -> str:
    lang = debrief["lang"]
    text = render("report.md.j2", d=debrief, w=words_for(lang), lang=lang, spark=sparklines(debrief))
    return _tidy(text)


def _tidy(text: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"
