"""Guards on what a model's line says: each bad kind the issue found (and a good
line next to it), the labelled corpus, and what a rehearsal records as told.

No torch: fake generators stand in for the model.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.content_guards import carries_fact, detect_language, markup_in
from simulator.mentee.guarded import GuardedMentee
from simulator.mentee.guards import check
from tests.test_model_guards import FACTS, SCENARIO, FakeGenerator, request

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import guard_corpus  # noqa: E402


# -- language ----------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("Jag har två barn och bor i en liten lägenhet.", "sv"),
    ("Det går bra, tack. Jag är lite nervös idag.", "sv"),
    ("Jeg jobbet på sykehus i mange år.", "no"),
    ("Det går bra, takk. Jeg er litt nervøs i dag.", "no"),
    ("I am fine, thank you. How are you?", "en"),
])
def test_nordic_neighbours_and_english_are_not_danish(text, found):
    assert detect_language(text, "da") == found
    v = check(text, request())
    assert not v.ok and v.code == "language"


@pytest.mark.parametrize("text", [
    "Ja.", "Okay.", "Tak.", "Det er svært.", "Tak, det er godt.", "Jeg ved ikke.",
    "Min søn er 13 og min datter er 9.", "Jeg har boet her i to år, men jeg kender ikke mange mennesker.",
    "Sprogskole. Fire dage. Dansk svær, men jeg lære.",
])
def test_danish_lines_short_and_broken_are_danish(text):
    assert detect_language(text, "da") is None


def test_danish_in_an_english_scenario_is_named():
    en = SCENARIO.model_copy(update={"language": "en"})
    v = check("Jeg har det fint, tak. Og dig?", request(scenario=en))
    assert not v.ok and v.reason == "not English (Danish)"


# -- voice -------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("Hej Rania, fortæl mig lidt om dig selv.", "voice_name"),
    ("Det går fint. Og hvordan har du det, Rania?", "voice_name"),
    ("Jeg hedder Lars og er pensioneret tømrer.", "voice_identity"),
    ("Mit navn er Susanne. Jeg er frivillig her.", "voice_identity"),
    ("Goddag Lars. M.: Velkommen, Rania.", "voice_label"),
    ("Fint, tak. Lars: Det var godt.", "voice_label"),
])
def test_the_mentee_speaks_only_as_herself(text, code):
    v = check(text, request())
    assert not v.ok and v.code == code, v


def test_her_own_name_in_a_self_introduction_is_fine():
    assert check("Jeg hedder Rania. Jeg kommer fra Syrien.", request(mentor="Hvad hedder du?")).ok


def test_a_clock_time_is_not_a_speaker_label():
    assert check("Ja, tirsdag er godt. Klokken 16:30?", request(mentor="Skal vi ses tirsdag?")).ok


# -- read-back, markup, echo ----------------------------------------------------------

def test_the_prompt_read_back_is_rejected():
    v = check("Du er Rania, 38 år, fra Syrien (Homs). Du har boet i Danmark i tre år.", request())
    assert not v.ok and v.code == "prompt"


def test_the_gist_said_in_the_prompts_words_is_not_a_read_back():
    gist = "Jeg er lidt nervøs, men det går fint."
    assert check(gist, request(gist)).ok


@pytest.mark.parametrize("raw", [
    "**Det går fint**, tak.", "- Jeg kan lide at lave mad\n- Jeg kan lide at gå ture",
    '{"svar": "Det går fint, tak."}', "Se www.borger.dk for mere.", "Læs mere på https://example.com/rania",
    "Mine mål:\n1. Lære dansk\n2. Få et job",
])
def test_markup_lists_json_and_links_are_rejected(raw):
    v = check(raw, request())
    assert not v.ok and v.code == "markup", v


def test_a_dash_in_speech_is_not_a_list():
    assert not markup_in("Ja – det er svært.", ["Ja – det er svært."])


def test_the_mentors_line_said_back_is_rejected():
    mentor = "Jeg kan høre, at du savner din familie meget."
    v = check(mentor, request(mentor=mentor))
    assert not v.ok and v.code == "echo"
    assert check("Ja. Jeg savner dem hver dag.", request(mentor=mentor)).ok


# -- facts -------------------------------------------------------------------------

def test_a_locked_fact_reworded_is_rejected():
    v = check("Jeg arbejdede som sygeplejerske i mange år derhjemme.", request())
    assert not v.ok and v.code == "locked_fact"


def test_a_told_fact_must_be_carried():
    nurse = FACTS["nurse"]
    req = request(nurse, reaction="fact", revealed=["nurse"], allowed=[nurse], mentor="Hvad lavede du i Syrien?")
    v = check("Det er lang tid siden. Jeg tænker tit på det.", req)
    assert not v.ok and v.code == "fact_missing" and "nurse" in v.reason
    assert check("Jeg var sygeplejerske i Syrien. I 11 år på et hospital.", req).ok
    assert carries_fact("Jeg var sygeplejerske. Mange år, på hospital.", nurse, "da")


def test_a_fact_is_recorded_as_told_only_with_a_line_that_tells_it():
    """The engine tells the family fact; a model line that does not say it falls back to the
    fact's own words, so the turn's `revealed` is always true of what the trainee read."""
    r = Rehearsal(SCENARIO, backend=GuardedMentee("model:fake", FakeGenerator("Ja. Det er godt.")))
    t = r.take_turn("Har du børn?")
    assert t.revealed == ["family"]
    # a closed question gets the fact's short form (the scenario's `short:` line, issue 13b)
    short = next(f.short for f in SCENARIO.facts if f.id == "family")
    assert t.source == "fallback" and t.mentee == short
    assert "[afvist: siger ikke det, der skulle fortælles nu (family)]" in t.model_raw
    r2 = Rehearsal(SCENARIO, backend=GuardedMentee("model:fake", FakeGenerator(
        "Ja, to børn. Min søn er 13, og min datter er 9.")))
    t2 = r2.take_turn("Har du børn?")
    assert t2.revealed == ["family"] and t2.source == "model"


# -- the labelled corpus -------------------------------------------------------------

def test_the_labelled_corpus_is_big_enough_and_covers_every_kind():
    rows = guard_corpus.load_corpus()
    kinds = {r["kind"] for r in rows}
    assert len(rows) >= 300
    assert {"mentor-voice", "mentor-identity", "speaker-label", "english", "swedish", "norwegian", "markdown",
            "list", "json", "url", "prompt-readback", "locked-fact", "echo", "fact-missing"} <= kinds
    assert {"good-a1", "good-a2", "good-b1", "good-b2"} <= kinds
    assert {r["scenario"].endswith("-en") for r in rows} == {True, False}


def test_the_guards_sort_the_corpus_well():
    judged = guard_corpus.judge(guard_corpus.load_corpus())
    s = guard_corpus.scores(judged)
    # docs/models.md has the figures; these floors catch a guard that gets worse.
    assert s["precision"] >= 0.95 and s["recall"] >= 0.97, s
