"""Pure helpers that turn core objects into what the screens show.

Step states, running figures with their bands, number formats, the filter of the
scenario picker, history rows and the help text. Kept apart from the widgets so
they are tested without a terminal; no textual or rich import here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from simulator.coding.choice import default_coder_kind
from simulator.coding.context import ROLES, STEPS
from simulator.coding.labels import label, labels, section
from simulator.coding.vocabulary import role_means
from simulator.engine.session import Turn
from simulator.scenario.models import Scenario
from simulator.scoring.scorecard import band_for, bands_config
from simulator.tui.i18n import tr

BANDS = ("good", "fair", "not_yet")
LIVE_FIGURES = (
    ("open_question_share", "fig.open_share", "share"),
    ("reflection_to_question", "fig.reflection_ratio", "ratio"),
    ("mentor_talk_share", "fig.talk_share", "share"),
)
VALIDITY_DOC = Path(__file__).resolve().parents[2] / "docs" / "validity.md"


# -- numbers -------------------------------------------------------------------

def fmt_number(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "da" else text


def fmt_share(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    pct = round(100 * value)
    return f"{pct} %" if lang == "da" else f"{pct}%"


def fmt_figure(figure: str, value: float | None, lang: str) -> str:
    """A figure's value as the trainee reads it: shares in per cent, yes/no, or a number."""
    if value is None:
        return "–"
    if figure.endswith("_share"):
        return fmt_share(value, lang)
    if figure == "agreement_at_end":
        return tr(lang, "yes") if value else tr(lang, "no")
    return fmt_number(value, lang, digits=2)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + "…"


def band_label(band: str, lang: str) -> str:
    cfg = bands_config()
    return cfg["labels"].get(lang, cfg["labels"]["da"]).get(band, band)


# -- the practice screen -------------------------------------------------------

def step_states(turns: list[Turn]) -> list[tuple[str, str]]:
    """Each conversation step with 'done', 'current', 'skipped' or 'todo'.

    A step is skipped when the talk went past it without ever being in it.
    """
    seen = {t.step for t in turns}
    current = turns[-1].step if turns else None
    furthest = max((STEPS.index(s) for s in seen if s in STEPS), default=-1)
    out = []
    for i, step in enumerate(STEPS):
        if step == current:
            state = "current"
        elif step in seen:
            state = "done"
        elif i < furthest:
            state = "skipped"
        else:
            state = "todo"
        out.append((step, state))
    return out


def rule_for(figure: str) -> dict | None:
    return next((r for r in bands_config()["principles"] if r["figure"] == figure), None)


def live_figures(figures: dict, lang: str) -> list[tuple[str, str, str | None, str]]:
    """(label, value, band or None, band word) for the panel's running figures."""
    out = []
    for name, key, kind in LIVE_FIGURES:
        value = figures.get(name)
        text = fmt_share(value, lang) if kind == "share" else fmt_number(value, lang)
        rule = rule_for(name)
        band = band_for(value, rule) if (rule and value is not None) else None
        out.append((tr(lang, key), text, band, band_label(band, lang) if band else ""))
    return out


def trust_bar(trust: float, width: int = 12) -> str:
    filled = max(0, min(width, round(trust * width)))
    return "█" * filled + "░" * (width - filled)


def segment_lines(segments: list, lang: str) -> list[dict]:
    """For each segment: its code label and guide section, and its tags (warning or not)."""
    out = []
    for seg in segments:
        code = seg.code
        tags = []
        for tag in seg.tags:
            entry = labels().get("tags", {}).get(tag, {})
            tags.append({"tag": tag, "label": label("tags", tag, lang), "section": section("tags", tag),
                         "warning": entry.get("kind") == "warning"})
        out.append({"text": seg.text, "code": code, "label": label("codes", code, lang),
                    "section": section("codes", code), "tags": tags})
    return out


# -- the scenario picker -----------------------------------------------------------

def scenario_haystack(scenario: Scenario, lang: str) -> str:
    parts = [scenario.id, scenario.title, scenario.language, scenario.persona.level,
             scenario.persona.name, scenario.course_phase, label("course_phases", scenario.course_phase, lang),
             label("course_phases", scenario.course_phase, "da"), f"{scenario.difficulty}/5"]
    return " ".join(parts).lower()


def matches(scenario: Scenario, query: str, lang: str) -> bool:
    """Every word of the query starts a word of the scenario's row ("lan" finds "Den lange bane").

    Word starts rather than any substring, so the language code "en" does not
    also find every title with "den" or "efter" in it.
    """
    hay = re.split(r"[\s,.;:!?()/'\"–-]+", scenario_haystack(scenario, lang))
    return all(any(w.startswith(q) for w in hay) for q in query.lower().split())


# -- history -----------------------------------------------------------------

def short_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%y %H:%M")
    except (TypeError, ValueError):
        return (iso or "")[2:16]


# -- help --------------------------------------------------------------------------

def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def validity_note(lang: str, doc: Path | None = None) -> str:
    """The summary of docs/validity.md (up to its first section), or that accuracy is not yet measured."""
    doc = doc or VALIDITY_DOC
    if not doc.is_file():
        return ("Kodningens nøjagtighed er endnu ikke målt (docs/validity.md findes ikke). "
                "Brug koderne som en hjælp til at se din samtale, ikke som en dom."
                if lang == "da" else
                "The coder's accuracy has not been measured yet (docs/validity.md does not exist). "
                "Use the codes as an aid to seeing your conversation, not as a verdict.")
    try:
        lines = doc.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "docs/validity.md"
    summary: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("#") and i > 0 and summary:
            break  # the first section after the title: the details stay in the file
        if i == 0 and line.startswith("#"):
            continue  # its title; this section has its own heading
        summary.append(line)
    where = "Mere i docs/validity.md." if lang == "da" else "More in docs/validity.md."
    return "\n".join(summary).strip() + "\n\n" + where


def help_markdown(lang: str, keys: list[tuple[str, str]] | None = None) -> str:
    da = lang == "da"
    cfg = bands_config()
    out: list[str] = []
    out.append("# " + ("Hjælp og ordliste" if da else "Help and glossary"))
    out.append("Samtaletræner koder hver af dine replikker efter mentorguiden og viser, hvilket afsnit "
               "koden kommer fra. Koderne er en regelbaseret vurdering – markér en kode som forkert, "
               "hvis du er uenig." if da else
               "Samtaletræner codes each of your turns against the mentor guide and shows the section "
               "each code comes from. The codes are a rule-based judgement – mark one as wrong if you disagree.")
    if keys:
        out.append("## " + ("Taster" if da else "Keys"))
        out += _table(("Tast" if da else "Key", "Handling" if da else "Action"), keys)
    out.append("## " + ("Koder (én pr. del af en replik)" if da else "Codes (one per part of a turn)"))
    out += _table(("Kode" if da else "Code", "Guidens afsnit" if da else "Guide section"),
                  [(label("codes", c, lang), section("codes", c) or "–") for c in labels()["codes"]])
    out.append("## " + ("Tags (kan komme oveni)" if da else "Tags (may come on top)"))
    tag_rows = []
    for t, entry in labels()["tags"].items():
        kind = ("⚠ faldgrube" if da else "⚠ pitfall") if entry.get("kind") == "warning" else ("god" if da else "good")
        tag_rows.append((label("tags", t, lang), kind, section("tags", t) or "–"))
    out += _table(("Tag", "Slags" if da else "Kind", "Guidens afsnit" if da else "Guide section"), tag_rows)
    out.append("## " + ("Roller (Skift mellem roller)" if da else "Roles (Skift mellem roller)"))
    out += _table(("Rolle" if da else "Role", "Når din replik mest er …" if da else "When your turn is mostly …"),
                  [(label("roles", r, lang), role_means(r, lang)) for r in ROLES])
    out.append("## " + ("Samtalens fem trin (Samtaleguide)" if da else "The five conversation steps (Samtaleguide)"))
    out += [f"{i}. {label('steps', s, lang)}" for i, s in enumerate(STEPS, 1)]
    out.append("")
    out.append(tr(lang, "step.legend"))
    out.append("## " + ("Vurderinger" if da else "Ratings"))
    band_meaning = {
        "good": ("princippet er fulgt", "the principle is followed"),
        "fair": ("på vej – der er noget at øve", "on the way – something to practise"),
        "not_yet": ("ikke endnu – se rådet og den bedre formulering",
                    "not yet – see the advice and the better phrasing"),
    }
    out += _table(("Vurdering" if da else "Rating", "Point" if da else "Points", "Betyder" if da else "Means"),
                  [(band_label(b, lang).upper(), fmt_number(cfg["points"][b], lang), band_meaning[b][0 if da else 1])
                   for b in BANDS])
    out.append("")
    out.append("Vurderingen står altid som ord, ikke kun som farve." if da else
               "The rating is always shown as a word, not only as a colour.")
    out.append("## " + ("Sådan regnes den samlede score" if da else "How the overall score is computed"))
    points = ", ".join(f"{band_label(b, lang)} {fmt_number(cfg['points'][b], lang)}" for b in BANDS)
    out.append(f"Hvert princip får point efter sin vurdering ({points}) og tæller med sin vægt. "
               "Samlet = 100 × summen af vægt × point ÷ summen af vægtene, afrundet." if da else
               f"Each principle gets points by its rating ({points}) and counts with its weight. "
               "Overall = 100 × the sum of weight × points ÷ the sum of the weights, rounded.")
    out += _table(("Princip" if da else "Principle", "Vægt" if da else "Weight",
                   "Guidens afsnit" if da else "Guide section", "Grundlag for vurderingen" if da else "Basis of the rating"),
                  [(r["label"].get(lang, r["label"]["da"]), fmt_number(r["weight"], lang), r["guide_section"],
                    r.get("anchor", {}).get(lang, "–")) for r in cfg["principles"]])
    out.append("## " + ("Hvor præcis er kodningen?" if da else "How accurate is the coder?"))
    kind = default_coder_kind()
    said = {"learned": ("den lærte model (på dansk; engelsk kodes af reglerne).",
                        "the learned model (in Danish; English is coded by the rules)."),
            "combined": ("den lærte model og reglerne sammen (standard; på dansk, engelsk kodes af reglerne).",
                         "the learned model and the rules together (the default; in Danish, English is coded by the rules)."),
            "rules": ("reglerne (læsbare mønstre).", "the rules (readable patterns).")}[kind]
    out.append(("Dine replikker kodes her af " + said[0]) if da else ("Your replies are coded here by " + said[1]))
    out.append("")  # its own paragraph in the Markdown
    out.append(validity_note(lang))
    return "\n".join(out) + "\n"
