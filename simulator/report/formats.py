"""One entry point for a session's report in any format (md, html, json, sheet: one A4 page).

The CLI and the tests call `session_report`; the TUI may too. Each format
module only lays out the dict of `debrief.build_debrief`.
"""

from __future__ import annotations

from simulator.engine.session import Session
from simulator.report.debrief import build_debrief, find_scenario_for

FORMATS = ("md", "html", "json", "sheet")


def render_debrief(debrief: dict, fmt: str = "md") -> str:
    if fmt == "md":
        from simulator.report.markdown import render_markdown

        return render_markdown(debrief)
    if fmt == "html":
        from simulator.report.html import render_html

        return render_html(debrief)
    if fmt == "json":
        from simulator.report.jsonreport import render_json

        return render_json(debrief)
    if fmt == "sheet":
        from simulator.report.sheet import render_sheet

        return render_sheet(debrief)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def session_report(session: Session, scenario=None, fmt: str = "md", *, anonymise: bool = False,
                   find_scenario: bool = True) -> str:
    """The debrief of `session`; the scenario is looked up by id when not given."""
    if scenario is None and find_scenario:
        scenario = find_scenario_for(session)
    return render_debrief(build_debrief(session, scenario, anonymise=anonymise), fmt)
