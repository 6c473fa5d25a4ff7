"""A drill's result as plain text: a pass/fail list with the evidence turns.

Used by `mentor-sim drill run --script-dir` without --json. Turns are numbered
from 1 here, as on the scorecard; the JSON keeps the session file's 0-based
indices.
"""

from __future__ import annotations

from simulator.drills.runner import DrillResult
from simulator.drills.targets import TargetResult
from simulator.locale import tr
from simulator.locale.numbers import fmt_number, fmt_share


def fmt_value(t: TargetResult, lang: str) -> str:
    """The value as the trainee reads it: per cent for shares, yes/no, counts with what they count."""
    value = t.value
    if value is None:
        return "–"
    if t.name.endswith("_share"):
        return fmt_share(value, lang)
    text = fmt_number(float(value), lang)
    if t.name == "agreement_at_end":
        if isinstance(t.evidence, dict):  # the drill's own target: how many conversations
            return tr("drill.value.agreement_at_end.many", lang, v=text)
        return tr("drill.yes" if value else "drill.no", lang)
    if t.kind == "rule":
        text = tr(f"drill.value.{t.name}", lang, v=text, count=value)
    return f"{text}, {t.note}" if t.note else text


def fmt_turns(evidence, lang: str) -> str:
    if not evidence:
        return ""
    if isinstance(evidence, dict):
        parts = [f"{sid} {', '.join(str(i + 1) for i in turns)}" for sid, turns in evidence.items()]
        return f"{tr('drill.turns', lang)}: " + "; ".join(parts)
    return f"{tr('drill.turn' if len(evidence) == 1 else 'drill.turns', lang)} " + ", ".join(str(i + 1) for i in evidence)


def target_line(t: TargetResult, lang: str) -> str:
    mark = "✓" if t.met else "✗"
    state = tr("drill.met" if t.met else "drill.missed", lang).upper()
    turns = fmt_turns(t.evidence, lang)
    return f"  {mark} {state:<10} {t.label} ({fmt_value(t, lang)})" + (
        f"  [{turns}]" if turns else "")


def format_result(result: DrillResult, lang: str | None = None, saved_in: str | None = None) -> str:
    lang = lang or result.drill.language
    first = result.scenarios[0].session if result.scenarios else None
    head = f"# {result.drill.title} ({result.drill.id})"
    if first is not None and first.trainee:
        head += f" · {first.trainee}"
    if result.assess:
        head += f" · {tr('drill.assess', lang)}"
    lines = [head, ""]
    for s in result.scenarios:
        lines.append(f"{s.position + 1}. {s.scenario.title} ({s.scenario.id}) · {tr('drill.overall', lang)} "
                     f"{s.overall}/100 · {tr('drill.session', lang)} {s.session.id}")
        lines += [target_line(t, lang) for t in s.targets] or [f"  {tr('drill.no_targets', lang)}"]
        lines.append("")
    if result.overall_targets:
        lines.append(tr("drill.whole", lang))
        lines += [target_line(t, lang) for t in result.overall_targets]
        lines.append("")
    lines.append(tr("drill.result", lang, passed=result.passed, total=result.total))
    if saved_in:
        lines.append(f"{tr('drill.saved', lang)} {saved_in}")
    return "\n".join(lines)
