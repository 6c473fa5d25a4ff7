"""Good/poor pairs for the CODEBOOK v2 pitfalls (issue 14, done-when) and the path of the
engine's per-turn `misunderstood` into the figures, the scorecard and the debrief."""

from __future__ import annotations

import json

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.report.debrief import build_debrief
from simulator.report.formats import render_debrief
from simulator.report.plain import format_scorecard
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from tests.conftest import SCENARIOS, SCRIPTS, script_lines
from tests.cli_support import run_cli


def _play(name: str, quality: str):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario)
    for line in script_lines(f"{name}-{quality}.txt"):
        r.take_turn("" if line == "..." else line)
    return r.session, scenario, score_session(r.session, scenario)


def _pair(name):
    return _play(name, "good"), _play(name, "poor")


def _principle(card, pid):
    return next(p for p in card.principles if p.id == pid)


def test_distress_pair_separates_by_therapy_and_referral():
    (gs, _, good), (ps, _, poor) = _pair("distress")
    assert good.overall >= poor.overall + 25, (good.overall, poor.overall)
    assert good.figures["boundary_flags_total"] == 0 and good.figures["referrals"] >= 2
    # diagnosis x2, the therapist offer and the sleeping pill: each a therapy pitfall
    assert poor.figures["boundary_flags"]["therapy"] == 4
    therapy = [t.mentor for t in ps.turns if any("therapy" in s["tags"] for s in t.segments)]
    assert any("sovepille" in m for m in therapy) and any("PTSD" in m for m in therapy)
    # a diagnosis in the form of a reflection earns no listening credit, and is never "went well"
    listening = _principle(poor, "reflective_listening")
    assert all("depression" not in ps.turns[i].mentor for i in listening.evidence)
    assert poor.figures["reflections"] == 1
    assert good.figures["agreement_at_end"] and not poor.figures["agreement_at_end"]


def test_culture_too_early_pair_separates_by_culture_probe():
    (gs, _, good), (ps, _, poor) = _pair("culture-too-early")
    assert good.overall >= poor.overall + 40, (good.overall, poor.overall)
    assert good.figures["boundary_flags"]["culture_probe"] == 0
    # religion, headscarf, ramadan, prayer, "danske kvinder": every early question is caught
    assert poor.figures["boundary_flags"]["culture_probe"] == len(ps.turns) - 1
    assert poor.figures["open_questions"] == 0  # a culture probe earns no open-question credit
    assert good.figures["trust_final"] > poor.figures["trust_final"]


def test_beginner_a1_pair_separates_by_caricature_and_checking():
    (gs, _, good), (ps, _, poor) = _pair("beginner-a1")
    assert good.overall >= poor.overall + 40, (good.overall, poor.overall)
    assert poor.figures["boundary_flags"]["caricature"] >= 4
    assert good.figures["boundary_flags"]["caricature"] == 0
    assert good.figures["check_understanding"] >= 2 and poor.figures["check_understanding"] == 0
    assert _principle(poor, "short_sentences").band == "not_yet"
    # short by caricature is neither "Korte sætninger" met nor plain words done well
    targets = {t["figure"]: t for t in poor.targets}
    short = targets["words_per_sentence"]
    assert short["met"] is False and short["voided"] is True  # in range, but by caricature: said so
    assert not any(t["voided"] for t in good.targets)
    scenario = load_scenario(SCENARIOS / "beginner-a1.yaml")
    assert "karikeret sprog tæller ikke" in render_debrief(build_debrief(ps, scenario), "md")
    plain = _principle(poor, "plain_words")
    assert plain.band != "good"
    # the card says why a low LIX is not good, and cites the caricatured turns, not the long sentences
    caricatured = [t.index for t in ps.turns if any("caricature" in s.tags for s in t.segments)]
    assert plain.value <= 35 and "karikeret" in plain.advice and plain.evidence == caricatured
    assert "Arbejdsmarkedsparathed" not in plain.example


@pytest.mark.parametrize("name", ["first-meeting", "expectations", "family-reunification"])
def test_todays_pairs_still_hold(name):
    (_, _, good), (_, _, poor) = _pair(name)
    assert good.overall >= poor.overall + 40, (good.overall, poor.overall)


def test_misunderstood_reaches_figures_scorecard_and_debrief():
    session, scenario, card = _play("beginner-a1", "poor")
    missed = [t.index for t in session.turns if t.misunderstood]
    assert missed, "the 34-word idiom turn must lose an A1 mentee"
    assert card.figures["misunderstood"] == len(missed)
    short = _principle(card, "short_sentences")
    assert short.band == "not_yet" and set(missed) <= set(short.evidence)
    assert set(missed) <= set(_principle(card, "check_understanding").evidence)
    text = format_scorecard(card, "da")
    assert f"Replikker, mentee ikke forstod: {len(missed)}" in text
    md = render_debrief(build_debrief(session, scenario), "md")
    assert f"| Replikker, mentee ikke forstod | {len(missed)} |" in md
    assert "? mentee forstod ikke" in md


def test_rehearse_json_carries_misunderstood_and_every_boundary_tag():
    out = run_cli("rehearse", "beginner-a1", "--script", str(SCRIPTS / "beginner-a1-poor.txt"), "--json", "--no-save")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    f = data["figures"]
    assert f["misunderstood"] >= 1 and "check_understanding" in f
    assert set(f["boundary_flags"]) >= {"taboo_probe", "lecture", "promise", "therapy", "pity", "legal_advice",
                                        "rescue", "caricature", "culture_probe"}
    short = next(p for p in data["principles"] if p["id"] == "short_sentences")
    assert short["band"] == "not_yet"
