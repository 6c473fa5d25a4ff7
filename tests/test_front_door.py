"""The front door (simulator/launch.py): each decision a front end needs, made once.

The line CLI, the app, the drill runner and these tests all come in through it, so a
change of rule (what a pause is, how a saved session is continued, what finishing
scores) changes every front end at once."""

from __future__ import annotations

import pytest

from simulator import launch
from simulator.errors import UserFacingError
from simulator.scoring import Scorecard
from simulator.store import SessionStore
from tests.conftest import SCENARIOS

LINES = ["Hej Rania, hvad tænker du selv om at komme i arbejde?", "...", "Så du savner dit arbejde."]


@pytest.fixture(scope="module")
def scenario():
    return launch.find_scenario("first-meeting")


@pytest.mark.parametrize("line, said", [("...", ""), (" … ", ""), ("Hej ...", "Hej ..."), ("", ""),
                                        ("....", "....")])
def test_dots_alone_are_a_pause(line, said):
    assert launch.turn_text(line) == said


def test_a_scenario_by_id_by_path_and_unknown(scenario, tmp_path):
    assert scenario.id == "first-meeting"
    assert launch.find_scenario(str(SCENARIOS / "first-meeting.yaml")).id == "first-meeting"
    with pytest.raises(UserFacingError, match="unknown scenario 'nope'; known scenarios: .*first-meeting"):
        launch.find_scenario("nope")
    with pytest.raises(UserFacingError, match="no such scenario file"):
        launch.find_scenario(str(tmp_path / "gone.yaml"))
    assert launch.scenario_by_id("first-meeting").title == scenario.title
    assert launch.scenario_by_id("no-such-id") is None


def test_new_then_resumed_is_the_same_conversation(scenario, tmp_path):
    store = launch.make_store(str(tmp_path), no_save=False)
    first = launch.open_rehearsal(scenario, store=store, trainee="Ida", seed=5)
    for line in LINES[:2]:
        first.take_turn(launch.turn_text(line))
    saved = launch.saved_session(store, first.session.id[:20])
    again = launch.open_rehearsal(scenario, store=store, trainee="someone else", seed=99, session=saved)
    assert (again.session.trainee, again.session.seed) == ("Ida", 5)  # the saved session's own
    assert [t.mentor for t in again.session.turns] == [LINES[0], ""]
    resumed = again.take_turn(LINES[2]).mentee
    unbroken = launch.open_rehearsal(scenario, seed=5, trainee="Ida")
    for line in LINES:
        last = unbroken.take_turn(launch.turn_text(line))
    assert resumed == last.mentee  # the engine replayed to the state it had


def test_finish_scores_once_finished_and_can_be_called_again(scenario, tmp_path):
    store = SessionStore(tmp_path)
    r = launch.open_rehearsal(scenario, store=store)
    r.take_turn(LINES[0])
    card = launch.finish(r)
    assert isinstance(card, Scorecard) and r.session.finished
    assert store.load(r.session.id).finished
    assert launch.finish(r).overall == card.overall
    assert 0 <= card.overall <= 100 and card.principles


def test_a_finished_or_unsaved_session_is_refused_where_it_cannot_continue(scenario, tmp_path):
    with pytest.raises(UserFacingError, match="--no-save"):
        launch.saved_session(None, "x")
    store = SessionStore(tmp_path)
    r = launch.open_rehearsal(scenario, store=store)
    r.take_turn(LINES[0])
    launch.finish(r)
    assert launch.saved_session(store, r.session.id).finished  # the line CLI may reopen it
    with pytest.raises(UserFacingError, match="is finished; see it with `mentor-sim report"):
        launch.session_to_resume(store, r.session.id)


def test_the_coder_option_wins_over_the_config_file(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('coder = "rules"\n', encoding="utf-8")
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(cfg))
    assert launch.coder_kind("learned") == "learned"
    assert launch.coder_kind(None) == "rules"
    assert launch.coder_kind(None, from_config=False) == "combined"  # `code` and `eval` ignore the file


def test_scripted_is_the_default_mentee(scenario):
    assert launch.make_backend(None, scenario).name == "scripted"
    assert launch.make_backend(launch.BackendOptions(), scenario).name == "scripted"


def test_a_turn_shown_live_is_coded_once(scenario):
    r = launch.open_rehearsal(scenario)
    calls = []
    real = r.coder.code_turn
    r.coder = type("Counting", (), {"code_turn": lambda self, text: calls.append(text) or real(text),
                                    "lex": r.coder.lex, "kind": r.coder.kind})()
    coded = r.code(LINES[0])  # what the practice screen shows while the mentee answers
    turn = r.take_turn(LINES[0], coded=coded)
    assert calls == [LINES[0]]
    assert turn.primary == coded.primary and len(turn.segments) == len(coded.segments)
    r.take_turn("Noget andet.", coded=coded)  # a coding of other words is not taken for this one
    assert calls == [LINES[0], "Noget andet."]


def test_launch_and_store_errors_speak_the_readers_language(tmp_path):
    """A keyed user error is English in str() (logs, tests) and in the reader's language in text()."""
    with pytest.raises(UserFacingError) as unknown:
        launch.find_scenario("nope")
    assert "ukendt scenarie 'nope'" in unknown.value.text("da")
    with pytest.raises(UserFacingError) as missing:
        SessionStore(tmp_path).load("nope")
    assert missing.value.text("da").startswith("ingen samtale 'nope'") and str(missing.value).startswith("no session 'nope'")
