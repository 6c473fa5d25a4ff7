"""Bad input in the practice screen is handled calmly: nothing crashes, nothing is lost.

Text arrives the way a terminal delivers it: a paste is a `Paste` event (what
Textual's driver makes of a bracketed paste), typing is key presses. The
decision these tests hold the app to:

- Every line of a paste is kept, folded into the one line a turn is.
- Escape sequences and control characters are not text: the input drops them,
  so the session file holds the turn as the trainee saw it in the box.
- RTL scripts, emoji and markup-looking brackets are text: saved exactly as
  typed and shown literally, never interpreted.
- Whatever a saved session holds (the headless `rehearse` keeps turns byte for
  byte), no control character is ever written to the terminal.

After each send: the app still runs, the mentee replied, the turn is on disk
and the screen renders.
"""

from __future__ import annotations

import re
import threading

import pytest
from textual import events

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.store import SessionStore
from simulator.store.sessions import read_session_data
from simulator.tui.app import make_app
from simulator.tui.screens.practice import PracticeScreen
from simulator.tui.settings import UiSettings
from simulator.tui.widgets.transcript import TurnView
from tests.tui_support import SIZE, build_app

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(builtin_scenario_dir() / "first-meeting.yaml")


build = build_app


def box(app):
    return app.screen.query_one("#mentor-input")


def rendered(widget) -> str:
    """The characters the widget sends to the terminal, line by line."""
    return "\n".join("".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height))


def rendered_turn(app, index: int) -> str:
    view = app.screen.query_one(f"#turn-{index}", TurnView)
    return "\n".join(rendered(w) for w in view.query(".line"))


def saved_turns(store, app) -> list[dict]:
    session = app.screen.session
    return read_session_data(store.path_for(session.id))["turns"]


async def paste(pilot, text: str) -> None:
    box(pilot.app).post_message(events.Paste(text))
    await pilot.pause()


async def send(pilot) -> None:
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def assert_calm(app, store, n_turns: int) -> dict:
    """Still running on the practice screen, a reply for every turn, all of them on disk."""
    assert app.is_running and app.return_code is None
    assert isinstance(app.screen, PracticeScreen) and app.screen.waiting is None
    turns = app.screen.session.turns
    assert len(turns) == n_turns and turns[-1].mentee
    on_disk = saved_turns(store, app)
    assert len(on_disk) == n_turns and on_disk[-1]["mentee"] == turns[-1].mentee
    assert app.screen.query_one(f"#turn-{n_turns - 1}", TurnView).mentee_text == turns[-1].mentee
    assert box(app).value == ""
    assert not CONTROL.search(app.export_screenshot())  # the whole screen renders
    return on_disk[-1]


async def test_a_10000_character_paste_is_sent_saved_and_shown_whole(tmp_path, scenario):
    text = ("Hvad tænker du selv om det, når du ser tilbage på ugen? " * 200)[:10_000]
    assert len(text) == 10_000
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await paste(pilot, text)
        assert box(app).value == text
        await send(pilot)
        saved = assert_calm(app, store, 1)
        assert saved["mentor"] == text
        shown = re.sub(r"\s+", "", rendered_turn(app, 0))
        assert re.sub(r"\s+", "", text) in shown  # every character on screen, wrapped
        await paste(pilot, "Og hvad så nu?")  # the screen still takes the next turn
        await send(pilot)
        assert assert_calm(app, store, 2)["mentor"] == "Og hvad så nu?"


async def test_a_paste_of_several_lines_keeps_every_line(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Først: ")
        # \x1c-\x1e and \x85 are line breaks to str.splitlines too
        await paste(pilot, "Hvordan har du det?\r\nHvad\tsavner du\n\nmest?\x1cOg\x85familien?\n")
        assert box(app).value == "Først: Hvordan har du det? Hvad savner du mest? Og familien? "
        await pilot.press("end", *"!")
        await send(pilot)
        saved = assert_calm(app, store, 1)
        assert saved["mentor"] == "Først: Hvordan har du det? Hvad savner du mest? Og familien? !"


CLEANED = [
    pytest.param("Hvad\x00 tænker\x01 du\x07 selv\x1f?\x7f", "Hvad tænker du selv?", id="c0-and-del"),
    pytest.param("Så \x1b[31mdu\x1b[0m savner \x1b[1;4mdin familie\x1b[m.", "Så du savner din familie.", id="ansi-colour"),
    pytest.param("\x1b]0;pwned\x07Hvad \x1b]8;;http://x\x1b\\tænker\x1b]8;;\x1b\\ du?", "Hvad tænker du?", id="osc-title-link"),
    pytest.param("Hvad\x1b[2J\x1b[H tænker du\x9b selv?", "Hvad tænker du selv?", id="clear-screen-c1"),
    pytest.param("Hvad\x0e tænker\x0f du\x1b]0;no end selv?", "Hvad tænker du]0;no end selv?", id="shift-out-unterminated-osc"),
]


@pytest.mark.parametrize(("pasted", "expected"), CLEANED)
async def test_control_characters_and_escape_sequences_are_dropped_not_obeyed(tmp_path, scenario, pasted, expected):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await paste(pilot, pasted)
        assert box(app).value == expected
        assert not CONTROL.search(rendered(box(app)))
        await send(pilot)
        assert assert_calm(app, store, 1)["mentor"] == expected
        assert expected in rendered_turn(app, 0)
        # text that reached the box some other way is cleaned on sending, too
        box(app).value = pasted
        await send(pilot)
        assert assert_calm(app, store, 2)["mentor"] == expected


async def test_rtl_text_emoji_and_markup_are_kept_and_shown_literally(tmp_path, scenario):
    lines = [
        "مرحبا رانيا، كيف حالك؟ Hvad tænker du?",       # Arabic, mixed with Danish
        "שלום 👋🏽 Hvordan går det? 🇩🇰 👨‍👩‍👧",               # Hebrew, skin tone, flag, ZWJ family
        "[b]fed[/b] [link=https://x.dk]klik[/link] [@click=app.quit]luk[/] $name \\[x]",
    ]
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i, line in enumerate(lines):
            await paste(pilot, line)
            assert box(app).value == line
            await send(pilot)
            assert assert_calm(app, store, i + 1)["mentor"] == line
        await pilot.press(*"[i]skrevet[/i] æøå ")  # typed key by key, not pasted
        box(app).post_message(events.Key("😊", "😊"))  # the key event a terminal's emoji picker gives
        await pilot.pause()
        await send(pilot)
        assert assert_calm(app, store, 4)["mentor"] == "[i]skrevet[/i] æøå 😊"
        mentor = app.screen.query_one("#turn-2 .mentor")
        plain = mentor.visual.plain
        assert lines[2] in plain  # brackets shown as typed, $name not substituted
        # no style from the trainee's brackets: "fed" carries the same style as the words around it
        strip = mentor.render_line(0)
        styles = {seg.style for seg in strip if seg.text.strip() and "Du:" not in seg.text}
        assert len(styles) == 1, styles
        assert not any(seg.style and (seg.style.link or seg.style.meta.get("@click")) for seg in strip)
        assert "👋🏽" in rendered_turn(app, 1) and "مرحبا" in rendered_turn(app, 0)


async def test_enter_while_the_mentee_answers_loses_nothing(tmp_path, scenario):
    release = threading.Event()

    class Slow(ScriptedMentee):
        def reply(self, request, on_token=None):
            release.wait(5)
            return super().reply(request, on_token=on_token)

    app, store = build(tmp_path, scenario, backend_factory=lambda sc: Slow())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await paste(pilot, "Hvad tænker du selv?")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.waiting is not None
        await paste(pilot, "Og din familie?")
        await pilot.press("enter")            # too early: queued, sent as soon as the reply is in
        await pilot.pause()
        assert box(app).value == ""
        assert any(n.message == "Sendes, når Rania har svaret." for n in app._notifications)
        release.set()
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        saved = assert_calm(app, store, 2)
        assert [t["mentor"] for t in saved_turns(store, app)] == ["Hvad tænker du selv?", "Og din familie?"]
        assert saved["mentor"] == "Og din familie?"


async def test_a_saved_session_with_escape_codes_resumes_without_writing_them(tmp_path, scenario):
    # The headless rehearsal keeps a turn byte for byte: arrow keys at a plain prompt leave ESC [ A.
    store = SessionStore(tmp_path / "sessions")
    rehearsal = Rehearsal(scenario, store=store)
    raw = "Hvad\x1b[A tænker\x1b[31m du\x0e selv?\x1b]0;pwned\x07"
    rehearsal.take_turn(raw)
    app = make_app(store=store, backend_factory=lambda sc: ScriptedMentee(), cursor_blink=False,
                   settings=UiSettings(type_out=False), scenario=scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.resume(store.load(rehearsal.session.id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen) and len(screen.session.turns) == 1
        shown = rendered_turn(app, 0)
        assert "Hvad tænker du selv?" in shown and not CONTROL.search(shown)
        await pilot.press("ctrl+r")  # the mark dialog lists the saved turn's segments
        await pilot.pause()
        assert type(app.screen).__name__ == "MarkCode"
        listed = rendered(app.screen.query_one("#mark-options"))
        assert "Hvad tænker du selv?" in listed and not CONTROL.search(listed)
        await pilot.press("escape")
        await pilot.pause()
        await paste(pilot, "Fortæl mere.")
        await send(pilot)
        saved = assert_calm(app, store, 2)
        assert saved["mentor"] == "Fortæl mere."
        assert saved_turns(store, app)[0]["mentor"] == raw  # the file is not rewritten behind the trainee's back
