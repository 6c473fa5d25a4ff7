"""The debrief reports' words, as the templates read them (`w.title`, `w["fig.lix"]`).

The words themselves live in the locale catalogue (simulator/locale/da.yaml,
group `report`); numbers are written by simulator.locale.numbers. Pure Python.
"""

from __future__ import annotations

from simulator.locale import group
from simulator.locale.numbers import fmt_figure


def words_for(lang: str) -> dict[str, str]:
    """The report group of the catalogue in `lang`, Danish for any word missing."""
    return group("report", lang)


def target_value(target: dict, lang: str) -> str:
    """A scenario target's value as read, and why it does not count when caricature voids it
    ("1,8 – karikeret sprog tæller ikke")."""
    text = fmt_figure(target["figure"], target.get("value"), lang)
    return f'{text} – {words_for(lang)["voided"]}' if target.get("voided") else text


def figure_label(figure: str, lang: str) -> str:
    """A figure's name as a trainee reads it, never the program's name for it."""
    return words_for(lang).get(f"fig.{figure}") or figure.replace("_", " ")
