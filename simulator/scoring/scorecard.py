"""Principles with bands and evidence, and the overall score (0-100).

The bands, weights, guide sections and advice live in bands.yaml so a trainer
can read and tune them; this module only applies them to a session's figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.engine.session import Session, Turn
from simulator.scoring.figures import compute_figures, figure_value
from simulator.text.readability import words

BANDS_FILE = Path(__file__).parent / "bands.yaml"
LONG_SENTENCE_WORDS = 18


@lru_cache(maxsize=1)
def bands_config() -> dict:
    return yaml.safe_load(BANDS_FILE.read_text(encoding="utf-8"))


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

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Scorecard:
    figures: dict
    principles: list[Principle]
    overall: int
    targets: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"figures": self.figures, "principles": [p.to_dict() for p in self.principles],
                "overall": self.overall, "targets": self.targets}


def band_for(value: float | None, rule: dict) -> str:
    if value is None:
        return "not_yet"
    if rule["better"] == "higher":
        return "good" if value >= rule["good"] else "fair" if value >= rule["fair"] else "not_yet"
    return "good" if value <= rule["good"] else "fair" if value <= rule["fair"] else "not_yet"


def _select(turns: list[Turn], selectors: list[str]) -> list[int]:
    out: list[int] = []
    for t in turns:
        hit = False
        for sel in selectors:
            kind, _, arg = sel.partition(":")
            if kind == "code":
                hit = any(s["code"] == arg for s in t.segments)
            elif kind == "tag":
                hit = arg in t.tags
            elif kind == "attr":
                hit = bool(getattr(t, arg, None))
            elif kind == "long_sentence":
                hit = any(len(words(s["text"])) > LONG_SENTENCE_WORDS for s in t.segments)
            elif kind == "long_turn":
                hit = len(words(t.mentor)) > 2 * max(1, len(words(t.mentee)))
            elif kind in ("role", "step"):
                prev = turns[t.index - 1] if t.index > 0 and t.index - 1 < len(turns) else None
                now = getattr(t, kind)
                hit = bool(now) and (prev is None or getattr(prev, kind) != now)
            elif kind == "last_turns":
                hit = t.index >= len(turns) - 3
            if hit:
                break
        if hit:
            out.append(t.index)
    return out


def score_session(session: Session, scenario=None, lang: str | None = None) -> Scorecard:
    cfg = bands_config()
    lang = lang or session.language
    figures = compute_figures(session)
    principles: list[Principle] = []
    total = weight_sum = 0.0
    for rule in cfg["principles"]:
        value = figure_value(figures, rule["figure"])
        band = band_for(value, rule)
        weak = band != "good"
        evidence = _select(session.turns, rule["weak_evidence"] if weak else rule["evidence"])
        principles.append(Principle(
            id=rule["id"], label=rule["label"].get(lang, rule["label"]["da"]), band=band,
            band_label=cfg["labels"].get(lang, cfg["labels"]["da"])[band], value=value, evidence=evidence,
            guide_section=rule["guide_section"],
            advice=rule["advice"].get(lang, rule["advice"]["da"]) if weak else None,
            example=rule["example"].get(lang, rule["example"]["da"]) if weak else None))
        total += rule["weight"] * cfg["points"][band]
        weight_sum += rule["weight"]
    overall = round(100 * total / weight_sum) if session.turns else 0
    targets = check_targets(scenario.targets, figures) if scenario is not None else []
    return Scorecard(figures=figures, principles=principles, overall=overall, targets=targets)


def check_targets(targets, figures: dict) -> list[dict]:
    out = []
    for t in targets:
        value = figure_value(figures, t.figure)
        ok = value is not None and (t.min is None or value >= t.min) and (t.max is None or value <= t.max)
        out.append({"figure": t.figure, "min": t.min, "max": t.max, "label": t.label, "value": value,
                    "met": ok})
    return out
