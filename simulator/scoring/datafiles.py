"""The shape of the scorer's data files, checked on load: bands.yaml and feedback.yaml.

A trainer tunes the bands and the feedback by hand. A missing Danish text, a band
"better: highr" or a pitfall named `pitty` is reported as `file:line: field: what is
wrong` before any session is scored, instead of a KeyError in the middle of a debrief.
The scoring modules keep reading the files as plain mappings (many of them do).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.coding.vocabulary import BOUNDARY_TAGS, CODES, TAGS
from simulator.yamlfile import unknown

# What a principle's `evidence:` may select (scorecard._hit): a kind, or code:/tag:/attr: NAME.
EVIDENCE_KINDS = (
    "code", "tag", "attr", "breach", "credited_open_question", "uncredited_question",
    "missed_reflection", "unspecific_praise", "unpermitted_advice", "unclear", "long_sentence",
    "long_turn", "concrete_agreement", "vague_agreement", "role", "step",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Texts(_Strict):
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class BandWords(_Strict):
    good: str
    fair: str
    not_yet: str


class Points(_Strict):
    good: float
    fair: float
    not_yet: float


class PrincipleRule(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    figure: str = Field(min_length=1)
    better: Literal["higher", "lower"]
    fair: float
    good: float
    weight: float = Field(gt=0)
    guide_section: str = Field(min_length=1)
    anchor: Texts
    evidence: list[str]
    weak_evidence: list[str]
    label: Texts
    advice: Texts
    example: Texts
    went_well_needs: str | None = None  # a figure that must be non-zero to list the principle as done well


class BandsFile(_Strict):
    points: Points
    labels: dict[Literal["da", "en"], BandWords]
    principles: list[PrincipleRule] = Field(min_length=1)


def band_problems(bands: BandsFile):
    """Evidence selectors naming no known kind, code or tag; bands in the wrong order; ids twice."""
    seen: set[str] = set()
    for i, rule in enumerate(bands.principles):
        if rule.id in seen:
            yield ("principles", i, "id"), f"the principle {rule.id!r} appears twice"
        seen.add(rule.id)
        if (rule.good < rule.fair) if rule.better == "higher" else (rule.good > rule.fair):
            yield ("principles", i, "good"), (f"with better: {rule.better} the good band must be "
                                              f"{'above' if rule.better == 'higher' else 'below'} fair ({rule.fair})")
        for field in ("evidence", "weak_evidence"):
            for j, sel in enumerate(getattr(rule, field)):
                problem = _selector_problem(sel)
                if problem:
                    yield ("principles", i, field, j), problem


def _selector_problem(sel: str) -> str | None:
    kind, _, arg = sel.partition(":")
    if kind not in EVIDENCE_KINDS:
        return unknown("evidence", kind, EVIDENCE_KINDS)
    if kind == "code" and arg not in CODES:
        return unknown("code", arg, CODES)
    if kind == "tag" and arg not in TAGS:
        return unknown("tag", arg, TAGS)
    if kind in ("code", "tag", "attr") and not arg:
        return f"write {kind}:NAME"
    return None


class Route(_Strict):
    section: str = Field(min_length=1)
    label: Texts
    advice: Texts
    better: Texts


class FeedbackFile(_Strict):
    boundaries: dict[str, Route]
    caricature_voids: list[str] = Field(default_factory=list)
    caricature_void_note: Texts
    agreement_not_taken: list[str] = Field(default_factory=list)


def feedback_problems(feedback: FeedbackFile):
    """Every boundary tag has its route out, and only boundary tags have one."""
    for tag in feedback.boundaries:
        if tag not in BOUNDARY_TAGS:
            yield ("boundaries", tag), unknown("boundary tag", tag, BOUNDARY_TAGS)
    missing = [t for t in BOUNDARY_TAGS if t not in feedback.boundaries]
    if missing:
        yield ("boundaries",), f"no route out of the pitfall {', '.join(missing)}; each boundary tag needs one"
