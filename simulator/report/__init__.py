"""Readable output of sessions: plain text for the terminal, debrief reports, the cohort page.

- `plain.py`: transcript and scorecard as plain text (the line CLI).
- `debrief.py`: everything a debrief shows, gathered once into a JSON-ready dict;
  `logbook.py` (agreements, next steps, next meeting) and `anonymise.py` feed it.
- `markdown.py`, `html.py`, `jsonreport.py`: lay that dict out through the
  sandboxed Jinja2 templates in `templates/` (`render.py`); `charts.py` draws
  inline SVG and sparklines. `formats.session_report` is the one entry point.
- `cohort.py`: one page over a folder of sessions.

Nothing here imports `textual` or `rich`, reaches the network, or changes a
session; reports are computed from the saved session and its scenario only.
"""
