"""Charts for the debrief: inline SVG for HTML, block sparklines for Markdown.

The HTML report must be one file that works offline and prints, so charts are
hand-written SVG strings (no xmlns URL, no script, no external font) and every
text in them is escaped here. Nothing in this module reads a session; it draws
the series that `debrief.py` computed.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from simulator.coding.vocabulary import STEP_COLOURS

SPARK = "▁▂▃▄▅▆▇█"
PALETTE = STEP_COLOURS  # one colour per conversation step (coding/vocabulary.yaml)
LINE = "#1d3557"


def sparkline(values: list[float | None], lo: float = 0.0, hi: float = 1.0) -> str:
    """One block character per value on a fixed scale; a gap (·) where the figure has no value yet."""
    out = []
    span = (hi - lo) or 1.0
    for v in values:
        if v is None:
            out.append("·")
            continue
        x = min(max((float(v) - lo) / span, 0.0), 1.0)
        out.append(SPARK[min(len(SPARK) - 1, int(round(x * (len(SPARK) - 1))))])
    return "".join(out)


def _fmt_tick(v: float, lang: str, percent: bool) -> str:
    if percent:
        return f"{round(v * 100)} %" if lang == "da" else f"{round(v * 100)}%"
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "da" else text


def line_chart(title: str, values: list[float | None], *, lo: float = 0.0, hi: float = 1.0,
               thresholds: list[tuple[float, str]] = (), percent: bool = False, lang: str = "da",
               width: int = 340, height: int = 150, better: str | None = None) -> Markup:
    """A small line chart over the turns, with dashed threshold lines (good / fair)."""
    left, right, top, bottom = 38, 10, 22, 24
    pw, ph = width - left - right, height - top - bottom
    n = len(values)
    hi = max([hi] + [float(v) for v in values if v is not None])
    span = (hi - lo) or 1.0

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph - ph * (min(max(v, lo), hi) - lo) / span

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="14" class="ct">{escape(title)}</text>',
             f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="plot"/>']
    ticks = (lo, (lo + hi) / 2, hi) if percent or hi <= 1.0 else tuple(float(t) for t in range(int(lo), int(hi) + 1))
    for tick in ticks:
        parts.append(f'<text x="{left - 4}" y="{y(tick) + 3:.1f}" class="ax" text-anchor="end">'
                     f'{escape(_fmt_tick(tick, lang, percent))}</text>')
    for value, kind in thresholds:
        if lo <= value <= hi:
            parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                         f'class="th th-{escape(kind)}"/>')
    step = max(1, n // 8)
    for i in range(0, n, step):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 8}" class="ax" text-anchor="middle">{i + 1}</text>')
    # Break the line where the figure has no value yet (no question asked so far).
    runs: list[list[tuple[float, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((x(i), y(float(v))))
    for run in runs:
        if len(run) > 1:
            pts = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        for px, py in run:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" fill="{LINE}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def step_strip(steps: list[str], labels: dict[str, str], title: str, width: int = 700) -> Markup:
    """The conversation step of every turn as a coloured strip (the page draws the legend)."""
    n = max(1, len(steps))
    left, bar_h, top = 4, 22, 16
    pw = width - 2 * left
    cell = pw / n
    parts = [f'<svg class="steps" role="img" viewBox="0 0 {width} {top + bar_h + 2}" width="{width}" '
             f'height="{top + bar_h + 2}" aria-label="{escape(title)}">', f"<title>{escape(title)}</title>"]
    for i, step in enumerate(steps):
        colour = PALETTE.get(step, "#cccccc")
        parts.append(f'<rect x="{left + i * cell:.1f}" y="{top}" width="{cell:.1f}" height="{bar_h}" '
                     f'fill="{colour}" stroke="#ffffff" stroke-width="1"><title>{i + 1}: '
                     f'{escape(labels.get(step, step))}</title></rect>')
        if n <= 40:
            parts.append(f'<text x="{left + (i + 0.5) * cell:.1f}" y="{top - 5}" class="ax" '
                         f'text-anchor="middle">{i + 1}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar(value: float | None, hi: float = 1.0, width: int = 120, kind: str = "") -> Markup:
    """A tiny horizontal bar for tables (cohort page)."""
    v = 0.0 if value is None else min(max(float(value) / (hi or 1.0), 0.0), 1.0)
    return Markup(f'<svg class="bar" viewBox="0 0 {width} 10" width="{width}" height="10" aria-hidden="true">'
                  f'<rect x="0" y="1" width="{width}" height="8" fill="#e9ecef"/>'
                  f'<rect x="0" y="1" width="{v * width:.1f}" height="8" class="b-{escape(kind)}"/></svg>')
