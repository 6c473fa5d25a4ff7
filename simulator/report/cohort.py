"""One page over many saved sessions: a trainer's evening with the group.

`build_cohort(folder)` reads every session file in a folder (through the
store, so a damaged file is skipped with a note, never a crash), scores each
against its scenario, and lays the key figures of every trainee and scenario
side by side: a grid of overall scores per trainee × scenario, a table of
figures per session, the principles' bands, and the targets met and missed:
the scenario's own targets (`check_targets`, via the scorecard) and, for
sessions played in a drill, the drill's target results (`session.drill`).
Like the session report, this module only reads and lays out.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from simulator.report.anonymise import for_session
from simulator.report.debrief import drill_view
from simulator.report.evening import evening_targets, evening_words, principle_bars, principle_grid, ranking
from simulator.report.render import render
from simulator.report.words import figure_label, fmt_figure, fmt_number, fmt_share, words_for
from simulator.scoring.scorecard import score_session
from simulator.store import SessionStore
from simulator.scenario.catalogue import cached_loader

BAND_MARK = {"good": "🟢", "fair": "🟡", "not_yet": "🔴"}


class _Names:
    """The trainee's name as the page shows it: as written, or (anonymised) Deltager A, B, ..."""

    def __init__(self, w: dict, anonymise: bool):
        self.w, self.anonymise = w, anonymise
        self.seen: dict[str, str] = {}

    def __call__(self, trainee: str) -> str:
        trainee = (trainee or "").strip()
        if not self.anonymise:
            return trainee or self.w["no_trainee"]
        if trainee not in self.seen:
            n = len(self.seen)
            self.seen[trainee] = (f"{self.w['participant']} {chr(ord('A') + n)}" if n < 26
                                  else f"{self.w['participant']} {n + 1}")
        return self.seen[trainee]


def _page_language(store: SessionStore, lang: str | None) -> str:
    # Sessions are read one at a time (memory: one session, however many there are);
    # without --lang a first pass counts the sessions' languages.
    if lang in ("da", "en"):
        return lang
    langs = Counter(s.language for s in store.iter_sessions() if s.language in ("da", "en"))
    return langs.most_common(1)[0][0] if langs else "da"


def _figures_row(f: dict, recall: dict | None, lang: str, w: dict) -> dict:
    """The session's key figures, as numbers (for the CSV) and as texts (for reading)."""
    recall_told = len(recall.get("facts_caught", [])) + len(recall.get("facts_missed", [])) if recall else 0
    return {
        # raw numbers for the CSV (the texts beside them are for reading)
        "values": {k: (v if not isinstance(v, bool) else int(v)) for k, v in f.items()
                   if isinstance(v, (int, float)) or v is None},
        "open_question_share": fmt_share(f["open_question_share"], lang),
        "reflection_to_question": fmt_number(f["reflection_to_question"], lang),
        "mentor_talk_share": fmt_share(f["mentor_talk_share"], lang),
        "boundary_flags_total": f["boundary_flags_total"],
        "check_understanding": f.get("check_understanding", 0),
        "misunderstood": f.get("misunderstood", 0),
        "agreement_at_end": w["yes"] if f["agreement_at_end"] else w["no"],
        "agreement": bool(f["agreement_at_end"]),
        "trust_final": fmt_number(f["trust_final"], lang),
        "facts_revealed": f["facts_revealed"],
        "recall": (f"{len(recall.get('facts_caught', []))}/{recall_told}" if recall else "–"),
        "recall_caught": len(recall.get("facts_caught", [])) if recall else None,
        "recall_told": recall_told if recall else None,
    }


def _session_row(session, scenario, card, lang: str, w: dict, who: _Names) -> dict:
    """One session's line on the page: who, what, the figures, the bands, the targets."""
    recall = session.recall if isinstance(session.recall, dict) else None
    targets = [{"label": t.get("label") or figure_label(t["figure"], lang), "met": bool(t["met"]),
                "value_text": fmt_figure(t["figure"], t.get("value"), lang)} for t in card.targets]
    drill = drill_view(session.drill, lang)
    return {
        "trainee": who(session.trainee),
        "session": session.id,
        "scenario": session.scenario,
        "scenario_title": scenario.title if scenario is not None else session.scenario_title,
        "started": session.started,
        "finished": session.finished,
        "turns": len(session.turns),
        "overall": card.overall,
        **_figures_row(card.figures, recall, lang, w),
        "bands": [{"band": p.band, "mark": BAND_MARK[p.band], "label": p.label, "band_label": p.band_label}
                  for p in card.principles],
        "targets": targets,
        "targets_met": sum(t["met"] for t in targets),
        "missed": [t["label"] for t in targets if not t["met"]],
        "drill": drill,
        "drill_missed": [t["label"] for t in (drill["targets"] + drill["overall_targets"])
                         if not t["met"]] if drill else [],
        "drill_met": (sum(t["met"] for t in drill["targets"] + drill["overall_targets"]) if drill else 0),
        "drill_total": (len(drill["targets"]) + len(drill["overall_targets"]) if drill else 0),
    }


def _score_grid(rows: list[dict], ranked: list[dict], place: dict) -> tuple[list[dict], list[dict]]:
    """The scenarios played, and the grid: latest session of each trainee in each scenario,
    with how many there were (the grid follows the ranking)."""
    scenarios: list[dict] = []
    for r in sorted(rows, key=lambda r: r["scenario"]):
        if r["scenario"] not in [s["id"] for s in scenarios]:
            scenarios.append({"id": r["scenario"], "title": r["scenario_title"]})
    grid = []
    for t in (x["trainee"] for x in ranked):
        mine = [r for r in rows if r["trainee"] == t]
        cells = []
        for sc in scenarios:
            played = [r for r in mine if r["scenario"] == sc["id"]]
            latest = played[-1] if played else None
            cells.append({"overall": latest["overall"] if latest else None, "count": len(played),
                          "agreement": latest["agreement"] if latest else None})
        mean = round(sum(r["overall"] for r in mine) / len(mine)) if mine else None
        grid.append({"trainee": t, "cells": cells, "sessions": len(mine), "mean": mean, "rank": place[t]})
    return scenarios, grid


def _rows(store: SessionStore, lang: str, who: _Names, anonymise: bool):
    """Every readable session scored and laid out; the ones that cannot be scored, skipped with why;
    the principles' labels; the mentees' names (for the last anonymising pass)."""
    w = words_for(lang)
    scenario_for = cached_loader()
    rows, skipped, principle_labels, mentees = [], [], [], set()
    for session in store.iter_sessions():
        scenario = scenario_for(session.scenario)
        if scenario is not None:
            mentees.add(scenario.persona.name)
        try:
            card = score_session(session, scenario, lang)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            skipped.append({"file": f"{session.id}.json", "reason": f"cannot be scored ({exc})"})
            continue
        if not principle_labels:
            principle_labels = [{"n": i + 1, "id": p.id, "label": p.label} for i, p in enumerate(card.principles)]
        rows.append(_session_row(session, scenario, card, lang, w, who))
        if anonymise:  # the mentee's name in a title, the people and places of the scenario
            rows[-1] = for_session(session, scenario.persona.name if scenario else None, scenario).walk(rows[-1])
    return rows, skipped, principle_labels, mentees


def build_cohort(folder: Path, lang: str | None = None, *, anonymise: bool = False) -> dict:
    store = SessionStore(Path(folder))
    lang = _page_language(store, lang)
    who = _Names(words_for(lang), anonymise)
    rows, skipped, principle_labels, mentees = _rows(store, lang, who, anonymise)
    # The store's reason starts with the full path; the page names the file once.
    skipped[:0] = [{"file": s.path.name, "reason": s.reason.removeprefix(str(s.path)).lstrip(": ") or s.reason}
                   for s in store.skipped]
    ranked = ranking(rows)
    place = {x["trainee"]: x["rank"] for x in ranked}
    rows.sort(key=lambda r: (place[r["trainee"]], r["trainee"].lower(), r["started"]))
    for r in rows:
        r["rank"] = place[r["trainee"]]
    scenarios, grid = _score_grid(rows, ranked, place)
    pgrid = principle_grid(rows, ranked, principle_labels)

    cohort = {"format": "mentor-sim-cohort", "lang": lang, "folder": str(folder), "anonymised": anonymise,
              "rows": rows, "scenarios": scenarios, "grid": grid, "principles": principle_labels,
              "skipped": skipped, "trainees": len(ranked), "ranking": ranked, "principle_grid": pgrid,
              "principle_charts": principle_bars(pgrid, principle_labels),
              "evening_targets": evening_targets(rows, ranked)}
    if anonymise:  # titles, notes and target labels name mentees (and trainees) too
        from simulator.report.anonymise import Anonymiser

        cohort = Anonymiser(list(who.seen), sorted(mentees)).walk(cohort)
    return cohort


def render_cohort(cohort: dict, fmt: str = "md") -> str:
    lang = cohort["lang"]
    ew = evening_words(lang)
    if fmt == "md":
        from simulator.report.markdown import _tidy

        return _tidy(render("cohort.md.j2", c=cohort, w=words_for(lang), ew=ew, lang=lang))
    if fmt == "html":
        from simulator.report.barcharts import principle_chart

        return render("cohort.html.j2", c=cohort, w=words_for(lang), ew=ew, lang=lang, chart=principle_chart)
    if fmt == "csv":
        from simulator.report.csvreport import cohort_csv

        return cohort_csv(cohort)
    if fmt == "json":
        from simulator.report.jsonreport import render_json

        return render_json(cohort)
    raise ValueError(f"unknown cohort format {fmt!r}")
