"""The trainer's evening, laid out to act on: who needs what, per principle and per target.

`build_cohort` (cohort.py) scores each session; this module turns its rows into
the views a trainer works from: participants ranked by overall score (the sort is
stated on the page), a participant × principle grid on one 0–100 scale (the
scorecard's own points: good 1, fair 0.5, not yet 0), one bar chart per principle
across the group, and the evening's targets listed once with a mark per
participant. Only reads and lays out; the words live in the locale catalogue (group evening).
"""

from __future__ import annotations

from simulator.locale import group

POINTS = {"good": 1.0, "fair": 0.5, "not_yet": 0.0}


def evening_words(lang: str) -> dict[str, str]:
    """The evening pages' words and the CSV's decimal sign and delimiter (catalogue group `evening`)."""
    return group("evening", lang)


def ranking(rows: list[dict]) -> list[dict]:
    """Participants by mean overall score, highest first; equal means share a rank (1, 2, 2, 4)."""
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["trainee"], []).append(r)
    out = [{"trainee": t, "sessions": len(rs), "mean": round(sum(r["overall"] for r in rs) / len(rs)),
            "best": max(r["overall"] for r in rs)} for t, rs in by.items()]
    out.sort(key=lambda x: (-x["mean"], x["trainee"].lower()))
    for i, x in enumerate(out):
        x["rank"] = out[i - 1]["rank"] if i and out[i - 1]["mean"] == x["mean"] else i + 1
    return out


def principle_grid(rows: list[dict], ranked: list[dict], principles: list[dict]) -> list[dict]:
    """Per participant (in rank order): each principle's mean points over their sessions, 0–100."""
    out = []
    for x in ranked:
        mine = [r for r in rows if r["trainee"] == x["trainee"]]
        cells = []
        for i, _ in enumerate(principles):
            bands = [r["bands"][i]["band"] for r in mine if i < len(r["bands"])]
            score = round(100 * sum(POINTS[b] for b in bands) / len(bands)) if bands else None
            cells.append({"score": score, "band": _band_of(score)})
        out.append({"trainee": x["trainee"], "rank": x["rank"], "cells": cells})
    return out


def _band_of(score: int | None) -> str | None:
    """The band a mean of points lands in: all good is good, at least half-way is fair."""
    if score is None:
        return None
    return "good" if score >= 75 else "fair" if score >= 40 else "not_yet"


def principle_bars(grid: list[dict], principles: list[dict]) -> list[dict]:
    """One chart per principle: (participant, score) in rank order."""
    return [{"label": p["label"], "n": p["n"],
             "bars": [(g["trainee"], g["cells"][i]["score"], g["cells"][i]["band"]) for g in grid]}
            for i, p in enumerate(principles)]


def evening_targets(rows: list[dict], ranked: list[dict]) -> dict:
    """Every target of the evening once, named with where it applies (a scenario, or the drill as a
    whole), and per participant whether their latest session with that target met it."""
    keys: list[str] = []
    latest: dict[tuple[str, str], bool] = {}
    for r in sorted(rows, key=lambda r: r["started"]):
        results = [(f"{r['scenario_title']}: {t['label']}", t["met"]) for t in r["targets"]]
        if r["drill"]:
            results += [(f"{r['scenario_title']}: {t['label']}", t["met"]) for t in r["drill"]["targets"]]
            results += [(f"{r['drill']['title']}: {t['label']}", t["met"]) for t in r["drill"]["overall_targets"]]
        for key, met in results:
            if key not in keys:
                keys.append(key)
            latest[(r["trainee"], key)] = bool(met)
    # "met" out of the targets each person had: a target of a scenario she never played is no
    # miss ("nået 15/29" over scenarios not played misled a trainer)
    table = [{"trainee": x["trainee"], "marks": [latest.get((x["trainee"], k)) for k in keys],
              "met": sum(1 for k in keys if latest.get((x["trainee"], k))),
              "of": sum(1 for k in keys if (x["trainee"], k) in latest)} for x in ranked]
    return {"labels": keys, "rows": table}
