"""Numbers, shares, figures and dates the way a Danish or English reader writes them.

The one home of "0,45" against "0.45" and "45 %" against "45%": the reports,
the terminal app, the drills and the line CLI all call these. A missing value
is a dash, never "None".
"""

from __future__ import annotations

from datetime import datetime

from simulator.locale.catalogue import lookup, tr
from simulator.locale.digits import plain_decimal, point_for

DASH = "–"


def fmt_number(value, lang: str, digits: int = 2) -> str:
    """A number with up to `digits` decimals: "0,3" in Danish, "0.3" in English; yes/no for a truth value."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return tr("report.yes" if value else "report.no", lang)
    return plain_decimal(value, digits, point_for(lang))


def fmt_fixed(value: float, lang: str, digits: int = 2) -> str:
    """A number with exactly `digits` decimals ("0,50"), for a value that moves in place."""
    return f"{value:.{digits}f}".replace(".", point_for(lang))


def fmt_share(value, lang: str) -> str:
    """A share in whole per cent: "45 %" in Danish, "45%" in English."""
    if value is None:
        return DASH
    pct = round(100 * float(value))
    return f"{pct} %" if lang == "da" else f"{pct}%"


def fmt_figure(figure: str, value, lang: str) -> str:
    """A figure as the trainee reads it: shares in per cent, yes/no, a list's length, or a number."""
    if value is None:
        return DASH
    if figure.endswith("_share"):
        return fmt_share(value, lang)
    if figure == "agreement_at_end":
        return tr("report.yes" if value else "report.no", lang)
    if figure == "praise_score":  # 2/1/0 is a code, not a count: say what kind of praise it was
        key = f"report.praise.{int(value)}"
        text = tr(key, lang)
        return text if text != key else fmt_number(value, lang)
    if isinstance(value, list):
        return str(len(value))
    return fmt_number(value, lang)


def fmt_bounds(figure: str, low, high, lang: str) -> str:
    """A target's bounds as the trainee reads them ("≥ 50 %", "≤ 0"); a yes/no figure has none
    to show: "≥ ja" says nothing the target's own words do not."""
    if figure == "agreement_at_end":
        return ""
    bounds = [f"{sign} {fmt_figure(figure, v, lang)}" for sign, v in (("≥", low), ("≤", high)) if v is not None]
    return " ".join(bounds)


def number_word(n: int, lang: str) -> str:
    """Small numbers as words in running text ("mindst to refleksioner"), larger ones as digits."""
    names = lookup("number.words", lang)
    return names[n] if 0 <= n < len(names) else str(n)


def fmt_tick(value: float, lang: str, percent: bool) -> str:
    """A chart axis label: whole per cent, or one decimal."""
    return fmt_share(value, lang) if percent else fmt_number(value, lang, 1)


def short_date(iso: str | None) -> str:
    """A saved timestamp as "06.12.26 22:10" (history rows); a broken one shown as far as it goes."""
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%y %H:%M")
    except (TypeError, ValueError):
        return (iso or "")[2:16]


def long_date(iso: str | None) -> str:
    """An ISO timestamp as "YYYY-MM-DD HH:MM" (the time zone and the seconds dropped), for reports."""
    if not iso:
        return ""
    return iso[:16].replace("T", " ")
