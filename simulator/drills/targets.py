"""Evaluate a drill's targets against saved sessions.

Every result says whether the target was met, the value it was judged on and
the evidence: the indices of the turns (0-based, as in the session file) a
trainer should look at. Like the scorecard, everything is computed from the
saved turns only, so a reopened session gives the same results.

A scenario's targets look at that one conversation. The drill's own targets
(`targets:` at the top of the drill file) look at the whole evening: a figure is
computed over all the drill's turns together, and a rule must hold in every
scenario; their evidence maps scenario id -> turn indices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.engine.session import Session, Turn
from simulator.locale import tr
from simulator.locale.numbers import number_word
from simulator.scenario.drills import DrillTarget
from simulator.scoring.figures import BOUNDARY, LONG_SENTENCE_WORDS, agreement_at_end, compute_figures, figure_value
from simulator.text.tokens import words


@dataclass
class TargetResult:
    kind: str                 # "figure" or "rule"
    name: str                 # the figure or rule
    label: str
    met: bool
    value: float | None
    evidence: list[int] | dict[str, list[int]] = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    n: int | None = None      # reflections_before_advice
    note: str | None = None   # why a rule holds without anything to judge ("no advice given")

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "name": self.name, "label": self.label, "met": self.met,
               "value": self.value, "evidence": self.evidence}
        if self.kind == "figure":
            out["min"], out["max"] = self.min, self.max
        elif self.n is not None:
            out["n"] = self.n
        if self.note:
            out["note"] = self.note
        return out


def default_label(target: DrillTarget, lang: str) -> str:
    if target.label:
        return target.label
    if target.kind == "rule":
        n = target.reflections_before_advice
        key = f"drill.rule.{target.name}"
        return tr(key, lang, n=number_word(n, lang), count=n) if n is not None else tr(key, lang)
    # A trainee reads the figure's name and a Danish decimal comma, never the program's name.
    from simulator.locale.numbers import fmt_bounds
    from simulator.report.words import figure_label

    return f"{figure_label(target.figure, lang)} {fmt_bounds(target.figure, target.min, target.max, lang)}".rstrip()


# -- which turns a figure is made of ------------------------------------------------

Pick = Callable[[Turn], bool]


def _code(code: str) -> Pick:
    return lambda t: any(s.code == code for s in t.segments)


def _tag(tag: str) -> Pick:
    return lambda t: any(tag in s.tags for s in t.segments)


def _question(t: Turn) -> bool:
    return any(s.code in ("open_question", "closed_question") for s in t.segments)


def _talks_more(t: Turn) -> bool:
    return t.primary != "pause" and len(words(t.mentor)) > len(words(t.mentee))


def _long_sentence(t: Turn) -> bool:
    return any(len(words(s.text)) > LONG_SENTENCE_WORDS for s in t.segments)


# figure -> (turns that make the value, turns that hold a share or ratio down)
FIGURE_TURNS: dict[str, tuple[Pick, Pick | None]] = {
    "open_question_share": (_code("open_question"), _code("closed_question")),
    "reflection_to_question": (_code("reflection"), _question),
    "mentor_talk_share": (_talks_more, None),
    "affirmations": (_code("affirmation"), None),
    "specific_praise": (_tag("specific_praise"), _code("affirmation")),
    "advice_without_permission": (lambda t: t.advice_without_permission > 0, None),
    "words_per_sentence": (_long_sentence, None),
    "lix": (_long_sentence, None),
    "boundary_flags_total": (lambda t: any(tag in t.tags for tag in BOUNDARY), None),
    **{tag: (_tag(tag), None) for tag in BOUNDARY},
    "referrals": (_tag("referral"), None),
    "agreement_at_end": (lambda t: t.agreement, None),
    "reflections": (_code("reflection"), None),
    "open_questions": (_code("open_question"), None),
    "closed_questions": (_code("closed_question"), None),
    "pauses": (lambda t: t.primary == "pause", None),
    "ask_permission": (_code("ask_permission"), None),
    "facts_revealed": (lambda t: bool(t.revealed), None),
}


def figure_evidence(turns: list[Turn], figure: str, met: bool, below_min: bool) -> list[int]:
    if not turns:
        return []
    if figure == "trust_final":
        return [turns[-1].index]
    if figure in ("roles_used", "steps_covered"):
        attr = "role" if figure == "roles_used" else "step"
        out, seen = [], set()
        for t in turns:
            value = getattr(t, attr)
            if value and value not in seen and t.primary != "pause":
                seen.add(value)
                out.append(t.index)
        return out
    made_of, holds_down = FIGURE_TURNS.get(figure, (None, None))
    # A share or ratio below its minimum is explained by the turns that keep it low.
    if not met and below_min and holds_down is not None:
        # a turn that also adds to the figure does not keep it low ("Dit eget værksted. Hvad
        # tænker du?" reflects before it asks: no example of a missing reflection)
        return [t.index for t in turns if holds_down(t) and not (made_of and made_of(t))]
    if made_of is None:
        return []
    return [t.index for t in turns if made_of(t)]


# -- the named sequence rules ---------------------------------------------------------

def rule_reflections_before_advice(turns: list[Turn], n: int) -> tuple[float, bool, list[int]]:
    """Reflections counted up to the first advice segment; no advice at all cannot break the rule."""
    count, evidence = 0, []
    for t in turns:
        for s in t.segments:
            if s.code == "advice":
                return float(count), count >= n, sorted(set(evidence + [t.index]))
            if s.code == "reflection":
                count += 1
                evidence.append(t.index)
    return float(count), True, sorted(set(evidence))


def rule_permission_before_advice(turns: list[Turn]) -> tuple[float, bool, list[int]]:
    """Advice segments without ask_permission in the same or the previous turn (CODEBOOK figure)."""
    unpermitted = [t.index for t in turns if t.advice_without_permission]
    value = float(sum(t.advice_without_permission for t in turns))
    if unpermitted:
        return value, False, unpermitted
    return value, True, [t.index for t in turns if _code("advice")(t)]


def rule_agreement_at_end(turns: list[Turn]) -> tuple[float, bool, list[int]]:
    met = agreement_at_end(turns)
    if met:
        return 1.0, True, [next(t.index for t in reversed(turns) if t.agreement)]
    return 0.0, False, [turns[-1].index]


def rule_no_taboo_probe(turns: list[Turn]) -> tuple[float, bool, list[int]]:
    hits = [t.index for t in turns if _tag("taboo_probe")(t)]
    value = float(len(hits))  # per turn, as the scoring counts pitfalls
    return value, value == 0, hits


def _rule(target: DrillTarget, turns: list[Turn]) -> tuple[float, bool, list[int]]:
    if target.name == "reflections_before_advice":
        return rule_reflections_before_advice(turns, target.reflections_before_advice or 1)
    return {"permission_before_advice": rule_permission_before_advice,
            "agreement_at_end": rule_agreement_at_end,
            "no_taboo_probe": rule_no_taboo_probe}[target.name](turns)


# -- evaluation ------------------------------------------------------------------------

def _result(target: DrillTarget, lang: str, met: bool, value, evidence, note: str | None = None) -> TargetResult:
    return TargetResult(kind=target.kind, name=target.name, label=default_label(target, lang), met=met,
                        value=value, evidence=evidence, min=target.min, max=target.max,
                        n=target.reflections_before_advice, note=note)


def _no_advice_note(target: DrillTarget, turns: list[Turn], lang: str) -> str | None:
    """The advice rules hold trivially when no advice was given; say so rather than look like praise."""
    if target.name in ("reflections_before_advice", "permission_before_advice") and not any(
            _code("advice")(t) for t in turns):
        return tr("drill.note.no_advice", lang)
    return None


def _figure_met(target: DrillTarget, value: float | None) -> bool:
    return value is not None and (target.min is None or value >= target.min) and (
        target.max is None or value <= target.max)


def evaluate(targets: list[DrillTarget], session: Session, lang: str = "da",
             figures: dict | None = None) -> list[TargetResult]:
    """The targets of one scenario, judged on its saved turns. A conversation without turns meets none."""
    turns = session.turns
    out = []
    if not turns:
        return [_result(t, lang, False, None, []) for t in targets]
    figures = figures if figures is not None else compute_figures(session)
    for target in targets:
        if target.kind == "figure":
            value = figure_value(figures, target.figure)
            met = _figure_met(target, value)
            below = target.min is not None and (value is None or value < target.min)
            out.append(_result(target, lang, met, value, figure_evidence(turns, target.figure, met, below)))
        else:
            value, met, evidence = _rule(target, turns)
            out.append(_result(target, lang, met, value, evidence, _no_advice_note(target, turns, lang)))
    return out


def pooled_session(sessions: list[Session]) -> Session:
    """All the drill's conversations as one, for figures over the whole evening."""
    first = sessions[0]
    return Session(id="drill", scenario="drill", scenario_title="", language=first.language,
                   trainee=first.trainee, seed=first.seed,
                   opening=" ".join(s.opening for s in sessions),
                   turns=[t for s in sessions for t in s.turns])


def evaluate_overall(targets: list[DrillTarget], sessions: dict[str, Session],
                     lang: str = "da") -> list[TargetResult]:
    """The drill's own targets over all its scenarios (scenario id -> session, in drill order)."""
    out = []
    played = {sid: s for sid, s in sessions.items() if s is not None}
    if not played or not any(s.turns for s in played.values()):
        return [_result(t, lang, False, None, {}) for t in targets]
    pooled = compute_figures(pooled_session(list(played.values())))
    for target in targets:
        if target.kind == "figure":
            value = figure_value(pooled, target.figure)
            met = _figure_met(target, value)
            below = target.min is not None and (value is None or value < target.min)
            evidence = {sid: ev for sid, s in played.items()
                        if (ev := figure_evidence(s.turns, target.figure, met, below))}
            out.append(_result(target, lang, met, value, evidence))
            continue
        # A rule over the drill must hold in every scenario; a scenario without turns breaks it.
        per = {sid: _rule(target, s.turns) if s.turns else (None, False, []) for sid, s in played.items()}
        met = len(played) == len(sessions) and all(m for _, m, _ in per.values())
        values = [v for v, _, _ in per.values() if v is not None]
        if target.name == "reflections_before_advice":
            value = min(values) if values else None  # the weakest conversation
        else:
            value = float(sum(values))  # conversations ending in an agreement; advice or probes in all
        evidence = {sid: ev for sid, (_, _, ev) in per.items() if ev}
        all_turns = [t for s in played.values() for t in s.turns]
        out.append(_result(target, lang, met, value, evidence, _no_advice_note(target, all_turns, lang)))
    return out
