"""One horizontal bar chart per principle for the cohort page: inline SVG, offline and printable.

Same rules as charts.py: no script, no external font or URL, every text escaped.
Bars are coloured by band through the page's CSS classes (b-good, b-fair, b-not_yet).
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def principle_chart(title: str, bars: list[tuple[str, int | None, str | None]], *, width: int = 330,
                    name_width: int = 110, row: int = 18) -> Markup:
    """Participants' 0–100 scores on one principle; a participant without a score shows '–'."""
    top, right = 20, 34
    pw = width - name_width - right
    height = top + row * max(1, len(bars)) + 4
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<text x="0" y="13" font-size="11" font-weight="600">{escape(title)}</text>']
    for i, (name, score, band) in enumerate(bars):
        y = top + i * row
        short = name if len(name) <= 16 else name[:15] + "…"
        parts.append(f'<text x="{name_width - 6}" y="{y + 12}" class="ax" text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect x="{name_width}" y="{y + 3}" width="{pw}" height="11" fill="#e9ecef"/>')
        if score is not None:
            parts.append(f'<rect x="{name_width}" y="{y + 3}" width="{pw * score / 100:.1f}" height="11" '
                         f'class="b-{escape(band or "")}"><title>{escape(name)}: {score}</title></rect>')
        parts.append(f'<text x="{name_width + pw + 4}" y="{y + 12}" class="ax">'
                     f'{"–" if score is None else score}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
