"""Everything a debrief report shows, gathered once from a saved session.

`build_debrief(session, scenario)` returns one plain, JSON-ready dict: the
transcript with each turn's codes, undone attempts beside the turn that
replaced them, the scorecard with bands, evidence and the guide's advice for
weak principles, the running figures per turn (each computed over the turns so
far, so the chart shows how the talk developed), the conversation steps over
time, the logbook, the story recall and the drill results. The Markdown, HTML
and JSON renderers only lay this dict out; none of them computes anything.

Turn numbers in the dict are 1-based, as the trainee reads them. This module
never imports a UI and never writes a file.
"""

from __future__ import annotations


from simulator.coding.context import STEPS
from simulator.coding.labels import label, labels, section
from simulator.engine.session import Segment, Session, Turn
from simulator.mentee.source import mark as source_mark
from simulator.mentee.source import share as source_share
from simulator.mentee.source import share_line as source_share_line
from simulator.report import logbook as logbook_mod
from simulator.report.anonymise import for_session
from simulator.locale.numbers import fmt_bounds, fmt_figure, fmt_number
from simulator.report.words import figure_label, target_value, words_for
from simulator.scoring.figures import breaches, compute_figures, unpermitted_advice
from simulator.scoring.scorecard import Scorecard, bands_config, band_for, score_session

REPORT_VERSION = 1
# Figures drawn turn by turn, with the principle whose bands mark the chart.
SERIES = (
    ("trust", None),
    ("open_question_share", "open_questions"),
    ("reflection_to_question", "reflective_listening"),
    ("mentor_talk_share", "listen_more"),
)
# Principles whose evidence marks where something happened (a step or role began),
# not a turn to do differently; their turns are not flagged as weak.
CONTEXT_SELECTORS = ("step", "role")


def find_scenario_for(session: Session):
    """The scenario a session was played in, or None when it is no longer installed."""
    from simulator.scenario import ScenarioError, load_scenario
    from simulator.scenario.catalogue import scenario_file

    path = scenario_file(session.scenario)
    if path is None:
        return None
    try:
        return load_scenario(path)
    except (ScenarioError, OSError):
        return None


def running_series(session: Session, course_phase: str | None = None) -> list[dict]:
    """Per turn: trust after it and the key figures over the talk up to it."""
    out = []
    for k, turn in enumerate(session.turns, start=1):
        f = compute_figures(session.model_copy(update={"turns": session.turns[:k]}), course_phase)
        out.append({"turn": k, "trust": turn.trust,
                    "open_question_share": f["open_question_share"],
                    "reflection_to_question": f["reflection_to_question"],
                    "mentor_talk_share": f["mentor_talk_share"]})
    return out


def step_runs(turns: list[Turn], lang: str) -> list[dict]:
    runs: list[dict] = []
    for t in turns:
        if runs and runs[-1]["step"] == t.step:
            runs[-1]["last"] = t.index + 1
        else:
            runs.append({"step": t.step, "label": label("steps", t.step, lang), "first": t.index + 1,
                         "last": t.index + 1})
    return runs


def _codes(segments: list[Segment], lang: str) -> list[dict]:
    tag_info = labels().get("tags", {})
    out = []
    for seg in segments:
        tags = [{"tag": tag, "label": label("tags", tag, lang), "kind": (tag_info.get(tag) or {}).get("kind", "")}
                for tag in seg.tags]
        out.append({"text": seg.text, "code": seg.code, "label": label("codes", seg.code, lang),
                    "tags": tags})
    return out


def _turn_view(t: Turn, lang: str, facts: dict[str, str]) -> dict:
    return {
        "n": t.index + 1,
        "mentor": t.mentor.strip(),
        "pause": t.primary == "pause",
        "primary": t.primary,
        "codes": _codes(t.segments, lang),
        "role": t.role,
        "role_label": label("roles", t.role, lang) if t.role else "–",
        "step": t.step,
        "step_label": label("steps", t.step, lang),
        "mentee": t.mentee.strip(),
        "trust_before": t.trust_before,
        "trust": t.trust,
        "trust_delta": round(t.trust - t.trust_before, 3),
        "reaction": t.reaction,
        # The fact's own words, never its id: a trainee reads what the mentee told.
        "revealed": [{"id": fid, "text": facts.get(fid, "")} for fid in t.revealed],
        # Only what a model mentee's reply does not already show (it words facts its own way);
        # the scripted mentee's reply is the fact as she told it (her short form, not the full
        # text: quoting that would put words in her mouth)
        "told": [facts[fid] for fid in t.revealed if facts.get(fid) and facts[fid] not in t.mentee]
        if t.source == "model" else [],
        "agreement": t.agreement,
        "advice_without_permission": t.advice_without_permission,
        "misunderstood": t.misunderstood,
        "source": t.source,
        "source_mark": source_mark(t.source, lang),
    }


def _pitfall_view(pit: dict) -> dict:
    return {**pit, "turns": [i + 1 for i in pit["turns"]]}


def _weak_flags(card: Scorecard) -> tuple[dict[int, list[dict]], list[dict]]:
    """Turn number -> the weak principles citing it; and the 'what to practise' list.

    The pitfalls principle carries one entry per pitfall that occurred, each with
    its own route out of it and its own better line (feedback.yaml)."""
    rules = {r["id"]: r for r in bands_config()["principles"]}
    per_turn: dict[int, list[dict]] = {}
    work_on = []
    pitfalls = [_pitfall_view(p) for p in card.pitfalls]
    for p in card.principles:
        if p.band == "good":
            continue
        selectors = rules.get(p.id, {}).get("weak_evidence", [])
        context_only = bool(selectors) and all(s.partition(":")[0] in CONTEXT_SELECTORS for s in selectors)
        turns = [] if context_only else [i + 1 for i in p.evidence]
        for n in turns:
            if p.id == "boundaries":
                for pit in pitfalls:
                    if n in pit["turns"]:
                        per_turn.setdefault(n, []).append({"id": pit["tag"], "label": pit["label"],
                                                           "band": p.band})
            else:
                per_turn.setdefault(n, []).append({"id": p.id, "label": p.label, "band": p.band})
        work_on.append({"id": p.id, "label": p.label, "band": p.band, "band_label": p.band_label,
                        "value": p.value, "guide_section": p.guide_section, "advice": p.advice,
                        "example": p.example, "anchor": p.anchor, "turns": turns,
                        "pitfalls": pitfalls if p.id == "boundaries" else []})
    # The heaviest concerns first: "not yet" before "fair", then by the principle's weight.
    work_on.sort(key=lambda w: (0 if w["band"] == "not_yet" else 1, -float(rules.get(w["id"], {}).get("weight", 1))))
    return per_turn, work_on


def _principle_view(p, lang: str, rule: dict | None) -> dict:
    figure = rule["figure"] if rule else ""
    return {"id": p.id, "label": p.label, "band": p.band, "band_label": p.band_label, "value": p.value,
            "value_text": fmt_figure(figure, p.value, lang) if figure else fmt_number(p.value, lang),
            "evidence": [i + 1 for i in p.evidence], "guide_section": p.guide_section,
            "advice": p.advice, "example": p.example, "anchor": p.anchor}


def _went_well(card: Scorecard, lang: str, session: Session, phase: str | None, unasked: list[int]) -> list[dict]:
    """The principles in the good band, each with the turns that earned it (not context turns),
    and the referrals made (the guide's way to hand on what a mentor should not handle)."""
    rules = {r["id"]: r for r in bands_config()["principles"]}
    out = []
    for p in card.principles:
        if p.band != "good":
            continue
        rule = rules.get(p.id, {})
        needs = rule.get("went_well_needs")
        if needs and not card.figures.get(needs):
            continue  # good only because nothing happened (no advice given): not worth praise
        selectors = rule.get("evidence", [])
        context_only = bool(selectors) and all(s.partition(":")[0] in CONTEXT_SELECTORS for s in selectors)
        turns = [] if context_only else [i + 1 for i in p.evidence if _a_model(session, i, unasked, phase)]
        if p.evidence and not context_only and not turns:
            continue  # every turn that earned it is one no trainer would hold up
        out.append({"id": p.id, "label": p.label, "guide_section": p.guide_section,
                    "figure_label": figure_label(rule.get("figure", ""), lang),
                    "value_text": fmt_figure(rule.get("figure", ""), p.value, lang), "turns": turns})
    referred = [t.index + 1 for t in session.turns if any("referral" in s.tags for s in t.segments)]
    if referred:
        out.append({"id": "referrals", "label": label("tags", "referral", lang), "guide_section":
                    section("tags", "referral"), "figure_label": figure_label("referrals", lang),
                    "value_text": str(len(referred)), "turns": referred})
    return out


def _a_model(session: Session, i: int, unasked: list[int], phase: str | None) -> bool:
    """A turn a trainer would show as done well: the mentee followed it, and it gave no advice
    unasked and crossed no boundary (a reflection coded beside unasked advice or a 40-word
    sentence she did not understand is no model of listening: user trial, stop 29)."""
    if not 0 <= i < len(session.turns):
        return False
    t = session.turns[i]
    return not t.misunderstood and not (i < len(unasked) and unasked[i]) and not breaches(t, phase)


def _target_view(t: dict, lang: str) -> dict:
    bounds = fmt_bounds(t["figure"], t.get("min"), t.get("max"), lang)
    return {"label": t.get("label") or figure_label(t["figure"], lang), "figure": t["figure"],
            "value": t.get("value"),
            "value_text": target_value(t, lang), "bounds": bounds,
            "met": bool(t.get("met"))}


def _evidence_text(evidence) -> str:
    if isinstance(evidence, dict):
        return "; ".join(f"{sid}: {', '.join(str(i + 1) for i in turns)}" for sid, turns in evidence.items() if turns)
    if isinstance(evidence, list):
        return ", ".join(str(i + 1) for i in evidence if isinstance(i, int))
    return ""


def drill_view(drill: dict | None, lang: str) -> dict | None:
    """The drill record of a session (simulator.drills) as rows of met / missed targets."""
    if not drill or not isinstance(drill, dict):
        return None

    def rows(items) -> list[dict]:
        out = []
        for t in items or []:
            if not isinstance(t, dict):
                continue
            name = t.get("name") or t.get("figure") or ""
            value = t.get("value")
            out.append({"label": t.get("label") or name, "name": name, "met": bool(t.get("met")),
                        "value_text": fmt_figure(name, value, lang) if t.get("kind", "figure") == "figure"
                        else fmt_number(value, lang),
                        "evidence": _evidence_text(t.get("evidence"))})
        return out

    targets = rows(drill.get("targets"))
    overall = rows(drill.get("overall_targets"))
    scenarios = drill.get("scenarios") if isinstance(drill.get("scenarios"), list) else []
    position = drill.get("position")
    met = sum(r["met"] for r in targets)
    return {"id": drill.get("id", ""), "title": drill.get("title") or drill.get("id", ""),
            "run": drill.get("run", ""), "assess": bool(drill.get("assess")),
            "position": position + 1 if isinstance(position, int) else None, "of": len(scenarios) or None,
            "targets": targets, "overall_targets": overall, "met": met, "total": len(targets),
            "passed": drill.get("passed"), "all_total": drill.get("total"),
            "finished": bool(drill.get("finished"))}


def _recall_view(recall: dict | None, facts: dict[str, str], session: Session) -> dict | None:
    if not recall or not isinstance(recall, dict):
        return None
    caught = [{"id": f, "text": facts.get(f, "")} for f in recall.get("facts_caught", [])]
    missed = [{"id": f, "text": facts.get(f, "")} for f in recall.get("facts_missed", [])]
    told = len(caught) + len(missed)
    return {"text": recall.get("text", ""), "caught": caught, "missed": missed, "told": told,
            "agreement_caught": bool(recall.get("agreement_caught")),
            "agreement_made": any(t.agreement for t in session.turns),
            "share": round(len(caught) / told, 3) if told else None}


def _undone_by_turn(session: Session, lang: str, facts: dict[str, str]) -> tuple[dict[int, list[dict]], list[dict]]:
    """Undone attempts by the number of the turn that replaced them, and those no turn replaced."""
    by_turn: dict[int, list[dict]] = {}
    unreplaced: list[dict] = []
    for a in session.attempts:
        view = _turn_view(a.turn, lang, facts)
        view["undone_at"] = a.undone_at
        at = a.replaced_at if "replaced_at" in a else a.turn.index
        if isinstance(at, int) and at < len(session.turns):
            by_turn.setdefault(at + 1, []).append(view)
        else:
            unreplaced.append(view)
    return by_turn, unreplaced


def _marks_by_turn(session: Session, lang: str) -> dict[int, list[dict]]:
    by_turn: dict[int, list[dict]] = {}
    for m in session.marks:
        if m.turn is not None:
            by_turn.setdefault(m.turn + 1, []).append(
                {"segment": m.segment, "text": m.text, "code": m.code,
                 "label": label("codes", m.code if "code" in m else None, lang), "note": m.note})
    return by_turn


def _turn_views(session: Session, per_turn: dict[int, list[dict]], lang: str, facts: dict[str, str],
                phase: str | None, unpermitted: list[int]) -> tuple[list[dict], list[dict]]:
    """Every turn as the report shows it (with its undone attempts, marks and weak flags),
    and the undone attempts no turn replaced."""
    attempts_by_turn, unreplaced = _undone_by_turn(session, lang, facts)
    marks_by_turn = _marks_by_turn(session, lang)
    first_flag: set[str] = set()
    turns = []
    for t in session.turns:
        view = _turn_view(t, lang, facts)
        view["advice_without_permission"] = unpermitted[t.index] if t.index < len(unpermitted) else 0
        if breaches(t, phase):  # CODEBOOK v2: a turn with a pitfall plays no role
            view["role"], view["role_label"] = None, "–"
        n = view["n"]
        view["attempts"] = attempts_by_turn.get(n, [])
        view["marks"] = marks_by_turn.get(n, [])
        flags = []
        for f in per_turn.get(n, []):
            flags.append({**f, "first": f["id"] not in first_flag})
            first_flag.add(f["id"])
        view["weak"] = flags
        turns.append(view)
    return turns, unreplaced


def _series_meta(series: list[dict], rules: dict, lang: str) -> list[dict]:
    w = words_for(lang)
    series_meta = []
    for fig, pid in SERIES:
        rule = rules.get(pid) if pid else None
        values = [row[fig] for row in series]
        last = values[-1] if values else None
        series_meta.append({
            "figure": fig, "label": w[f"fig.{fig}"], "values": values,
            "last_text": fmt_figure(fig, last, lang) if fig != "trust" else fmt_number(last, lang),
            "band": band_for(last, rule) if rule and last is not None else None,
            "band_label": (bands_config()["labels"][lang][band_for(last, rule)]
                           if rule and last is not None else ""),
            "percent": fig.endswith("_share"),
            "thresholds": ([(float(rule["good"]), "good"), (float(rule["fair"]), "fair")] if rule else []),
            "better": rule["better"] if rule else "higher",
        })

    return series_meta


def _key_rows(f: dict, lang: str) -> list[dict]:
    w = words_for(lang)
    key_figures = [
        ("open_question_share", f["open_question_share"]),
        ("reflection_to_question", f["reflection_to_question"]),
        ("mentor_talk_share", f["mentor_talk_share"]),
        ("affirmations", None),
        ("advice_without_permission", f["advice_without_permission"]),
        ("words_per_sentence", f["words_per_sentence"]),
        ("unclear_turns", f["unclear_turns"]),
        ("check_understanding", f["check_understanding"]),
        ("misunderstood", f["misunderstood"]),
        ("boundary_flags_total", f["boundary_flags_total"]),
        ("facts_revealed", f["facts_revealed"]),
        ("agreement_at_end", f["agreement_at_end"]),
        ("trust_final", f["trust_final"]),
    ]
    key_rows = []
    for name, value in key_figures:
        if name == "affirmations":
            text = f"{f['affirmations']} ({f['specific_praise']})"
        elif name == "boundary_flags_total" and f["boundary_flags_total"]:
            parts = [f"{label('tags', tag, lang)} {n}" for tag, n in f["boundary_flags"].items() if n]
            text = f"{f['boundary_flags_total']} ({', '.join(parts)})"
        else:
            text = fmt_figure(name, value, lang)
        key_rows.append({"figure": name, "label": w[f"fig.{name}"], "value": value, "text": text})

    return key_rows


def _session_view(session: Session, scenario, mentee: str, lang: str) -> dict:
    return {
        "id": session.id, "scenario": session.scenario, "scenario_title": session.scenario_title,
        "trainee": session.trainee, "mentee": mentee, "started": session.started,
        "updated": session.updated, "finished": session.finished, "mentee_backend": session.mentee_backend,
        "mentee_sources": source_share(session.turns),
        "mentee_sources_line": source_share_line(session.turns, lang),
        "coder": session.coder,
        "seed": session.seed, "turns": len(session.turns), "undone": len(session.attempts),
        "course_phase": label("course_phases", scenario.course_phase, lang) if scenario is not None else "",
    }


def build_debrief(session: Session, scenario=None, *, anonymise: bool = False,
                  card: Scorecard | None = None) -> dict:
    lang = session.language if session.language in ("da", "en") else "da"
    w = words_for(lang)
    card = card or score_session(session, scenario, lang)
    facts = {f.id: f.text for f in scenario.facts} if scenario is not None else {}
    goal_facts = {f.id: f.text for f in scenario.facts if f.kind == "goal"} if scenario is not None else {}
    mentee_name = scenario.persona.name if scenario is not None else None
    rules = {r["id"]: r for r in bands_config()["principles"]}
    phase = scenario.course_phase if scenario is not None else None
    per_turn, work_on = _weak_flags(card)
    # Where a reflection was missed, what the mentee had just said is the material for a better line.
    for item in work_on:
        if item["id"] == "reflective_listening":
            item["before"] = [session.turns[n - 2].mentee.strip() if n >= 2 else "" for n in item["turns"]]
    unasked = unpermitted_advice(session.turns, session.language, session.opening)  # per turn, read twice below
    turns, unreplaced = _turn_views(session, per_turn, lang, facts, phase, unasked)

    series = running_series(session, phase)
    steps_seen = [s for s in STEPS if s in {t.step for t in session.turns}]
    notes = []
    if scenario is None:
        notes.append(w["no_scenario"].format(id=session.scenario))
    if not session.finished and session.turns:
        notes.append(w["unfinished"])

    debrief = {
        "format": "mentor-sim-debrief",
        "version": REPORT_VERSION,
        "lang": lang,
        "anonymised": False,
        "session": _session_view(session, scenario, mentee_name or w["mentee"], lang),
        "opening": session.opening,
        "overall": card.overall,
        "principles": [_principle_view(p, lang, rules.get(p.id)) for p in card.principles],
        "targets": [_target_view(t, lang) for t in card.targets],
        "key_figures": _key_rows(card.figures, lang),
        "figures": card.figures,
        "work_on": work_on,
        "went_well": _went_well(card, lang, session, phase, unasked),
        "steps": {"runs": step_runs(session.turns, lang),
                  "per_turn": [t.step for t in session.turns],
                  "covered": [label("steps", s, lang) for s in steps_seen],
                  "missing": [label("steps", s, lang) for s in STEPS if s not in steps_seen]},
        "series": series,
        "series_meta": _series_meta(series, rules, lang),
        "turns": turns,
        "unreplaced_attempts": unreplaced,
        "logbook": logbook_mod.logbook(session, goal_facts),
        "recall": _recall_view(session.recall, facts, session),
        "drill": drill_view(session.drill, lang),
        "notes": notes,
    }
    if anonymise:
        anon = for_session(session, mentee_name, scenario)
        debrief = anon.walk(debrief)
        debrief["anonymised"] = True
    return debrief


def step_labels(lang: str) -> dict[str, str]:
    return {s: label("steps", s, lang) for s in STEPS}


__all__ = ["build_debrief", "find_scenario_for", "running_series", "drill_view", "step_labels"]
