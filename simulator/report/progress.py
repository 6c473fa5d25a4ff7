"""Progress per trainee: each saved session scored, and each principle's trend across them.

`mentor-sim history` and the app's history read this. The trend is kept per
trainee (never one line across a whole group, which mixes people) and, within a
trainee, in the order the sessions were played. A principle's value per session
is the scorecard's points on 0–100 (good 100, fair 50, not yet 0), so the
principles share one scale; the overall score is the scorecard's own.
Only reads: nothing here changes a session.
"""

from __future__ import annotations

from simulator.report.evening import POINTS
from simulator.scoring.scorecard import score_session
from simulator.scenario.catalogue import cached_loader


def matches(session, trainee: str | None, scenario: str | None) -> bool:
    """Trainee compared without case or surrounding spaces; scenario by id."""
    if trainee is not None and (session.trainee or "").strip().casefold() != trainee.strip().casefold():
        return False
    return scenario is None or session.scenario == scenario


def progress(sessions, *, trainee: str | None = None, scenario: str | None = None,
             lang: str | None = None) -> dict:
    """Sessions (with turns) in the order played, and per trainee the overall and principle trends."""
    scenario_for = cached_loader()
    rows, principles = [], []
    for s in sorted((s for s in sessions if s.turns and matches(s, trainee, scenario)), key=lambda s: s.started):
        card = score_session(s, scenario_for(s.scenario), lang or s.language)
        if not principles:
            principles = [{"id": p.id, "label": p.label} for p in card.principles]
        rows.append({"session": s.id, "started": s.started, "trainee": s.trainee, "scenario": s.scenario,
                     "scenario_title": s.scenario_title, "turns": len(s.turns), "finished": s.finished,
                     "overall": card.overall,
                     "principles": {p.id: round(100 * POINTS[p.band]) for p in card.principles},
                     "bands": {p.id: p.band for p in card.principles},
                     "values": {p.id: p.value for p in card.principles}})  # each principle's own figure
    people = []
    for name in dict.fromkeys(r["trainee"] for r in rows):
        mine = [r for r in rows if r["trainee"] == name]
        people.append({"trainee": name, "sessions": len(mine), "overall": [r["overall"] for r in mine],
                       "principles": [{"id": p["id"], "label": p["label"],
                                       "values": [r["principles"].get(p["id"]) for r in mine]} for p in principles]})
    return {"filters": {"trainee": trainee, "scenario": scenario}, "sessions": rows, "progress": people}
