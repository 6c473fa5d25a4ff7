"""The debrief as one self-contained HTML page that prints well.

No network and no external URL at all: the CSS is inline, charts are inline
SVG drawn by `charts.py`, and there is no script. The template autoescapes and
every value is defanged (see `render.py`). The page is laid out for a screen
and, through `@media print`, for A4 paper.
"""

from __future__ import annotations

from simulator.report.charts import PALETTE, line_chart, step_strip
from simulator.report.debrief import step_labels
from simulator.report.render import render
from simulator.report.words import words_for


def charts(debrief: dict) -> dict:
    lang = debrief["lang"]
    out = {}
    for meta in debrief["series_meta"]:
        hi = 1.0 if meta["percent"] or meta["figure"] == "trust" else 2.5
        out[meta["figure"]] = line_chart(meta["label"], meta["values"], lo=0.0, hi=hi,
                                         thresholds=[tuple(t) for t in meta["thresholds"]],
                                         percent=meta["percent"], lang=lang)
    out["steps"] = step_strip(debrief["steps"]["per_turn"], step_labels(lang), words_for(lang)["steps"])
    return out


def render_html(debrief: dict) -> str:
    lang = debrief["lang"]
    return render("report.html.j2", d=debrief, w=words_for(lang), lang=lang, charts=charts(debrief),
                  palette=PALETTE)
