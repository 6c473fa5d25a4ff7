"""Where each mentee line came from, said where the trainee can see it.

A model's line and the script's fallback look alike on screen, so a fallback
gets a quiet mark (``↺ manuskript``), a session reports how many lines the
model said, and the first time a server stops answering the trainee is told
once. The words live in the locale catalogue (group ``source``). Pure Python, no UI import.
"""

from __future__ import annotations

from simulator.locale import tr


def mark(source: str | None, lang: str) -> str:
    """The mark after a mentee line ("" unless the line is the script's fallback)."""
    return tr("source.fallback_mark", lang) if source == "fallback" else ""


def with_mark(text: str, source: str | None, lang: str) -> str:
    m = mark(source, lang)
    return f"{text}  {m}" if m else text


def share(turns) -> dict:
    """How many of the session's mentee lines each source said."""
    counts = {"model": 0, "fallback": 0, "scripted": 0}
    for t in turns:
        src = getattr(t, "source", None) or (t.get("source") if isinstance(t, dict) else None) or "scripted"
        counts[src if src in counts else "scripted"] += 1
    counts["total"] = counts["model"] + counts["fallback"] + counts["scripted"]
    counts["model_share"] = round(counts["model"] / (counts["model"] + counts["fallback"]), 3) \
        if counts["model"] + counts["fallback"] else None
    return counts


def share_line(turns, lang: str) -> str | None:
    """One line for a scorecard or report; None for a scripted session."""
    s = share(turns)
    if s["model"] + s["fallback"] == 0:
        return None
    return tr("source.share", lang, model=s["model"], total=s["model"] + s["fallback"], fallback=s["fallback"])
