"""Guards on model replies and the retry-then-fallback loop, with fake generators.

No torch here: a fake generator returns bad replies on purpose (speaks as the
mentor, leaks a locked fact, too long, English in a Danish scenario, repeats
itself) and good ones, and the tests check what the rehearsal would record.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.base import Cue
from simulator.mentee.base import ReplyRequest
from simulator.mentee.guarded import GenerationError, GuardedMentee, StreamGate
from simulator.mentee.guards import check, clean, language_fits, locked_fact_in
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
FACTS = {f.id: f.text for f in SCENARIO.facts}


def request(gist="Ja. Okay.", *, reaction="default", revealed=(), allowed=(), history=(), mentor="Hvordan går det?",
            scenario=SCENARIO, trust=0.3) -> ReplyRequest:
    cue = Cue(reaction, gist, trust, trust, revealed=list(revealed), allowed_facts=list(allowed))
    return ReplyRequest(scenario=scenario, cue=cue, history=list(history), mentor=mentor, trust=trust)


def turn(mentor, mentee, revealed=()):
    return SimpleNamespace(mentor=mentor, mentee=mentee, revealed=list(revealed))


class FakeGenerator:
    """Says the given replies in order, word by word through on_text, like a streaming model."""

    def __init__(self, *replies, delay=0.0):
        self.replies = list(replies)
        self.calls = 0
        self.fed: list[str] = []
        self.delay = delay

    def generate(self, request, *, attempt, on_text, should_stop, deadline, stream):
        reply = self.replies[min(self.calls, len(self.replies) - 1)]
        self.calls += 1
        if isinstance(reply, Exception):
            raise reply
        out = ""
        for piece in reply.split(" "):
            if should_stop():
                break
            piece = (" " if out else "") + piece
            out += piece
            self.fed.append(piece)
            on_text(piece)
            if self.delay:
                time.sleep(self.delay)
        return out


GOOD = "Jeg har det fint, tak. Jeg er lidt nervøs i dag."
LONG = ("Jeg kan godt lide at gå en tur i parken, når solen skinner. Om morgenen drikker jeg te med min "
        "nabo, og vi taler om vejret og om byen. Bagefter handler jeg ind i det lille supermarked ved "
        "stationen, og så laver jeg mad til aftenen. Det er en rolig dag for mig.")  # 53 words


# -- single checks -------------------------------------------------------------------

def test_a_plain_danish_reply_passes():
    v = check(GOOD, request())
    assert v.ok and v.text == GOOD and v.reason is None


@pytest.mark.parametrize("text", [
    "Mentor: Hvad laver du til daglig?",
    "**Mentor:** Fortæl mig om din familie.",
    "Som mentor vil jeg sige, at det går godt.",
    "Jeg er din mentor, og jeg hjælper dig.",
])
def test_speaking_as_the_mentor_is_rejected(text):
    v = check(text, request())
    assert not v.ok and v.code == "as_mentor" and v.reason == "taler som mentoren"


@pytest.mark.parametrize("text", [
    "Du bør spørge mere åbent.",
    "Prøv at stille åbne spørgsmål, så fortæller jeg mere.",
    "Du skal spørge mere åbent, så svarer jeg.",
    "Det er god feedback til dig.",
])
def test_coaching_the_trainee_is_rejected(text):
    v = check(text, request())
    assert not v.ok and v.code == "coaching"


@pytest.mark.parametrize("text", [
    "Som sprogmodel kan jeg ikke have følelser.",
    "Jeg er en AI, men jeg prøver.",
    "As an AI language model I cannot do that.",
    "Regler: Svar på dansk.",
    "<strong>Tænk positivt</strong> om det.",
    "Jeg taler dansk i tilstanden A2.",
])
def test_stepping_out_of_the_role_is_rejected(text):
    v = check(text, request())
    assert not v.ok and v.code == "out_of_role"


def test_a_later_line_by_any_speaker_is_cut_off():
    # small models go on to write the mentor's next line, by the trainee's name
    assert clean("Ja, det er rigtigt.\nLars: Hvad så med dit arbejde?", "Rania") == "Ja, det er rigtigt."


def _shipped_lines():
    from simulator.text.templates import render

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(path)
        ctx = {"persona": sc.persona.model_dump(), "name": sc.persona.name, "trainee": "Jens",
               "facts": {f.id: f.text for f in sc.facts}}
        for key, reaction in sc.reactions.items():
            for line in reaction.lines:
                # "{word}" is filled by the engine before any guard sees the line (engine/state.py _fill)
                yield sc, key, render(line, ctx).replace("{word}", "klodsmajor"), []
        for fact in sc.facts:
            yield sc, "fact", render(fact.text, ctx), [fact.id]
        for line in sc.opening:
            yield sc, "opening", render(line, ctx), []


def test_every_shipped_scenario_line_passes_the_guards():
    """The scenario authors' own lines are what a good reply looks like: none may be rejected."""
    rejected = []
    for sc, key, line, revealed in _shipped_lines():
        allowed = [line] if revealed else []
        v = check(line, request(line, reaction=key, revealed=revealed, allowed=allowed, scenario=sc))
        if not v.ok:
            rejected.append(f"{sc.id} {key}: {v.reason}: {line}")
    assert not rejected, "\n".join(rejected)


@pytest.mark.parametrize("text, fact", [
    ("Min søn er 13 og min datter er 9.", "family"),
    ("Jeg var sygeplejerske derhjemme.", "nurse"),
    ("Jeg har søgt job to gange, men fik ikke svar. Det var trist.", "already-tried"),
])
def test_a_locked_fact_may_not_be_told(text, fact):
    v = check(text, request())
    assert not v.ok and v.code == "locked_fact" and fact in v.reason


def test_an_unlocked_fact_may_be_told():
    family = FACTS["family"]
    history = [turn("Fortæl om din familie.", family, revealed=["family"])]
    v = check("Ja, min søn er 13 og min datter er 9.", request(allowed=[family], history=history))
    assert v.ok, v.reason


def test_the_fact_revealed_in_this_reply_may_be_told():
    nurse = FACTS["nurse"]
    v = check("I Syrien var jeg sygeplejerske på et hospital i 11 år.",
              request(nurse, reaction="fact", revealed=["nurse"], allowed=[nurse]))
    assert v.ok, v.reason


def test_words_the_mentor_used_do_not_count_as_a_leak():
    # The mentor says "arbejde"; repeating that word gives nothing away.
    assert locked_fact_in("Mit arbejde? Det er svært at tale om.", request(mentor="Fortæl om dit arbejde.")) is None


def test_too_long_for_the_level_is_rejected():
    v = check(LONG, request())  # A2: at most 40 words
    assert not v.ok and v.code == "too_long" and "højst 40" in v.reason


def test_the_limit_follows_the_persona_level():
    b2 = SCENARIO.model_copy(update={"persona": SCENARIO.persona.model_copy(update={"level": "B2"})})
    text = ("Jeg har tænkt meget over det, du siger. Det er ikke let at starte forfra i et nyt land, "
            "men jeg prøver hver dag, og jeg tror, at det bliver bedre med tiden, når jeg lærer mere dansk "
            "og møder flere mennesker.")  # about 45 words: too long for A2, fine for B2
    assert check(text, request()).code == "too_long"
    assert check(text, request(scenario=b2)).ok


@pytest.mark.parametrize("text", [
    "I am fine, thank you. What about you?",
    "Yes, I would like to work with people again.",
    "مرحبا، أنا بخير شكرا لك",
])
def test_a_danish_scenario_needs_danish(text):
    v = check(text, request())
    assert not v.ok and v.code == "language" and v.reason.startswith("ikke dansk (")


def test_an_english_scenario_needs_english():
    en = SCENARIO.model_copy(update={"language": "en"})
    assert check("I am fine, thank you. I am a bit nervous.", request(scenario=en)).ok
    v = check("Jeg har det fint, tak. Jeg er lidt nervøs.", request(scenario=en))
    assert not v.ok and v.code == "language" and v.reason == "not English (Danish)"


def test_short_danish_replies_count_as_danish():
    for text in ("Ja.", "Ja. Okay.", "Mm. Jeg forstår.", "Tak!", "Nej, ikke rigtig."):
        assert language_fits(text, "da"), text


def test_repeating_an_earlier_reply_is_rejected():
    said = "Jeg er lidt nervøs, men det går fint i dag."
    history = [turn("Hej!", said)]
    v = check("Jeg er lidt nervøs, men det går fint i dag.", request(history=history))
    assert not v.ok and v.code == "repetition"
    # ... unless the engine chose the same line again.
    assert check(said, request(said, history=history)).ok
    # Short answers may recur.
    assert check("Ja. Okay.", request(history=[turn("Er du klar?", "Ja. Okay.")])).ok


@pytest.mark.parametrize("text, code", [
    ("ja ja ja ja ja ja ja ja ja", "looping"),
    ("jeg er her jeg er her jeg er her", "looping"),
    ("\x04r\ufffd s\ufffd h dT ar", "garbled"),
    ("   ", "empty"),
])
def test_broken_output_is_rejected(text, code):
    assert check(text, request()).code == code


def test_clean_takes_the_mentees_words_only():
    assert clean("Rania: Hej. Jeg hedder Rania.", "Rania") == "Hej. Jeg hedder Rania."
    assert clean('"Ja, det er rigtigt."', "Rania") == "Ja, det er rigtigt."
    assert clean("Ja, det er rigtigt.\nMentor: Godt. Hvad så nu?", "Rania") == "Ja, det er rigtigt."
    assert clean("<think>Hun er nervøs.</think>Ja, lidt.", "Rania") == "Ja, lidt."
    assert clean("Ja.\n\nJeg er   glad.", "Rania") == "Ja. Jeg er glad."


# -- the loop: retry, fallback and what is recorded ------------------------------------

BAD = {
    "as_mentor": ("Mentor: Hvad vil du gerne lave?", "taler som mentoren"),
    "leak": ("Min søn er 13 og min datter er 9.", "fortæller noget, der ikke er låst op endnu (family)"),
    "too_long": (LONG, "for langt"),
    "english": ("I am fine, thank you. What about you?", "ikke dansk"),
    "coaching": ("Du bør stille mere åbne spørgsmål.", "coacher mentoren"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_two_bad_replies_fall_back_to_the_script_with_the_reason(kind):
    bad, reason = BAD[kind]
    gen = FakeGenerator(bad)
    reply = GuardedMentee("model:fake", gen).reply(request("Mm. Jeg forstår."))
    assert gen.calls == 2                       # one retry
    assert reply.source == "fallback" and reply.text == "Mm. Jeg forstår."
    attempts = reply.raw.split("\n---\n")
    assert len(attempts) == 2
    for attempt in attempts:
        assert f"[afvist: {reason}" in attempt


def test_repetition_falls_back():
    said = "Jeg er lidt nervøs, men det går fint i dag."
    gen = FakeGenerator(said)
    reply = GuardedMentee("model:fake", gen).reply(request(history=[turn("Hej!", said)]))
    assert reply.source == "fallback" and "[afvist: gentager et tidligere svar]" in reply.raw


def test_a_good_reply_is_the_models():
    gen = FakeGenerator("Rania: " + GOOD)
    reply = GuardedMentee("model:fake", gen).reply(request())
    assert (reply.source, reply.text, reply.raw) == ("model", GOOD, "Rania: " + GOOD)
    assert gen.calls == 1


def test_a_bad_then_good_reply_keeps_both_in_raw():
    gen = FakeGenerator("Mentor: Hvad så?", GOOD)
    reply = GuardedMentee("model:fake", gen).reply(request())
    assert reply.source == "model" and reply.text == GOOD
    # The first attempt was stopped as soon as it showed itself as the mentor's.
    assert reply.raw.startswith("Mentor:")
    assert reply.raw.endswith(f"\n[afvist: taler som mentoren]\n---\n{GOOD}")


def test_english_scenarios_record_rejected():
    en = SCENARIO.model_copy(update={"language": "en"})
    reply = GuardedMentee("model:fake", FakeGenerator("Mentor: So?")).reply(request("Okay.", scenario=en))
    assert reply.source == "fallback" and "[rejected: speaks as the mentor]" in reply.raw


def test_a_generation_error_is_retried_then_falls_back():
    gen = FakeGenerator(GenerationError("HTTP 500: boom"), GenerationError("HTTP 500: boom"))
    reply = GuardedMentee("server:fake", gen).reply(request("Ja."))
    assert reply.source == "fallback" and reply.text == "Ja." and reply.raw.count("[afvist: fejl: HTTP 500: boom]") == 2


def test_out_of_time_falls_back_without_retry():
    gen = FakeGenerator(" ".join(f"ord{i}" for i in range(30)), delay=0.01)
    reply = GuardedMentee("model:fake", gen, timeout=0.1).reply(request("Ja."))
    assert reply.source == "fallback" and gen.calls == 1
    assert "[afvist: tidsgrænsen på 0.1 s nået]" in reply.raw


def test_cancel_stops_the_reply():
    mentee = GuardedMentee("model:fake", FakeGenerator(" ".join(f"ord{i}" for i in range(30)), delay=0.01))
    threading.Timer(0.05, mentee.cancel).start()
    reply = mentee.reply(request("Ja."))
    assert reply.source == "fallback" and reply.raw.endswith("[afvist: afbrudt]")
    # The next reply is not cancelled by the last one's cancel.
    mentee.generator = FakeGenerator(GOOD)
    assert mentee.reply(request()).source == "model"


# -- streaming ------------------------------------------------------------------------

def test_streamed_text_is_the_accepted_reply():
    text = "Hej. Jeg hedder Rania. Jeg kommer fra Syrien."
    got: list[str] = []
    reply = GuardedMentee("model:fake", FakeGenerator(text)).reply(request(), on_token=got.append)
    assert reply.source == "model" and "".join(got) == reply.text == text
    assert len(got) >= 2  # sentence by sentence, not all at the end


def test_rejected_text_stops_generation_early_and_is_not_streamed():
    leak = "Min søn er 13 og min datter er 9. " + " ".join(["og så videre"] * 30)
    gen = FakeGenerator(leak)
    got: list[str] = []
    reply = GuardedMentee("model:fake", gen).reply(request("Ja. Okay."), on_token=got.append)
    assert reply.source == "fallback"
    assert "".join(got) == "Ja. Okay."     # only the scripted line reached the screen
    assert len(gen.fed) < 40                # the guards stopped the model mid-way


def test_a_watcher_with_reset_gets_the_final_text_afresh():
    class Watcher:
        def __init__(self):
            self.text = ""
            self.resets = 0

        def __call__(self, piece):
            self.text += piece

        def reset(self):
            self.text = ""
            self.resets += 1

    # Shown sentence by sentence, then rejected at the end as English-heavy? No: as a repeat.
    said = "Jeg er lidt nervøs. Men det går fint i dag."
    w = Watcher()
    gen = FakeGenerator(said, GOOD)
    reply = GuardedMentee("model:fake", gen).reply(request(history=[turn("Hej!", said)]), on_token=w)
    assert reply.source == "model" and w.resets == 1 and w.text == GOOD


def test_stream_gate_stops_at_the_mentors_next_line():
    gate = StreamGate(request(), None)
    for piece in ["Ja, ", "det ", "er ", "rigtigt.", "\nMentor:", " Godt."]:
        gate.feed(piece)
    assert gate.done and not gate.rejected


# -- a rehearsal with a guarded fake model ----------------------------------------------

def test_a_rehearsal_records_source_and_raw_on_every_turn():
    replies = ["Hej. Jeg er glad for at møde dig.", "Mentor: Fortæl mig mere.", "Mentor: Igen.",
               "Min søn er 13 og min datter er 9.", "Ja, det vil jeg gerne."]
    backend = GuardedMentee("model:fake", FakeGenerator(*replies))
    r = Rehearsal(SCENARIO, backend=backend)
    for line in ["Hej Rania, jeg hedder Jens.", "Hvordan har du det i dag?", "...", "Tak for i dag."]:
        t = r.take_turn(line)
        assert t.mentee and t.model_raw is not None and t.source in ("model", "fallback")
    sources = [t.source for t in r.session.turns]
    assert sources[0] == "model" and sources[1] == "fallback"
    assert r.session.mentee_backend == "model:fake"


def test_an_english_scenario_rehearsal_with_a_model():
    sc = load_scenario(ROOT / "scenarios" / "first-meeting-en.yaml")
    # Asked about her family, the engine tells the family fact: the kept line must carry it.
    told = "I have two children, my son is 13 and my daughter is 9."
    backend = GuardedMentee("model:fake", FakeGenerator(told, "Jeg hedder Rania.",
                                                        "Hej igen.", "Yes, that is right."))
    r = Rehearsal(sc, backend=backend)
    first = r.take_turn("Tell me a little about your family.")
    second = r.take_turn("What would you like to talk about?")
    assert first.revealed == ["family"] and first.source == "model" and first.mentee == told
    assert second.source == "fallback" and "[rejected: not English (Danish)]" in second.model_raw
