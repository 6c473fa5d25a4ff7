"""One test per engine rule that decides what the mentee may say, and the overall score by values.

Each test names the rule in engine/state.py (or scoring/scorecard.py) it pins; breaking
the rule (deleting the check, flipping the comparison) fails the test. The scenario is
the shipped first meeting with its facts replaced, so what is asserted is the rule and
not a scenario's tuning.
"""

from __future__ import annotations

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario import load_scenario
from simulator.scenario.models import Fact
from simulator.scoring import scorecard
from tests.conftest import SCENARIOS

PAUSE = "..."  # a pause: every persona style volunteers after one (decisions.yaml, volunteer_after)


def rehearsal(*facts: Fact, style: str = "default") -> Rehearsal:
    base = load_scenario(SCENARIOS / "first-meeting.yaml")
    scenario = base.model_copy(update={"facts": list(facts),
                                       "persona": base.persona.model_copy(update={"style": style})})
    return Rehearsal(scenario, backend=ScriptedMentee(), store=None)


def at_trust(r: Rehearsal, trust: float, text: str):
    r.state.trust = trust  # set just before the turn; the turn's own small trust move is below the gaps used
    return r.take_turn(text)


# -- engine/state.py `_connected`: a volunteered fact waits for its trust -----------------------

@pytest.mark.parametrize("style", ["default", "quiet", "eager"])
def test_a_fact_is_not_volunteered_below_its_trust(style):
    r = rehearsal(Fact(id="war", text="Min bror døde i krigen.", min_trust=0.9, volunteer=True), style=style)
    for _ in range(3):
        turn = at_trust(r, 0.3, PAUSE)
        assert "war" not in turn.revealed and "war" not in r.state.revealed


def test_the_same_fact_is_volunteered_once_trust_allows():
    r = rehearsal(Fact(id="war", text="Min bror døde i krigen.", min_trust=0.9, volunteer=True))
    assert at_trust(r, 0.95, PAUSE).revealed == ["war"]


def test_a_fact_marked_not_to_volunteer_waits_to_be_asked():
    r = rehearsal(Fact(id="debt", text="Jeg skylder penge.", min_trust=0.0, volunteer=False))
    assert at_trust(r, 1.0, PAUSE).revealed == []


# -- engine/state.py `_available`: a fact waits for the one it requires -------------------------

def test_a_fact_waits_for_the_fact_it_requires():
    r = rehearsal(Fact(id="letter", text="Jeg fik et brev.", min_trust=0.0, volunteer=False),
                  Fact(id="letter-says", text="Der står, at jeg skal møde op.", min_trust=0.0, requires="letter"))
    assert at_trust(r, 1.0, PAUSE).revealed == []  # only `letter-says` may volunteer, and it needs `letter`


def test_a_told_fact_is_not_told_again():
    r = rehearsal(Fact(id="school", text="Jeg går på sprogskole.", min_trust=0.0))
    assert at_trust(r, 1.0, PAUSE).revealed == ["school"]
    assert at_trust(r, 1.0, PAUSE).revealed == []


# -- engine/state.py `_topic`: an asked fact is told only at its trust, else guarded --------------

JOB = Fact(id="job", text="Jeg var lærer i Syrien.", min_trust=0.8, topics=["arbejde"], volunteer=False)
ASK_JOB = "Hvad er dit arbejde?"


def test_an_asked_fact_is_guarded_below_its_trust():
    r = rehearsal(JOB)
    turn = at_trust(r, 0.4, ASK_JOB)
    assert turn.revealed == [] and r.state.last_about == "job"  # the refusal is about the asked fact


def test_an_asked_fact_is_told_at_its_trust():
    assert at_trust(rehearsal(JOB), 0.9, ASK_JOB).revealed == ["job"]


# -- engine/state.py `_move_trust`: gains stop at the scenario's cap, losses do not ---------------

def test_trust_gains_stop_at_the_cap_and_losses_go_below_it():
    r = rehearsal(Fact(id="school", text="Jeg går på sprogskole.", min_trust=0.0))
    state = r.state
    state.trust = state.cap - 0.01
    state._move_trust(0.5)
    assert state.trust == pytest.approx(state.cap)
    state._move_trust(-0.2)
    assert state.trust == pytest.approx(state.cap - 0.2)


# -- scoring/scorecard.py: overall = 100 * sum(weight * points) / sum(weight), by hand ------------

FIGURES = {  # one value per principle of bands.yaml, each chosen to land in a known band
    "open_question_share": 0.7,      # higher, good >= 0.6            -> good     1.0 x 2
    "reflection_to_question": 0.3,   # higher, fair >= 0.25           -> fair     0.5 x 2
    "mentor_talk_share": 0.7,        # lower, fair <= 0.6             -> not yet  0   x 1.5
    "specific_praise": True,         # praise_score 2, good >= 2      -> good     1.0 x 1.5
    "affirmations": 1,
    "advice_without_permission": 1,  # lower, fair <= 1               -> fair     0.5 x 1.5
    "unclear_turns": 3,              # lower, fair <= 2               -> not yet  0   x 1
    "lix": 40,                       # lower, good <= 35, fair <= 45  -> fair     0.5 x 0.5
    "check_understanding": 0,        # higher, fair >= 0              -> fair     0.5 x 0.5
    "boundary_flags": {},
    "boundary_flags_total": 0,       # lower, good <= 0               -> good     1.0 x 3
    "steps_covered": ["a", "b", "c", "d"],  # 4; fair >= 3, good >= 5 -> fair     0.5 x 1.5
    "agreement_at_end": False,       # 0; fair >= 1                   -> not yet  0   x 1.5
    "roles_used": ["x", "y", "z"],   # 3; good >= 3                   -> good     1.0 x 1
}
# points 2 + 1 + 0 + 1.5 + 0.75 + 0 + 0.25 + 0.25 + 3 + 0.75 + 0 + 1 = 10.5 of weight 17.5 -> 60
EXPECTED_BANDS = ["good", "fair", "not_yet", "good", "fair", "not_yet", "fair", "fair", "good", "fair",
                  "not_yet", "good"]


def test_overall_score_by_hand(monkeypatch):
    r = rehearsal(Fact(id="school", text="Jeg går på sprogskole.", min_trust=0.0))
    r.take_turn("Hvordan har du det i dag?")
    monkeypatch.setattr(scorecard, "compute_figures", lambda session, phase: dict(FIGURES))
    card = scorecard.score_session(r.session)
    assert [p.band for p in card.principles] == EXPECTED_BANDS
    assert card.overall == 60


def test_overall_is_zero_without_turns():
    r = rehearsal(Fact(id="school", text="Jeg går på sprogskole.", min_trust=0.0))
    assert scorecard.score_session(r.session).overall == 0
