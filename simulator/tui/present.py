"""Pure helpers that turn core objects into what the screens show.

Step states, running figures with their bands, number formats, the filter of the
scenario picker, history rows and the help text. Kept apart from the widgets so
they are tested without a terminal; no textual or rich import here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from simulator.coding.choice import DEFAULT_KIND
from simulator.coding.context import ROLES, STEPS
from simulator.coding.labels import label, labels, section
from simulator.coding.vocabulary import role_means
from simulator.engine.session import Turn
from simulator.scenario.models import Scenario
from simulator.scoring.scorecard import band_for, bands_config
from simulator.locale import group, tr
from simulator.locale.numbers import fmt_number, fmt_share

BANDS = ("good", "fair", "not_yet")
LIVE_FIGURES = (
    ("open_question_share", "fig.open_share", "share"),
    ("reflection_to_question", "fig.reflection_ratio", "ratio"),
    ("mentor_talk_share", "fig.talk_share", "share"),
)
# The summary of docs/validity.md, shipped in the package (the doc is not in a wheel);
# written by scripts/validity_summary.py, kept in step by tests/test_validity_summary.py.
VALIDITY_SUMMARY = Path(__file__).resolve().parents[1] / "coding" / "validity_summary.yaml"


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
        text = fmt_share(value, lang) if kind == "share" else fmt_number(value, lang, 1)
        rule = rule_for(name)
        band = band_for(value, rule) if (rule and value is not None) else None
        out.append((tr(key, lang), text, band, band_label(band, lang) if band else ""))
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


# -- help --------------------------------------------------------------------------

HELP_TEMPLATE = Path(__file__).resolve().parent / "help.md.j2"


@lru_cache(maxsize=1)
def _help_template():
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                        keep_trailing_newline=True)
    return env.from_string(HELP_TEMPLATE.read_text(encoding="utf-8"))


def validity_note(lang: str, path: Path | None = None) -> str:
    """The coder's accuracy in brief (the package's summary of docs/validity.md), or that it is not yet measured."""
    path = path or VALIDITY_SUMMARY
    try:
        summary = yaml.safe_load(path.read_text(encoding="utf-8")).get("summary")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        summary = None
    if not isinstance(summary, str) or not summary.strip():
        return tr("help.no_validity", lang)
    return _in_language(summary, lang).strip() + "\n\n" + tr("help.more_validity", lang)


def _in_language(summary: str, lang: str) -> str:
    """The part of the summary in `lang` (blocks after `<!-- da -->` / `<!-- en -->` lines),
    English when there is none in `lang`, the whole text when it has no blocks."""
    blocks = dict(re.findall(r"<!-- (\w+) -->\n(.*?)(?=\n<!-- \w+ -->|\Z)", summary, flags=re.S))
    return blocks.get(lang) or blocks.get("en") or summary


def _help_rows(lang: str) -> dict:
    """The rows of the help page's tables, from the label files and the rating rules."""
    cfg = bands_config()
    tags = [(label("tags", t, lang), tr("help.pitfall" if entry.get("kind") == "warning" else "help.good", lang),
             section("tags", t) or "–") for t, entry in labels()["tags"].items()]
    return {
        "codes": [(label("codes", c, lang), section("codes", c) or "–") for c in labels()["codes"]],
        "tags": tags,
        "roles": [(label("roles", r, lang), role_means(r, lang)) for r in ROLES],
        "steps": [label("steps", s, lang) for s in STEPS],
        "bands": [(band_label(b, lang).upper(), fmt_number(cfg["points"][b], lang, 1), tr(f"help.band.{b}", lang))
                  for b in BANDS],
        "principles": [(r["label"].get(lang, r["label"]["da"]), fmt_number(r["weight"], lang, 1), r["guide_section"],
                        r.get("anchor", {}).get(lang, "–")) for r in cfg["principles"]],
    }


def help_markdown(lang: str, keys: list[tuple[str, str]] | None = None, coder: str | None = None) -> str:
    """The help page: keys, codes, tags, roles, steps, ratings, the score formula, who codes (`coder`,
    the app's coder kind; None: the default) and the coder's accuracy."""
    cfg = bands_config()
    points = ", ".join(f"{band_label(b, lang)} {fmt_number(cfg['points'][b], lang, 1)}" for b in BANDS)
    return _help_template().render(
        w=group("help", lang), keys=keys, **_help_rows(lang), step_legend=tr("step.legend", lang),
        score_how=tr("help.score_how", lang, points=points),
        coded_by=tr("help.coded_by", lang, coder=tr(f"help.coder.{coder or DEFAULT_KIND}", lang)),
        validity=validity_note(lang))
