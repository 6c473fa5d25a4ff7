"""One printed A4 page per trainee to take home: `report SESSION --format sheet`.

Built from the same debrief as the full report (so every figure comes from the
scorer), it keeps what a trainee acts on: the overall score, each principle's
band, the three things to practise next (the debrief's `work_on`, heaviest
first, with the guide's section and advice) and two turns: the best one (cited by
the most principles that went well) and the weakest (cited by the most that did
not). The debrief itself runs to several pages; this sheet is laid out for one.
"""

from __future__ import annotations

from simulator.report.evening import evening_words
from simulator.report.render import render
from simulator.report.words import words_for


def _turn_pick(debrief: dict, cited: dict[int, list[str]]) -> dict | None:
    """The spoken turn cited most often (earliest on a tie), with the principles citing it."""
    turns = {t["n"]: t for t in debrief["turns"] if not t["pause"] and t["mentor"]}
    best = sorted((n for n in cited if n in turns), key=lambda n: (-len(cited[n]), n))
    if not best:
        return None
    n = best[0]
    return {"n": n, "mentor": turns[n]["mentor"], "mentee": turns[n]["mentee"], "labels": cited[n]}


def sheet_view(debrief: dict) -> dict:
    good: dict[int, list[str]] = {}
    for p in debrief["principles"]:
        if p["band"] == "good":
            for n in p["evidence"]:
                good.setdefault(n, []).append(p["label"])
    weak: dict[int, list[str]] = {}
    for item in debrief["work_on"]:
        for n in item["turns"]:
            weak.setdefault(n, []).append(item["label"])
    best = _turn_pick(debrief, good)
    weakest = _turn_pick(debrief, weak)
    if best and weakest and best["n"] == weakest["n"]:
        weakest = _turn_pick(debrief, {n: v for n, v in weak.items() if n != best["n"]})
    return {"practise": debrief["work_on"][:3], "best": best, "weakest": weakest}


def render_sheet(debrief: dict) -> str:
    lang = debrief["lang"]
    return render("sheet.html.j2", d=debrief, s=sheet_view(debrief), w=words_for(lang), ew=evening_words(lang),
                  lang=lang)
