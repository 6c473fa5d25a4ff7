"""One decision in one place: the boundary tags and "advice without permission" are decided
once (simulator.coding.context) and the engine and the scoring give the same answer."""

from simulator.coding.context import boundary_tags, counted_boundaries
from simulator.coding.labels import labels
from simulator.engine import hints
from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.base import Reply
from simulator.scenario import load_scenario
from simulator.scoring import figures, score_session
from tests.conftest import SCENARIOS


class _Says:
    """A mentee that says given lines in turn, so the test controls what she asked."""

    name = "fixed"

    def __init__(self, lines):
        self.lines = list(lines)

    def reply(self, request, on_token=None):
        return Reply(self.lines.pop(0), "scripted")


def _play(lines, replies, name="first-meeting"):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    r = Rehearsal(scenario, backend=_Says(replies))
    for line in lines:
        r.take_turn(line)
    return r.session, score_session(r.session, scenario)


def test_boundary_tags_are_the_labels_warnings_everywhere():
    warnings = {k for k, v in labels()["tags"].items() if v.get("kind") == "warning"}
    assert set(boundary_tags()) == warnings
    assert set(figures.BOUNDARY) == warnings
    # culture_probe counts only in the early phases, for the engine and the scoring alike
    assert "culture_probe" in counted_boundaries("afklaring")
    assert "culture_probe" not in counted_boundaries("den_lange_bane")
    assert set(counted_boundaries(None)) == warnings


def test_engine_feels_every_boundary_tag():
    # a caricatured question is a pitfall live too: the mentee reacts to it and a hint names it
    session, card = _play(["Du. Arbejde. Før. Hvad?"], ["Hvad mener du?"], "beginner-a1")
    turn = session.turns[0]
    assert "caricature" in turn.tags, turn.segments
    assert turn.trust < turn.trust_before
    assert "boundary" in hints.situations(session)
    assert card.figures["boundary_flags"]["caricature"] == 1


def test_referral_and_requested_advice_are_not_counted_by_either():
    lines = ["Hvad tænker du om at søge arbejde?",
             "Du kunne prøve at søge på et plejehjem.",   # asked for: the mentee said "Ved du det?"
             "Det må du spørge din sagsbehandler om.",    # a referral never needs permission
             "Du skal tage et kursus i excel."]           # unasked advice: counted by both
    replies = ["Jeg ved ikke, hvor jeg skal søge. Ved du det?", "Okay.", "Ja.", "Hm."]
    session, card = _play(lines, replies)
    live = [t.advice_without_permission for t in session.turns]
    scored = figures.unpermitted_advice(session.turns, session.language, session.opening)
    assert live == scored == [0, 0, 0, 1], (live, scored, [t.segments for t in session.turns])
    assert card.figures["advice_without_permission"] == 1


def test_the_live_hint_after_a_pitfall_names_that_pitfall():
    session, _ = _play(["Du. Arbejde. Før. Hvad?"], ["Hvad mener du?"], "beginner-a1")
    first = hints.pick_hint(session, "da")
    assert first.situation == "boundary" and "hele sætninger" in first.text
    offered = [h.text for h in hints.hints_for(session, "da")]
    assert not any("diagnose" in t for t in offered)  # another pitfall's hint is not offered


def test_every_pitfall_hint_names_a_boundary_tag():
    import yaml

    entries = yaml.safe_load(hints.HINTS_FILE.read_text(encoding="utf-8"))["hints"]
    tagged = [e for e in entries if "tag" in e]
    assert tagged and all(e["situation"] == "boundary" and e["tag"] in boundary_tags() for e in tagged)


def test_a_session_in_an_unknown_language_still_scores():
    session, _ = _play(["Du skal søge job."], ["Ja."])
    session.language = ":en"  # a damaged file: scored as Danish, as before, never a traceback
    assert figures.unpermitted_advice(session.turns, session.language, session.opening) == [1]
