"""A question set in the future is about a goal; a hello or thanks invites no story;
an offer of coffee is hospitality (issue 13, dev probe sets 9 and 10)."""

import pytest

from tests.engine_support import rehearsal


def _turn(scenario: str, line: str, trust: float = 0.6):
    return rehearsal(scenario, trust).take_turn(line)


@pytest.mark.parametrize("scenario, line, goal", [
    ("first-meeting", "Hvad slags arbejde vil du gerne hen til?", "goal-health"),
    ("flight-story", "Jeg er nysgerrig på, hvor du gerne vil hen med dit arbejdsliv.", "goal-electrician"),
])
def test_a_question_set_in_the_future_is_about_the_goal(scenario, line, goal):
    # both name work, and the past job's words win on words alone; the future decides
    turn = _turn(scenario, line)
    assert turn.about == goal and turn.revealed in ([goal], [])


def test_a_question_in_the_past_is_not_sent_to_the_goal():
    turn = _turn("first-meeting", "Hvad arbejdede du med, før du kom til Danmark?")
    assert turn.about == "nurse"


@pytest.mark.parametrize("scenario, line, move", [
    ("first-meeting", "Hej, jeg hedder Karen. Dejligt, at du havde lyst til at mødes.", "greeting"),
    ("flight-story", "Tak, fordi du deler det med mig. Det betyder meget.", "thanks"),
    ("farewell", "Jeg giver kaffen i dag. Hvad skal du have?", "offer"),
])
def test_hello_thanks_and_coffee_invite_no_story(scenario, line, move):
    turn = _turn(scenario, line)
    assert turn.move == move and turn.revealed == []
