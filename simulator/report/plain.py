"""Plain-text transcript and scorecard, for the terminal without the TUI."""

from __future__ import annotations

from simulator.coding.labels import label
from simulator.engine.session import Session, Turn
from simulator.mentee.source import with_mark
from simulator.report.words import figure_label, fmt_figure, fmt_number
from simulator.scoring.scorecard import Scorecard, bands_config

_T = {
    "da": {"mentor": "Mentor", "trust": "tillid", "overall": "Samlet", "scorecard": "Resultat",
           "evidence": "replik", "targets": "Mål for øvelsen", "met": "nået", "missed": "ikke nået",
           "advice": "Råd", "example": "Bedre", "figures": "Tal", "saved": "Gemt", "pitfalls": "Faldgruber",
           "went_well": "Det gik godt"},
    "en": {"mentor": "Mentor", "trust": "trust", "overall": "Overall", "scorecard": "Result",
           "evidence": "turn", "targets": "Drill targets", "met": "met", "missed": "missed",
           "advice": "Advice", "example": "Better", "figures": "Figures", "saved": "Saved", "pitfalls": "Pitfalls",
           "went_well": "What went well"},
}
# The figures the plain scorecard lists, each under its trainee-facing name (report/words.py).
_FIGURES = ("open_question_share", "reflection_to_question", "mentor_talk_share", "advice_without_permission",
            "words_per_sentence", "lix", "unclear_turns", "check_understanding", "misunderstood",
            "referrals", "pauses", "agreement_at_end", "trust_final")


def words_for(lang: str) -> dict:
    return _T.get(lang, _T["da"])


def codes_line(turn: Turn, lang: str) -> str:
    parts = []
    for s in turn.segments:
        tags = "".join(f" +{label('tags', t, lang)}" for t in s.tags)
        parts.append(f"{label('codes', s['code'], lang)}{tags}")
    role = label("roles", turn.role, lang) if turn.role else "–"
    return f"[{' | '.join(parts)}] · {role} · {label('steps', turn.step, lang)}"


def format_turn(turn: Turn, mentee_name: str, lang: str, show_trust: bool = True) -> str:
    w = words_for(lang)
    mentor = turn.mentor.strip() or "(pause)"
    trust = f"  ({w['trust']} {fmt_number(turn.trust, lang)})" if show_trust else ""
    # A line the script said because the model's was rejected (or never came) is marked.
    mentee = with_mark(turn.mentee, turn.source, lang)
    return f"{w['mentor']}: {mentor}\n    {codes_line(turn, lang)}\n{mentee_name}: {mentee}{trust}"


def format_scorecard(card: Scorecard, lang: str, recall: dict | None = None) -> str:
    w = words_for(lang)
    rules = {r["id"]: r for r in bands_config()["principles"]}
    lines = [f"== {w['scorecard']} ==", f"{w['overall']}: {card.overall}/100", ""]
    for p in card.principles:
        figure = rules.get(p.id, {}).get("figure", "")
        value = f"{figure_label(figure, lang)}: {fmt_figure(figure, p.value, lang)}"
        ev = ", ".join(str(i + 1) for i in p.evidence[:8])
        lines.append(f"  {p.band_label.upper():<11} {p.label} ({value}) [{p.guide_section}]"
                     + (f"  {w['evidence']} {ev}" if ev else ""))
        if p.advice:
            lines.append(f"              {w['advice']}: {p.advice}")
            if not (p.id == "boundaries" and card.pitfalls):
                lines.append(f"              {w['example']}: {p.example}")
    if card.pitfalls:
        lines += ["", f"== {w['pitfalls']} =="]
        for pit in card.pitfalls:
            turns = ", ".join(str(i + 1) for i in pit["turns"])
            lines.append(f"  {pit['label']} ({w['evidence']} {turns}) [{pit['section']}]")
            lines.append(f"              {w['advice']}: {pit['advice']}")
            lines += [f"              {w['example']}: {b}" for b in pit["better"]]
    if card.targets:
        lines += ["", f"== {w['targets']} =="]
        for t in card.targets:
            mark = w["met"] if t["met"] else w["missed"]
            lines.append(f"  [{mark}] {t['label'] or figure_label(t['figure'], lang)} "
                         f"({fmt_figure(t['figure'], t['value'], lang)})")
    f = card.figures
    flags = ", ".join(f"{label('tags', k, lang)} {v}" for k, v in f["boundary_flags"].items() if v) or "0"
    lines += ["", f"== {w['figures']} =="]
    lines += [f"  {figure_label(name, lang)}: {fmt_figure(name, f.get(name), lang)}" for name in _FIGURES]
    lines += [f"  {figure_label('affirmations', lang)}: {f['affirmations']} ({f['specific_praise']})",
              f"  {figure_label('boundary_flags_total', lang)}: {flags}",
              f"  {figure_label('roles_used', lang)}: {', '.join(label('roles', r, lang) for r in f['roles_used']) or '–'}",
              f"  {figure_label('steps_covered', lang)}: "
              f"{', '.join(label('steps', s, lang) for s in f['steps_covered']) or '–'}"]
    if recall:
        lines += ["", *format_recall(recall, lang)]
    return "\n".join(lines)


def format_recall(recall: dict, lang: str) -> list[str]:
    """The story recall (simulator.scoring.recall) in a few plain lines."""
    da = lang == "da"
    caught, missed = recall.get("facts_caught", []), recall.get("facts_missed", [])
    told = len(caught) + len(missed)
    agreement = recall.get("agreement_caught")
    return [
        "== Det huskede du ==" if da else "== What you recalled ==",
        f"  {'Oplysninger med' if da else 'Facts recalled'}: {len(caught)}/{told}"
        + (f" ({', '.join(caught)})" if caught else ""),
        f"  {'Fortalt, men ikke med' if da else 'Told but not recalled'}: {', '.join(missed) or '–'}",
        f"  {'Aftalen' if da else 'The agreement'}: "
        + (("kom med" if da else "recalled") if agreement else ("kom ikke med" if da else "not recalled")),
    ]


def format_session(session: Session, card: Scorecard, mentee_name: str) -> str:
    lang = session.language
    out = [f"# {session.scenario_title}", f"{mentee_name}: {session.opening}", ""]
    for t in session.turns:
        out.append(format_turn(t, mentee_name, lang))
        out.append("")
    out.append(format_scorecard(card, lang))
    return "\n".join(out)
