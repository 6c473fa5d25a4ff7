"""Principles with bands and evidence, the pitfalls one by one, and the overall score (0-100).

The bands, weights, anchors, guide sections and advice live in bands.yaml, the
route out of each pitfall in feedback.yaml, so a trainer can read and tune them;
this module only applies them to a session's figures. Evidence turns are the
turns that fall short for a weak band and the turns that earned a good one.
Better phrasings are templates filled with the mentee's name; a scenario's own
`better:` line for a principle or pitfall wins, so a debrief never tells one
mentee's story to another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulator.engine.session import Session, Turn
from simulator.scoring.datafiles import BandsFile, band_problems
from simulator.scoring.figures import (
    BOUNDARY, LONG_SENTENCE_WORDS, breaches, compute_figures, feedback_config, figure_value,
    is_concrete_agreement, is_unclear, unpermitted_advice,
)
from simulator.text.tokens import words
from simulator.text.templates import render_line, scenario_context
from simulator.yamlfile import load_checked

BANDS_FILE = Path(__file__).parent / "bands.yaml"
# A mentee reply this long told something worth giving back before the next question.
TOLD_SOMETHING_WORDS = 8


@lru_cache(maxsize=1)
def bands_config() -> dict:
    """bands.yaml, checked on load (scoring/datafiles.py: file:line errors)."""
    return load_checked(BANDS_FILE, BandsFile, band_problems)


@dataclass
class Principle:
    id: str
    label: str
    band: str
    band_label: str
    value: float | None
    evidence: list[int]
    guide_section: str
    advice: str | None = None
    example: str | None = None
    anchor: str = ""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Scorecard:
    figures: dict
    principles: list[Principle]
    overall: int
    targets: list[dict] = field(default_factory=list)
    pitfalls: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"figures": self.figures, "principles": [p.to_dict() for p in self.principles],
                "overall": self.overall, "targets": self.targets, "pitfalls": self.pitfalls}


def band_for(value: float | None, rule: dict) -> str:
    if value is None:
        return "not_yet"
    if rule["better"] == "higher":
        return "good" if value >= rule["good"] else "fair" if value >= rule["fair"] else "not_yet"
    return "good" if value <= rule["good"] else "fair" if value <= rule["fair"] else "not_yet"


def _asks(seg) -> bool:
    return seg.code in ("open_question", "closed_question") and "check_understanding" not in seg.tags


def _hit(kind: str, arg: str, t: Turn, turns: list[Turn], ctx: dict) -> bool:
    prev = turns[t.index - 1] if 0 < t.index <= len(turns) else None
    if kind == "code":
        return any(s.code == arg for s in t.segments)
    if kind == "tag":
        return any(arg in s.tags for s in t.segments)
    if kind == "attr":
        return bool(getattr(t, arg, None))
    if kind == "breach":
        return bool(breaches(t, ctx["phase"]))
    if kind == "credited_open_question":
        return not breaches(t, ctx["phase"]) and any(_asks(s) and s.code == "open_question" for s in t.segments)
    if kind == "uncredited_question":
        return any(_asks(s) and (s.code == "closed_question" or breaches(t, ctx["phase"])) for s in t.segments)
    if kind == "missed_reflection":
        # The mentee told something, and the next turn asked on without giving any of it back.
        told = prev is not None and (prev.revealed or len(words(prev.mentee)) >= TOLD_SOMETHING_WORDS)
        return bool(told) and any(_asks(s) for s in t.segments) and not any(
            s.code == "reflection" for s in t.segments)
    if kind == "unspecific_praise":  # praise inside a pitfall is shown as the pitfall, not here
        return not breaches(t, ctx["phase"]) and any(s.code == "affirmation" and "specific_praise" not in s.tags for s in t.segments)
    if kind == "unpermitted_advice":
        return ctx["unpermitted"][t.index] > 0
    if kind == "unclear":
        return is_unclear(t)  # a pleasantry too, when caricatured (figures: unclear_turns)
    if kind == "long_sentence":
        return any(len(words(s.text)) > LONG_SENTENCE_WORDS for s in t.segments)
    if kind == "long_turn":
        return len(words(t.mentor)) > 2 * max(1, len(words(t.mentee)))
    if kind == "concrete_agreement":
        return is_concrete_agreement(t, turns)
    if kind == "vague_agreement":
        return t.agreement and not is_concrete_agreement(t, turns)
    if kind in ("role", "step"):
        now = getattr(t, kind)
        if kind == "role" and breaches(t, ctx["phase"]):
            return False
        return bool(now) and (prev is None or getattr(prev, kind) != now)
    return False


def _select(turns: list[Turn], selectors: list[str], ctx: dict) -> list[int]:
    out: list[int] = []
    for t in turns:
        if any(_hit(*sel.partition(":")[::2], t, turns, ctx) for sel in selectors):
            out.append(t.index)
    return out


def better_context(scenario) -> dict:
    if scenario is None:
        return {"name": "mentee", "persona": {}, "trainee": "", "facts": {}}
    return scenario_context(scenario.persona.model_dump(), {f.id: f.text for f in scenario.facts})


def better_lines(key: str, default: dict | None, scenario, lang: str) -> list[str]:
    """The better phrasings for a principle or pitfall: the scenario's own lines, else the template."""
    own = getattr(scenario, "better", None) or {}
    lines = own.get(key)
    if isinstance(lines, str):
        lines = [lines]
    if not lines and default:
        lines = [default.get(lang, default.get("da", ""))]
    ctx = better_context(scenario)
    return [render_line(line, ctx) for line in lines or [] if line]


def pitfalls(session: Session, scenario, lang: str, phase: str | None) -> list[dict]:
    """One entry per pitfall that occurred: its turns, the guide's route out of it, a better line."""
    routes = feedback_config()["boundaries"]
    out = []
    for tag in BOUNDARY:
        turns = [t.index for t in session.turns if tag in breaches(t, phase)]
        if not turns:
            continue
        route = routes[tag]
        out.append({"tag": tag, "label": route["label"].get(lang, route["label"]["da"]),
                    "section": route["section"], "count": len(turns), "turns": turns,
                    "advice": route["advice"].get(lang, route["advice"]["da"]),
                    "better": better_lines(tag, route["better"], scenario, lang)})
    return out


def score_session(session: Session, scenario=None, lang: str | None = None) -> Scorecard:
    cfg = bands_config()
    lang = lang or session.language
    phase = scenario.course_phase if scenario is not None else None
    figures = compute_figures(session, phase)
    ctx = {"phase": phase, "unpermitted": unpermitted_advice(session.turns, session.language, session.opening)}
    principles: list[Principle] = []
    total = weight_sum = 0.0
    for rule in cfg["principles"]:
        value = figure_value(figures, rule["figure"])
        band = band_for(value, rule)
        void = band == "good" and _voided(rule["figure"], figures)
        if void:
            band = "fair"  # short words and sentences by caricature are not the plain speech meant
        weak = band != "good"
        evidence = _select(session.turns, rule["weak_evidence"] if weak else rule["evidence"], ctx)
        if not weak:  # a turn with a pitfall is never shown as what went well
            evidence = [i for i in evidence if not breaches(session.turns[i], phase)]
        advice = rule["advice"].get(lang, rule["advice"]["da"]) if weak else None
        better = better_lines(rule["id"], rule["example"], scenario, lang) if weak else []
        if void:  # say why a figure in the good range is not good, and show the turns that void it
            evidence, advice, better = _caricature_void(session.turns, ctx, scenario, lang)
        principles.append(Principle(
            id=rule["id"], label=rule["label"].get(lang, rule["label"]["da"]), band=band,
            band_label=cfg["labels"].get(lang, cfg["labels"]["da"])[band], value=value, evidence=evidence,
            guide_section=rule["guide_section"], advice=advice, example=better[0] if better else None,
            anchor=rule.get("anchor", {}).get(lang, rule.get("anchor", {}).get("da", ""))))
        total += rule["weight"] * cfg["points"][band]
        weight_sum += rule["weight"]
    overall = round(100 * total / weight_sum) if session.turns else 0
    targets = check_targets(scenario.targets, figures) if scenario is not None else []
    return Scorecard(figures=figures, principles=principles, overall=overall, targets=targets,
                     pitfalls=pitfalls(session, scenario, lang, phase))


def _caricature_void(turns: list[Turn], ctx: dict, scenario, lang: str) -> tuple[list[int], str, list[str]]:
    """The caricatured turns, and the caricature route's advice after the note on why they void the band."""
    cfg = feedback_config()
    route = cfg["boundaries"]["caricature"]
    note = cfg["caricature_void_note"]
    advice = f'{note.get(lang, note["da"])} {route["advice"].get(lang, route["advice"]["da"])}'
    return _select(turns, ["tag:caricature"], ctx), advice, better_lines("caricature", route["better"], scenario, lang)


def _voided(figure: str, figures: dict) -> bool:
    """Whether caricature voids this figure's good value (feedback.yaml caricature_voids)."""
    voided = feedback_config().get("caricature_voids") or ()
    return figure in voided and bool(figures["boundary_flags"].get("caricature"))


def check_targets(targets, figures: dict) -> list[dict]:
    out = []
    for t in targets:
        value = figure_value(figures, t.figure)
        ok = value is not None and (t.min is None or value >= t.min) and (t.max is None or value <= t.max)
        void = ok and _voided(t.figure, figures)
        if void:
            ok = False  # "Du. Arbejde. Før. Hvad?" is short, but not the plain speech the target asks for
        out.append({"figure": t.figure, "min": t.min, "max": t.max, "label": t.label, "value": value,
                    "met": ok, "voided": void})
    return out
