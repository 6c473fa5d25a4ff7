"""The practice screen, driven with Pilot at 80x24 on the scripted mentee.

Each test builds the app through `make_app` (the CLI's own factory) with a
temporary store, waits on the mentee worker with `workers.wait_for_complete()`
and asserts on the session (domain state), the saved file or screen text.
"""

from __future__ import annotations


import pytest

from simulator.engine.hints import pick_hint
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.locale import tr
from simulator.tui.screens.practice import MenteeReplied, PracticeScreen
from simulator.tui.settings import UiSettings, load_settings
from simulator.tui.widgets.coding_panel import CodingPanel
from simulator.tui.widgets.transcript import TurnView
from tests.tui_support import SIZE, build_app, say, screen_text, text_of
from simulator.store.sessions import read_session_data

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(builtin_scenario_dir() / "first-meeting.yaml")


build = build_app


def practice(app) -> PracticeScreen:
    assert isinstance(app.screen, PracticeScreen)
    return app.screen


async def test_typed_turn_gets_a_reply_and_is_saved(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Hvad tænker du selv?")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = practice(app).session
        assert len(session.turns) == 1
        turn = session.turns[0]
        assert turn.mentor == "Hvad tænker du selv?"
        assert turn.primary == "open_question"
        assert turn.mentee
        view = app.screen.query_one("#turn-0", TurnView)
        assert view.mentee_text == turn.mentee
        assert "Åbent spørgsmål" in screen_text(app)
        saved = read_session_data(store.path_for(session.id))
        assert len(saved["turns"]) == 1 and saved["turns"][0]["mentee"] == turn.mentee
        assert app.screen.query_one("#mentor-input").value == ""


async def test_empty_enter_is_a_deliberate_pause(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        turns = practice(app).session.turns
        assert [t.primary for t in turns] == ["pause"]
        assert "(pause)" in screen_text(app)


async def test_undo_removes_the_last_turn_and_keeps_it_as_an_attempt(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej Rania, jeg hedder Lars.")
        await say(pilot, "Har du børn?")
        screen = practice(app)
        assert len(screen.session.turns) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(screen.session.turns) == 1
        assert len(screen.session.attempts) == 1
        assert screen.session.attempts[0]["turn"]["mentor"] == "Har du børn?"
        assert not app.screen.query("#turn-1")
        saved = read_session_data(store.path_for(screen.session.id))
        assert len(saved["turns"]) == 1 and len(saved["attempts"]) == 1


async def test_the_panel_previews_the_draft_and_then_shows_the_sent_turn(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#mentor-input")
        box.value = "Så du savner din familie."
        await pilot.pause()
        panel = app.screen.query_one(CodingPanel)
        assert text_of(panel.query_one("#panel-coding-title")) == "Udkast (forhåndsvisning)"
        assert "Refleksion" in text_of(panel.query_one("#panel-coding"))
        assert "Lytteren" in text_of(panel.query_one("#panel-role"))
        box.value = ""
        await pilot.pause()
        assert "Ingen replik endnu" in text_of(panel.query_one("#panel-coding"))
        await say(pilot, "Du skal bare tage dig sammen.")
        coding = text_of(panel.query_one("#panel-coding"))
        assert "Grænse: belæring" in coding and "⚠" in coding
        assert "Erfaring; Sproget" in coding  # the guide section of the tag


async def test_steps_trust_and_figures_follow_the_session(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej Rania. Jeg hedder Lars.")
        await say(pilot, "Hvad arbejdede du med, før du kom til Danmark?")
        panel = app.screen.query_one(CodingPanel)
        steps = text_of(panel.query_one("#panel-steps"))
        assert "✓ Etabler kontakten" in steps and "▶ Fold historien ud" in steps
        assert "Tillid" in text_of(panel.query_one("#panel-trust"))
        figures = text_of(panel.query_one("#panel-figures"))
        assert "Åbne spm." in figures and "100 %" in figures and "· GOD" in figures


async def test_the_trust_meter_says_when_it_stands_at_the_scenario_s_cap(tmp_path, scenario):
    # user trial, stop 29: 0,70 for ten turns read as "nothing I do counts"; a first meeting's cap is 0.7
    app, _ = build(tmp_path, scenario.model_copy(update={"start_trust": 0.7}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej Rania. Jeg hedder Lars.")
        panel = app.screen.query_one(CodingPanel)
        assert text_of(panel.query_one("#panel-trust")).rstrip().endswith("loft")
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hej Rania. Jeg hedder Lars.")
        assert "loft" not in text_of(app.screen.query_one(CodingPanel).query_one("#panel-trust"))


async def test_trust_meter_can_be_hidden_and_the_setting_is_kept(tmp_path, scenario):
    settings_path = tmp_path / "tui-settings.json"
    app, _ = build(tmp_path, scenario, settings=UiSettings(show_trust=False), settings_path=settings_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        trust = app.screen.query_one("#panel-trust")
        assert not trust.display
        await pilot.press("f5")
        await pilot.pause()
        assert trust.display
    assert load_settings(settings_path).show_trust is True


async def test_hint_key_shows_a_hint_for_the_current_step(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Du kunne søge job i et køkken.")
        await pilot.press("ctrl+t")
        await pilot.pause()
        hint = app.screen.query_one("#panel-hint")
        assert hint.display
        expected = pick_hint(practice(app).session, "da")
        assert expected.situation == "advice_without_permission"
        assert expected.text in text_of(hint)
        await pilot.press("ctrl+t")  # again: the next fitting hint
        await pilot.pause()
        assert pick_hint(practice(app).session, "da", nth=1).text in text_of(hint)


async def test_mark_a_code_as_wrong(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Så du savner din familie.")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert type(app.screen).__name__ == "MarkCode"
        await pilot.press("enter")          # pick the highlighted segment
        await pilot.press(*"spørgsmål")     # the note
        await pilot.press("enter")
        await pilot.pause()
        session = practice(app).session
        assert len(session.marks) == 1
        mark = session.marks[0]
        assert (mark["turn"], mark["segment"], mark["note"]) == (0, 0, "spørgsmål")
        assert store.marks_path().is_file()


async def test_ending_shows_the_scorecard_with_bands_as_words(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Har du et job?")
        session = practice(app).session
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RecallModal"  # the story recall comes before any result
        await pilot.press(*"Hun leder efter et job.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ScorecardScreen"
        assert session.recall and session.recall["text"] == "Hun leder efter et job."
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("IKKE ENDNU") for p in prompts)
        assert any(p.startswith("GOD") for p in prompts)
        saved = read_session_data(store.path_for(session.id))
        assert saved["finished"] is True


async def test_escape_in_the_end_dialog_keeps_the_session_going(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert not app.screen.session.finished


async def test_a_late_reply_from_another_session_is_ignored(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvad tænker du selv?")
        screen = practice(app)
        stray = screen.session.turns[0]
        screen.post_message(MenteeReplied("some-other-session", stray))
        await pilot.pause()
        assert len(screen.query(TurnView)) == 1
        assert len(screen.session.turns) == 1


async def test_a_failing_backend_is_reported_not_a_crash(tmp_path, scenario):
    class Broken:
        name = "broken"

        def reply(self, request, on_token=None):
            raise TimeoutError("no answer in 60 s")

    store = SessionStore(tmp_path / "sessions")
    app = make_app(scenario=scenario, store=store, backend_factory=lambda sc: Broken(), cursor_blink=False,
                   settings=UiSettings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvad tænker du selv?")
        screen = practice(app)
        assert screen.waiting is None
        assert not screen.query(TurnView)
        shown = [n.message for n in app._notifications]
        assert any(tr("error.timeout", "da") in m for m in shown)  # the app's words, not the exception's
        assert not any("TimeoutError" in m for m in shown)


async def test_replies_can_be_typed_out_at_a_human_pace(tmp_path, scenario):
    app, _ = build(tmp_path, scenario, settings=UiSettings(type_out=True, chars_per_second=20))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Fortæl lidt om dig selv.")
        screen = practice(app)
        first = screen.query_one("#turn-0", TurnView)
        full = screen.session.turns[0].mentee
        assert len(full) > 20
        assert screen._typing is not None            # still typing, one chunk at a time
        assert len(first.mentee_text) < len(full)
        await say(pilot, "Hvad tænker du selv?")      # sending again finishes the reply at once
        assert first.mentee_text == full
        app.settings.chars_per_second = 2000
        for _ in range(100):                          # the second reply types out by itself
            if screen._typing is None:
                break
            await pilot.pause(0.05)
        assert screen.query_one("#turn-1", TurnView).mentee_text == screen.session.turns[1].mentee


async def test_english_interface(tmp_path, scenario):
    app, _ = build(tmp_path, scenario, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#mentor-input").placeholder.startswith("Type")
        await say(pilot, "Hvad tænker du selv?")
        assert "Open question" in text_of(app.screen.query_one("#panel-coding"))
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Hint", "Undo", "End"} <= descriptions


async def test_command_palette_lists_the_screen_actions(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Tip") for t in titles)
        assert any(t.startswith("Fortryd") for t in titles)
        assert any(t.startswith("Tillid") for t in titles)
        assert "Historik" in titles
        # Textual's own commands speak Danish too, and so does the palette's search prompt
        assert "Afslut programmet" in titles and "Quit" not in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandInput

        assert app.screen.query_one(CommandInput).placeholder == "Søg efter en handling …"


async def test_at_60_columns_the_side_panel_folds_away(tmp_path, scenario):
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = practice(app)
        assert screen.has_class("-narrow")
        assert not screen.query_one(CodingPanel).display
        assert screen.query_one("#conversation").region.width == 60
        await say(pilot, "Hvad tænker du selv?")  # still a working session
        assert len(screen.session.turns) == 1
    app, _ = build(tmp_path, scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert practice(app).query_one(CodingPanel).region.width == 36


async def test_a_long_turn_is_seen_whole_and_shift_enter_is_a_new_line(tmp_path, scenario):
    app, store = build(tmp_path, scenario)
    long = ("Så du savner at arbejde med mennesker, og du tænker på, om plejehjemmet kunne være et sted "
            "at begynde, måske bare en dag om ugen i starten, så du kan mærke efter?")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#mentor-input")
        box.value = long
        await pilot.pause()
        shown = "".join("".join(seg.text for seg in box.render_line(y)) for y in range(box.size.height))
        assert " ".join(shown.split()) == long  # every word on screen, wrapped over several lines
        assert box.size.height >= 3
        box.value = "Hvad tænker du?"
        await pilot.press("ctrl+j", *"Og hvad så?")
        assert box.value == "Hvad tænker du?\nOg hvad så?"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert practice(app).session.turns[0].mentor == "Hvad tænker du? Og hvad så?"  # one line per turn
        assert box.value == ""
