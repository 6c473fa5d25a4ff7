"""A guide-following mentor scores clearly above a poor one, on every required scenario."""

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from tests.conftest import SCENARIOS, script_lines

REQUIRED = ["first-meeting", "expectations", "family-reunification"]


def _score(name, quality):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario)
    for line in script_lines(f"{name}-{quality}.txt"):
        r.take_turn("" if line == "..." else line)
    return r.session, score_session(r.session, scenario)


@pytest.mark.parametrize("name", REQUIRED)
def test_good_beats_poor(name):
    good_s, good = _score(name, "good")
    poor_s, poor = _score(name, "poor")
    assert good.overall >= poor.overall + 20, (good.overall, poor.overall)
    assert good.figures["boundary_flags_total"] == 0
    flags = poor.figures["boundary_flags"]
    assert flags["taboo_probe"] >= 1 and flags["lecture"] >= 1 and flags["promise"] >= 1 and flags["pity"] >= 1
    assert good.figures["trust_final"] > poor.figures["trust_final"]
    assert good.figures["agreement_at_end"] is True
    assert poor.figures["agreement_at_end"] is False


def test_family_reunification_counts_referrals():
    _, good = _score("family-reunification", "good")
    assert good.figures["referrals"] >= 2


def test_principles_have_band_evidence_and_section():
    _, card = _score("first-meeting", "poor")
    ids = {p.id for p in card.principles}
    assert {"open_questions", "reflective_listening", "boundaries", "agreement", "praise"} <= ids
    boundaries = next(p for p in card.principles if p.id == "boundaries")
    assert boundaries.band == "not_yet"
    assert boundaries.evidence and boundaries.advice and boundaries.guide_section
    assert all(p.band in ("good", "fair", "not_yet") for p in card.principles)


def test_figures_match_codebook_definitions():
    s, card = _score("first-meeting", "good")
    f = card.figures
    assert f["open_question_share"] == round(f["open_questions"] / (f["open_questions"] + f["closed_questions"]), 3)
    assert 0 < f["mentor_talk_share"] < 1
    assert f["pauses"] == 1
    assert f["steps_covered"] == ["establish_contact", "unfold_story", "set_goal", "develop", "round_off"]
    assert f["advice_without_permission"] == 0


def test_agreement_then_pleasantries_still_counts():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario)
    for line in ["Hvad tænker du selv?", "Lad os aftale, at du ringer inden fredag.", "Tak for i dag.", "Hej hej!"]:
        r.take_turn(line)
    assert score_session(r.session, scenario).figures["agreement_at_end"] is True


def test_a_you_do_sentence_coded_as_a_reflection_is_the_agreements_task():
    # a new user's concrete agreement with Aye was scored "no agreement": the meeting clause
    # named the day, the task sentence was coded as a reflection and so not read
    scenario = load_scenario(SCENARIOS / "quiet-mentee.yaml")
    r = Rehearsal(scenario)
    for line in ["Hej Aye. Hvordan har din uge været?", "...", "Hvad laver du om morgenen?",
                 "Godt. Så aftaler vi: torsdag klokken 14 mødes vi ved bageren. "
                 "Du har en kage med og spørger selv, og jeg går med.", "Tak for i dag, Aye."]:
        r.take_turn(line)
    assert score_session(r.session, scenario).figures["agreement_at_end"] is True


def test_a_reflection_in_an_agreement_turn_is_no_task():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario)
    for line in ["Hvad tænker du selv?", "Så du er lidt træt. Vi ses på torsdag."]:
        r.take_turn(line)
    assert score_session(r.session, scenario).figures["agreement_at_end"] is False


def test_advice_without_permission_counted():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario)
    r.take_turn("Du skal søge job på et plejehjem.")
    r.take_turn("Må jeg komme med et forslag?")
    r.take_turn("Du kunne ringe til dem.")
    assert score_session(r.session, scenario).figures["advice_without_permission"] == 1


def test_empty_session_scores_zero():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    assert score_session(Rehearsal(scenario).session, scenario).overall == 0
