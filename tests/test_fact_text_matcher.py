"""Issue 13c: the fact-text matcher reaches a fact by its own words, splits compounds,
and names no fact on a tie; a wh-question is never answered as a yes/no question."""

import pytest

from simulator.engine.factmatch import FactTextMatcher
from simulator.engine.rehearsal import Rehearsal
from simulator.engine.topics import TopicMatcher, language_data
from simulator.scenario import load_scenario
from simulator.scenario.models import Fact
from tests.conftest import SCENARIOS


def _facts():
    return [
        Fact(id="job", text="Jeg pakker medicin på et apotek. Mine arbejdsdage starter klokken syv.", min_trust=0.3),
        Fact(id="bike", text="Jeg fikser cykler for mine venner i weekenden.", min_trust=0.3),
        Fact(id="sleep", text="Jeg sover dårligt. Om natten tænker jeg på min søster.", min_trust=0.3),
        Fact(id="sister", text="Min søster bor i Kabul med sine børn.", min_trust=0.3),
        Fact(id="mother", text="Min mor tager medicin hver morgen.", min_trust=0.3),
    ]


def _m():
    return FactTextMatcher(_facts(), "da", language_data("da"), {})


def test_compound_is_split_into_known_words():
    m = _m()
    assert {"arbejde", "dag"} <= set(m._split("arbejdsdage"))
    assert "arbejde" in m.content("Hvordan er dine arbejdsdage?")


def test_own_words_and_life_area_reach_the_fact():
    m = _m()
    assert m.best("Hvad går dit arbejde ud på?") == "job"       # "arbejde" via the compound in the fact
    assert m.best("Kan du reparere en cykel?") == "bike"          # its own word and a repair word
    assert m.best("Hvordan er dine nætter?") == "sleep"


def test_a_word_two_facts_share_names_neither():
    m = _m()
    # "medicin" is in the job fact and the mother fact: no single fact wins
    assert m.best("Hvad med medicinen?") is None
    assert m.best("Hvad laver du?") is None  # no content word at all


@pytest.mark.parametrize("line", ["Hvor gammel var du, da du landede her?", "Hvor tidligt skal du op?"])
def test_wh_question_is_never_answered_as_yes_no(line):
    r = Rehearsal(load_scenario(SCENARIOS / "flight-story.yaml"), seed=0)
    r.state.trust = 0.6
    turn = r.take_turn(line)
    assert turn.move != "yes_no" and "svært at sige" not in turn.mentee


def test_unseen_style_line_reaches_its_fact_by_text():
    s = load_scenario(SCENARIOS / "farewell.yaml")
    assert TopicMatcher(s.facts, "da").match("Hvad går dine arbejdsdage ud på?") == []  # no keyword
    r = Rehearsal(s, seed=0)
    r.state.trust = 0.6
    assert r.take_turn("Hvad går dine arbejdsdage ud på?").about == "job-now"


def test_wh_question_no_fact_answers_gets_a_vague_line_and_no_fact():
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), seed=0)
    r.state.trust = 0.6
    turn = r.take_turn("Hvor længe har du boet her?")
    assert turn.move == "elsewhere" and turn.reaction == "unknown_wh" and not turn.revealed
    assert turn.mentee in language_data("da")["lines"]["unknown_wh"]
