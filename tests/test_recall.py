"""Story recall: the trainee's few lines against the facts the mentee revealed and the agreement."""

from __future__ import annotations


import pytest

from simulator.cli import main
from simulator.engine.rehearsal import Rehearsal
from simulator.report.plain import format_scorecard
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.scoring.recall import (attach_recall_text, compare_recall, content_words, fact_caught,
                                      revealed_fact_ids)
from simulator.store import SessionStore
from tests.conftest import SCENARIOS, SCRIPTS, script_lines
from simulator.store.sessions import read_session_data


def played(name: str, quality: str = "good"):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario)
    for line in script_lines(f"{name}-{quality}.txt"):
        r.take_turn("" if line == "..." else line)
    return r, scenario


@pytest.fixture(scope="module")
def first_meeting():
    return played("first-meeting")


def test_content_words_drop_stop_words_stem_and_read_numbers():
    words = content_words("Hun har to børn, og børnene taler dansk. Sønnen er 13.", "da")
    assert "hun" not in words and "og" not in words and "har" not in words
    assert "2" in words and "13" in words
    assert "børn" in words and words.count("børn") == 1  # børn / børnene: one stem
    english = content_words("She has two children", "en")
    assert "2" in english and "she" not in english and "has" not in english


def test_prefix_matching_catches_compounds_and_inflections():
    fact = content_words("Jeg er i praktik i køkkenet på plejecentret.", "da")
    assert fact_caught(fact, content_words("praktik i et køkken på et plejecenter", "da"))
    assert not fact_caught(fact, content_words("Hun kan lide at lave mad", "da"))


def test_good_recall_catches_facts_and_agreement(first_meeting):
    r, scenario = first_meeting
    text = ("Rania har to børn på 13 og 9. Hun var sygeplejerske i Syrien i 11 år. "
            "Nu er hun i praktik i et køkken på et plejecenter. "
            "Vi aftalte, at hun spørger sin leder inden fredag, og vi ses på tirsdag.")
    rec = compare_recall(text, r.session, scenario)
    assert set(rec) == {"text", "facts_caught", "facts_missed", "agreement_caught"}
    assert {"family", "nurse", "practice-kitchen"} <= set(rec["facts_caught"])
    assert set(rec["facts_caught"]) | set(rec["facts_missed"]) == set(revealed_fact_ids(r.session))
    assert not set(rec["facts_caught"]) & set(rec["facts_missed"])
    assert rec["agreement_caught"] is True


@pytest.mark.parametrize("text", [
    "Vi talte om vejret og fodbold.",
    "Hun er fra Syrien og kan lide at arbejde.",  # the origin was in the briefing; 'arbejde' is everyday
    "",
])
def test_vague_or_unrelated_recall_catches_nothing(first_meeting, text):
    r, scenario = first_meeting
    rec = compare_recall(text, r.session, scenario)
    assert rec["facts_caught"] == [] and rec["agreement_caught"] is False
    assert len(rec["facts_missed"]) == len(revealed_fact_ids(r.session))


def test_one_specific_word_is_enough_but_a_lone_number_is_not(first_meeting):
    r, scenario = first_meeting
    assert compare_recall("Hun var sygeplejerske.", r.session, scenario)["facts_caught"] == ["nurse"]
    assert compare_recall("Hun har 2.", r.session, scenario)["facts_caught"] == []


def test_only_revealed_facts_count():
    r, scenario = played("first-meeting", "poor")
    told = revealed_fact_ids(r.session)
    rec = compare_recall("Hun drømmer om at blive social- og sundhedshjælper på et plejehjem.", r.session, scenario)
    assert "goal-health" not in told and "goal-health" not in rec["facts_caught"] + rec["facts_missed"]
    assert rec["agreement_caught"] is False  # no agreement was made


def test_english_recall():
    scenario = load_scenario(SCENARIOS / "first-meeting-en.yaml")
    r = Rehearsal(scenario)
    for line in ("Tell me a bit about yourself.", "What work did you do before you came here?",
                 "Let's agree that you call the care home before Friday."):
        r.take_turn(line)
    facts = {f.id: f.text for f in scenario.facts}
    told = revealed_fact_ids(r.session)
    assert told
    first = facts[told[0]]
    rec = compare_recall(first, r.session, scenario)  # recalling a fact word for word catches it
    assert told[0] in rec["facts_caught"]
    assert compare_recall("She will call the care home before Friday.", r.session, scenario)["agreement_caught"]


def test_attach_saves_and_the_plain_scorecard_shows_it(tmp_path):
    store = SessionStore(tmp_path)
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario, store=store)
    for line in script_lines("first-meeting-good.txt"):
        r.take_turn("" if line == "..." else line)
    rec = attach_recall_text(r, "  Rania har to børn på 13 og 9.\n")
    saved = read_session_data(store.path_for(r.session.id))
    assert saved["recall"] == rec and rec["text"] == "Rania har to børn på 13 og 9."
    text = format_scorecard(score_session(r.session, scenario), "da", recall=rec)
    assert "== Det huskede du ==" in text and "family" in text and "Aftalen: kom ikke med" in text
    assert "Det huskede du" not in format_scorecard(score_session(r.session, scenario), "da")


def test_rehearse_with_recall_file(tmp_path, capsys):
    recall = tmp_path / "recall.txt"
    recall.write_text("Rania har to børn. Hun var sygeplejerske.\nHun spørger sin leder inden fredag.\n",
                      encoding="utf-8")
    save = tmp_path / "s"
    assert main(["rehearse", "first-meeting", "--script", str(SCRIPTS / "first-meeting-good.txt"),
                 "--save-dir", str(save), "--recall", str(recall)]) == 0
    out = capsys.readouterr().out
    assert "== Det huskede du ==" in out and "Aftalen: kom med" in out
    session = SessionStore(save).list()[0]
    assert session.recall["facts_caught"][:2] == ["family", "nurse"] and session.recall["agreement_caught"]
    assert main(["report", session.id, "--save-dir", str(save)]) == 0
    assert "## Det huskede du" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    (None, "filen med det, du husker, findes ikke"),
    (b"a\x00b", "NUL bytes"),
    (b"\xff\xfe\xfa", "not UTF-8"),
])
def test_bad_recall_file_is_one_line(tmp_path, capsys, content, message):
    recall = tmp_path / "recall.txt"
    if content is not None:
        recall.write_bytes(content)
    assert main(["rehearse", "first-meeting", "--script", str(SCRIPTS / "first-meeting-poor.txt"),
                 "--no-save", "--json", "--recall", str(recall)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and str(recall) in err and len(err.splitlines()) == 1


def test_a_word_of_the_agreement_counts_for_the_agreement_not_for_a_fact():
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    r = Rehearsal(scenario)
    for line in ("Hvad arbejdede du med i Syrien?", "Hvad drømmer du om?",
                 "Lad os aftale, at du ringer til et plejehjem."):
        r.take_turn(line)
    assert "goal-health" in revealed_fact_ids(r.session)  # "... arbejde på plejehjem ..."
    rec = compare_recall("Hun skal ringe til et plejehjem.", r.session, scenario)
    assert rec["agreement_caught"] and "goal-health" in rec["facts_missed"]
    rec = compare_recall("Hun drømmer om at arbejde på et plejehjem.", r.session, scenario)
    assert "goal-health" in rec["facts_caught"]
