"""The mentee answers what was asked on phrasings nobody tuned for (issue 13, session T):
compounds, the time a question is set in, the flight named only as a date, questions without
"?", short follow-ups, and the cheap fixes found by playing."""

from __future__ import annotations

import pytest

from tests.engine_support import rehearsal as _r


@pytest.mark.parametrize("scenario,line,fact", [
    ("distress", "Hvordan går det egentlig med nattesøvnen?", "tired"),               # unknown compound: its last part
    ("farewell", "Hvad laver du på hospitalsapoteket i løbet af en dag?", "job-now"),   # keyword as the last part
    ("culture-too-early", "Hvordan er dit job som rengøringsassistent?", "cleaning"),  # first part before a generic one
    ("beginner-a1", "Hvordan er det for dig, når danskerne snakker rigtig stærkt", "worry-fast"),  # dansker is not dansk
])
def test_compounds_and_word_forms_reach_the_fact(scenario, line, fact):
    turn = _r(scenario, 0.65).take_turn(line)
    assert turn.about == fact and set(turn.revealed) <= {fact}


@pytest.mark.parametrize("scenario,line,fact", [
    ("culture-too-early", "Hvad laver du for at tjene penge i øjeblikket?", "cleaning"),  # now, not the old trade
    ("distress", "Hvilken branche var du i derhjemme?", "accountant"),                    # back home, the trade
    ("first-meeting", "Hvordan er det at arbejde på plejecentret?", "practice-kitchen"),   # now, not the nurse years
    ("flight-story", "Hvor gammel var du, da du kom til Danmark?", "arrival"),
])
def test_the_time_a_question_is_set_in_picks_the_fact(scenario, line, fact):
    turn = _r(scenario).take_turn(line)
    assert turn.about == fact and turn.revealed == [fact]


def test_time_factor_weighs_down_facts_of_another_time():
    m = _r("culture-too-early").state.matcher.by_text
    now = m.time_factor("Hvad laver du i øjeblikket?")
    assert now.get("teacher") == m.mismatch < 1 and "cleaning" not in now
    assert m.time_factor("Hvad lavede du nu før i tiden, og hvad laver du i øjeblikket?") == {}  # two times: none


def test_the_flight_named_only_as_a_date_is_a_question_about_work():
    r = _r("rounding-off")
    before = r.state.trust
    turn = r.take_turn("Hvad arbejdede du med, før du flygtede?")
    assert turn.about == "hairdresser" and turn.revealed == ["hairdresser"] and r.state.trust >= before
    probe = _r("rounding-off")
    refused = probe.take_turn("Hvorfor flygtede du?")
    assert not refused.revealed and probe.state.trust < before  # the flight itself stays a boundary


def test_a_verb_first_line_without_question_mark_is_asked():
    turn = _r("long-haul-status").take_turn("Er der noget, der er blevet lettere for dig siden sidst")
    assert turn.move == "topic_question" and turn.about == "small-wins"


@pytest.mark.parametrize("scenario,first,then,fact", [
    ("beginner-a1", "Hvor er din mor nu?", "Hvor tit snakker I sammen?", "family"),
    ("avoids-goal", "Hvad lavede du i Aleppo?", "Hvad solgte du mest af?", "shop"),
    ("quiet-mentee", "Hvad lavede du i Myanmar?", "Var det hårdt?", "factory"),
])
def test_a_short_follow_up_stays_on_the_fact_just_told(scenario, first, then, fact):
    r = _r(scenario)
    assert r.take_turn(first).revealed == [fact]
    turn = r.take_turn(then)
    assert turn.about == fact and turn.revealed == []


def test_leave_to_propose_is_consent_to_hear_it():
    turn = _r("first-meeting").take_turn("Må jeg komme med et forslag?")
    assert turn.move == "permission_proposal" and "spørge" not in turn.mentee.lower()
    cold = _r("first-meeting", trust=0.1).take_turn("Må jeg komme med et forslag?")
    assert cold.reaction == "ask_permission" and cold.mentee != turn.mentee


def test_untold_fact_out_of_reach_is_guarded_not_the_told_one_again():
    r = _r("first-meeting")
    nurse = r.take_turn("Hvad lavede du i Syrien?")
    r.state.trust = 0.0
    turn = r.take_turn("Har du søgt job?")
    assert turn.about == "already-tried" and not turn.revealed and "sygeplejerske" not in turn.mentee
    assert nurse.revealed == ["nurse"]


def test_grandmother_question_is_about_the_family_without_a_false_yes():
    turn = _r("first-meeting").take_turn("Er du blevet mormor?")
    assert turn.about == "family" and not turn.mentee.startswith(("Ja", "Det kommer an"))


def test_plain_long_agreement_is_understood_but_a_hard_one_is_not():
    r = _r("quiet-mentee")
    plain = r.take_turn("Så vi siger, at du tager en kage med til bageriet på lørdag, og jeg går med dig.")
    assert not plain.misunderstood  # 18 known words; "bageriet" is her own "bageri"
    hard = r.take_turn("Så vi aftaler, at du henvender dig til indehaveren og fremviser dine kvalifikationer vedrørende ulønnet praktik.")
    assert hard.misunderstood


def test_a_goodbye_that_names_the_next_meeting_is_a_goodbye_not_a_plan():
    r = _r("first-meeting")
    turn = r.take_turn("Tak for i dag. Vi ses på tirsdag.")
    assert turn.move == "goodbye" and "plan" not in turn.mentee.lower()


def test_a_specific_question_no_fact_reaches_gets_a_question_back_not_a_fact():
    turn = _r("first-meeting").take_turn("Hvordan var din sommerferie?")
    assert turn.move == "unclear" and not turn.revealed and turn.about is None
    assert turn.mentee.rstrip("?.").split()[-1] not in ("sygeplejerske", "børn")


def test_a_lead_in_before_a_colon_is_heard_apart_from_the_question():
    # 21 words as one sentence, but spoken as a lead-in and a 13-word question (limit 14, A2)
    r = _r("long-haul-status")
    parted = r.take_turn("Jeg vil gerne spørge dig helt ærligt om noget: Er det, vi laver sammen, egentlig det, du har brug for?")
    assert not parted.misunderstood
    run_on = r.take_turn("Jeg vil gerne spørge dig helt ærligt om noget om det vi laver sammen og om det egentlig er det du har brug for?")
    assert run_on.misunderstood
