"""A drill's result as plain text: a pass/fail list with the evidence turns.

Used by `mentor-sim drill run --script-dir` without --json. Turns are numbered
from 1 here, as on the scorecard; the JSON keeps the session file's 0-based
indices.
"""

from __future__ import annotations

from simulator.drills.runner import DrillResult
from simulator.drills.targets import TargetResult
from simulator.drills.words import word


def fmt_value(t: TargetResult, lang: str) -> str:
    """The value as the trainee reads it: per cent for shares, yes/no, counts with what they count."""
    value = t.value
    if value is None:
        return "–"
    if t.name.endswith("_share"):
        return f"{round(100 * value)} %" if lang == "da" else f"{round(100 * value)}%"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    text = text.replace(".", ",") if lang == "da" else text
    if t.name == "agreement_at_end":
        if isinstance(t.evidence, dict):  # the drill's own target: how many conversations
            return word(lang, "value.agreement_at_end.many", v=text)
        return word(lang, "yes" if value else "no")
    if t.kind == "rule":
        text = word(lang, f"value.{t.name}" + (".1" if value == 1 else ""), v=text)
    return f"{text}, {t.note}" if t.note else text


def fmt_turns(evidence, lang: str) -> str:
    if not evidence:
        return ""
    if isinstance(evidence, dict):
        parts = [f"{sid} {', '.join(str(i + 1) for i in turns)}" for sid, turns in evidence.items()]
        return f"{word(lang, 'turns')}: " + "; ".join(parts)
    return f"{word(lang, 'turn' if len(evidence) == 1 else 'turns')} " + ", ".join(str(i + 1) for i in evidence)


def target_line(t: TargetResult, lang: str) -> str:
    mark = "✓" if t.met else "✗"
    state = word(lang, "met" if t.met else "missed").upper()
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
        head += f" · {word(lang, 'assess')}"
    lines = [head, ""]
    for s in result.scenarios:
        lines.append(f"{s.position + 1}. {s.scenario.title} ({s.scenario.id}) · {word(lang, 'overall')} "
                     f"{s.overall}/100 · {word(lang, 'session')} {s.session.id}")
        lines += [target_line(t, lang) for t in s.targets] or [f"  {word(lang, 'no_targets')}"]
        lines.append("")
    if result.overall_targets:
        lines.append(word(lang, "whole"))
        lines += [target_line(t, lang) for t in result.overall_targets]
        lines.append("")
    lines.append(word(lang, "result", passed=result.passed, total=result.total))
    if saved_in:
        lines.append(f"{word(lang, 'saved')} {saved_in}")
    return "\n".join(lines)
