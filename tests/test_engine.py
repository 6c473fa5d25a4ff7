"""The scripted mentee: deterministic, trust-driven, never ends early, undo restores."""

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS, script_lines


def _scenario(name="first-meeting"):
    return load_scenario(SCENARIOS / f"{name}.yaml")


def _play(lines, seed=0, name="first-meeting"):
    r = Rehearsal(_scenario(name), seed=seed)
    for line in lines:
        r.take_turn("" if line == "..." else line)
    return r


def test_same_seed_same_session():
    lines = script_lines("first-meeting-good.txt")
    a, b = _play(lines, seed=3), _play(lines, seed=3)
    assert a.session.opening == b.session.opening
    assert [t.mentee for t in a.session.turns] == [t.mentee for t in b.session.turns]
    assert [t.trust for t in a.session.turns] == [t.trust for t in b.session.turns]


def test_trust_and_facts_follow_behaviour():
    good = _play(script_lines("first-meeting-good.txt"))
    poor = _play(script_lines("first-meeting-poor.txt"))
    assert good.session.turns[-1].trust > poor.session.turns[-1].trust
    told_good = sum(len(t.revealed) for t in good.session.turns)
    told_poor = sum(len(t.revealed) for t in poor.session.turns)
    assert told_good > told_poor


def test_taboo_probe_lowers_trust_and_gets_refusal():
    r = _play(["Fortæl lidt om dig selv."])
    before = r.state.trust
    turn = r.take_turn("Hvordan kom du over Middelhavet?")
    assert turn.trust < before
    assert turn.reaction == "taboo_probe"


def test_low_trust_topic_is_guarded():
    r = Rehearsal(_scenario())
    turn = r.take_turn("Er du bange for noget, når du taler dansk?")
    assert turn.reaction == "guarded"
    assert "worry-danish" not in r.state.revealed


def test_misunderstanding_of_long_sentence_at_a2():
    r = Rehearsal(_scenario())
    long = ("Jeg tænkte, at vi måske i dag kunne bruge noget af tiden på at gennemgå de forskellige "
            "muligheder, der findes inden for sundhedssektoren og uddannelsessystemet i kommunen")
    turn = r.take_turn(long)
    assert turn.misunderstood and turn.reaction == "misunderstood"
    idiom = r.take_turn("Nu skal vi tage tyren ved hornene.")
    assert idiom.misunderstood


def test_no_line_repeated_while_alternatives_remain():
    r = Rehearsal(_scenario(), seed=1)
    replies = [r.take_turn("Okay.").mentee for _ in range(2)]
    assert replies[0] != replies[1]


def test_session_never_ends_early():
    r = _play(["Tak for i dag. Farvel."] + ["Hvad tænker du selv?"] * 15)
    assert len(r.session.turns) == 16
    assert all(t.mentee.strip() for t in r.session.turns)


def test_undo_restores_state_and_keeps_attempt():
    r = _play(["Fortæl lidt om dig selv."])
    trust, revealed = r.state.trust, list(r.state.revealed)
    r.take_turn("Hvordan kom du til Danmark?")
    undone = r.undo()
    assert undone is not None and undone.mentor == "Hvordan kom du til Danmark?"
    assert r.state.trust == trust and r.state.revealed == revealed
    assert len(r.session.turns) == 1
    assert r.session.attempts[0]["replaced_at"] == 1
    again = r.take_turn("Hvad arbejdede du med før?")
    fresh = _play(["Fortæl lidt om dig selv.", "Hvad arbejdede du med før?"])
    assert again.mentee == fresh.session.turns[-1].mentee  # randomness went back too


def test_pause_lets_the_mentee_say_more():
    r = _play(["Fortæl lidt om dig selv.", "Hvad arbejdede du med?", "Det lyder spændende."])
    turn = r.take_turn("")
    assert turn.primary == "pause"
    assert turn.revealed or turn.reaction == "pause"


def test_mentee_lines_render_templates():
    r = Rehearsal(_scenario(), trainee="Lars")
    turn = r.take_turn("Lad os aftale, at du spørger din leder inden fredag.")
    assert "{{" not in turn.mentee
