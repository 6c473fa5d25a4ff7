"""Picker, briefing, scorecard, history and help screens, driven with Pilot at 80x24.

Scenarios come from a temporary folder (copies of the shipped first meeting with
other ids, plus one broken file) so the tests do not move when scenarios are
added; sessions are made with the headless core and saved in a temporary store.
"""

from __future__ import annotations

import pytest
import yaml
from textual.widgets import DataTable, Markdown, OptionList

from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.picker import BriefingScreen, PickerScreen
from simulator.tui.screens.practice import PracticeScreen
from simulator.tui.screens.scorecard import ScorecardScreen
from simulator.tui.settings import UiSettings
from simulator.tui.widgets.transcript import Transcript, TurnView
from tests.tui_support import SIZE, say, text_of, screen_text

pytestmark = pytest.mark.anyio

GOOD = ["Hej Rania. Jeg hedder Lars, og jeg er pensioneret tømrer.",
        "Er det ok, at jeg spørger lidt til din situation?",
        "Fortæl lidt om dig selv.",
        "Så du har to børn, der allerede taler godt dansk.",
        "Hvad vil du gerne opnå? Hvad er dit mål?",
        "Lad os aftale, at du spørger din leder inden fredag. Vi ses igen på tirsdag."]


@pytest.fixture(scope="module")
def base_yaml():
    return yaml.safe_load((builtin_scenario_dir() / "first-meeting.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def scenario_dir(tmp_path, base_yaml):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    variants = [
        ("first-meeting", "Første møde med Rania", "da", "afklaring", 1),
        ("long-haul", "Status med Rania efter et halvt år", "da", "den_lange_bane", 3),
        ("first-meeting-en", "First meeting with Rania", "en", "afklaring", 2),
    ]
    for sid, title, lang, phase, difficulty in variants:
        data = dict(base_yaml, id=sid, title=title, language=lang, course_phase=phase, difficulty=difficulty)
        (folder / f"{sid}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    return folder


def build(tmp_path, scenario_dir=None, **kw):
    store = kw.pop("store", None) or SessionStore(tmp_path / "sessions")
    app = make_app(store=store, scenario_dir=scenario_dir, backend_factory=lambda sc: ScriptedMentee(),
                   cursor_blink=False, settings=UiSettings(), **kw)
    return app, store


def saved_session(store, scenario, lines, finish=True, trainee="Mette"):
    r = Rehearsal(scenario, trainee=trainee, backend=ScriptedMentee(), store=store)
    for line in lines:
        r.take_turn(line)
    if finish:
        r.finish()
    return r.session


# -- picker and briefing -----------------------------------------------------------

async def test_picker_lists_scenarios_and_reports_a_broken_file(tmp_path, scenario_dir):
    app, _ = build(tmp_path, scenario_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        problems = text_of(app.screen.query_one("#picker-problems"))
        assert "broken.yaml" in problems and "1 scenariefil" in problems
        # the history is in the palette once, with the picker's key (a user saw it twice)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert sum(t.startswith("Historik") for t in titles) == 1


async def test_picker_filter_narrows_the_list_as_you_type(tmp_path, scenario_dir):
    app, _ = build(tmp_path, scenario_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press(*"lange")        # the course phase "Den lange bane"
        await pilot.pause()
        assert table.row_count == 1
        assert [s.id for s in app.screen.shown] == ["long-haul"]
        app.screen.query_one("#picker-filter").value = "rania en"
        await pilot.pause()
        assert [s.id for s in app.screen.shown] == ["first-meeting-en"]
        app.screen.query_one("#picker-filter").value = "ingen sådan"
        await pilot.pause()
        assert table.row_count == 0
        assert "Ingen scenarier" in text_of(app.screen.query_one("#picker-count"))


async def test_enter_opens_the_briefing_and_starts_a_session(tmp_path, scenario_dir):
    app, store = build(tmp_path, scenario_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("down")          # arrows move the list while the filter keeps focus
        assert table.cursor_row == 1
        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press(*"lange")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        chosen = app.screen.scenario
        assert chosen.id == "long-haul"
        text = screen_text(app)
        assert "Rania" in text and "A2" in text and "Syrien" in text
        assert chosen.situation.split()[0] in text
        await pilot.press(*"Mette")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert app.screen.scenario.id == chosen.id
        assert app.screen.session.trainee == "Mette"
        # saved with the first turn, not before: opening and quitting leaves no empty session
        assert not store.path_for(app.screen.session.id).is_file()
        await say(pilot, "Hvad tænker du selv?")
        assert store.path_for(app.screen.session.id).is_file()


async def test_a_session_that_cannot_start_is_reported_not_a_crash(tmp_path, scenario_dir):
    def no_backend(scenario):
        raise RuntimeError("the model folder is empty")

    app = make_app(store=SessionStore(tmp_path / "s"), scenario_dir=scenario_dir, backend_factory=no_backend,
                   cursor_blink=False, settings=UiSettings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert any("model folder is empty" in n.message for n in app._notifications)


async def test_escape_from_the_briefing_returns_to_the_picker(tmp_path, scenario_dir):
    app, _ = build(tmp_path, scenario_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


# -- scorecard -----------------------------------------------------------------------

async def test_scorecard_detail_advice_and_cited_turns(tmp_path, scenario_dir):
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    session = saved_session(store, scenario, ["Har du et job?", "Har du børn?", "Jeg skal nok skaffe dig et job."])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_scorecard(session, scenario, replace=False)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScorecardScreen)
        overview = text_of(screen.query_one("#card-detail"))
        assert "Samlet" in overview and "Mål for øvelsen" in overview and "IKKE NÅET" in overview
        options = screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("boundaries")
        await pilot.pause()
        detail = text_of(screen.query_one("#card-detail"))
        assert "NOGENLUNDE" in detail and "Råd:" in detail and "Bedre:" in detail
        # the pitfall with its own way out and a better line for Rania, and the band's basis
        assert "Løfte du ikke kan holde" in detail and "forventningsafstemning" in detail
        assert "Jeg kan ikke skaffe dig et job" in detail and "Grundlag:" in detail
        assert screen.cited == [2]
        cited = [v.index for v in screen.query(TurnView) if v.has_class("cited")]
        assert cited == [2]
        await pilot.press("enter")
        await pilot.pause()
        assert screen.focused is screen.query_one(Transcript)
        await pilot.press("escape")       # back to the list first, then out
        await pilot.pause()
        assert screen.focused is options
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_scorecard_shows_what_the_trainee_recalled(tmp_path, scenario_dir):
    # a new user wrote what she remembered of Rania and never saw it again in the app
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    session = saved_session(store, scenario, ["Hvad lavede du i Syrien?"])
    session.recall = {"text": "Hun var sygeplejerske i elleve år.", "facts_caught": ["nurse"], "facts_missed": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_scorecard(session, scenario, replace=False)
        await pilot.pause()
        overview = text_of(app.screen.query_one("#card-detail"))
        assert "Det huskede du (Genfortalt: 1/1)" in overview and "sygeplejerske i elleve år" in overview


# -- history -------------------------------------------------------------------------

async def test_history_lists_sessions_and_skips_a_corrupt_file(tmp_path, scenario_dir):
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    saved_session(store, scenario, GOOD, finish=True)
    saved_session(store, scenario, ["Har du et job?"], finish=False, trainee="Ali")
    (store.root / "20990101-000000-broken-0000.json").write_text('{"id": "x", "turns": [', encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        info = text_of(screen.query_one("#history-info"))
        assert "1 fil(er) sprunget over" in info and "broken" in info
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert {r[1] for r in rows} == {"Mette", "Ali"}
        assert {r[6] for r in rows} == {"afsluttet", "ufærdig"}


async def test_history_opens_a_scorecard_and_resumes_an_unfinished_session(tmp_path, scenario_dir):
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    done = saved_session(store, scenario, GOOD, finish=True)
    open_one = saved_session(store, scenario, ["Hvad tænker du selv?", "Så du er lidt nervøs."], finish=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        screen = app.screen
        row = [s.id for s in screen.sessions].index(done.id)
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen) and app.screen.session.id == done.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        screen.query_one(DataTable).move_cursor(row=[s.id for s in screen.sessions].index(open_one.id))
        await pilot.press("g")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, PracticeScreen)
        assert practice.session.id == open_one.id
        assert len(practice.query(TurnView)) == 2
        practice.query_one("#mentor-input").value = "Hvad kunne være et næste skridt?"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(store.load(open_one.id).turns) == 3


async def test_history_shows_a_trend_of_finished_sessions(tmp_path, scenario_dir):
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    saved_session(store, scenario, ["Har du et job?"])
    saved_session(store, scenario, GOOD)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        spark = app.screen.query_one("#history-trend")
        assert spark.display and len(spark.data) == 2


async def test_history_filters_by_trainee_and_scenario_and_draws_one_trainees_trend(tmp_path, scenario_dir):
    scenario = load_scenario(scenario_dir / "first-meeting.yaml")
    app, store = build(tmp_path, scenario_dir)
    saved_session(store, scenario, ["Har du et job?"], trainee="Ida")
    saved_session(store, scenario, ["Har du et job?", "Du skal bare søge."], trainee="Bo")
    saved_session(store, scenario, GOOD, trainee="Ida")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        await pilot.press("slash")
        await pilot.press(*"ida")
        await pilot.pause()
        assert table.row_count == 2 and {s.trainee for s in screen.sessions} == {"Ida"}
        spark = screen.query_one("#history-trend")
        assert spark.display and len(spark.data) == 2  # Ida's two sessions, not Bo's
        assert "Ida" in text_of(screen.query_one("#history-trend-label"))
        await pilot.press("enter")  # back to the table
        await pilot.pause()
        assert screen.focused is table
        screen.query_one("#history-filter").value = "første bo"  # scenario title and trainee
        await pilot.pause()
        assert [s.trainee for s in screen.sessions] == ["Bo"] and not spark.display
        screen.query_one("#history-filter").value = "nobody"
        await pilot.pause()
        assert table.row_count == 0 and "passer" in text_of(screen.query_one("#history-info"))


async def test_history_with_no_save(tmp_path, scenario_dir):
    app = make_app(store=None, scenario_dir=scenario_dir, cursor_blink=False, settings=UiSettings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        assert "slået fra" in text_of(app.screen.query_one("#history-info"))


# -- help ------------------------------------------------------------------------------

async def test_help_has_the_glossary_the_overall_formula_and_the_accuracy_note(tmp_path, scenario_dir):
    app, _ = build(tmp_path, scenario_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        source = app.screen.query_one(Markdown).source
        for word in ("Åbent spørgsmål", "Grænse: tabuemne", "Lytteren", "Afrund samtalen", "IKKE ENDNU",
                     "nogenlunde 0,5", "Vægt", "Historik"):
            assert word in source, word
        assert "nøjagtighed" in source.lower() or "validity" in source.lower()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


def test_an_english_scenario_is_briefed_in_english_in_the_danish_app():
    # "4 years i Danmark" mixed the app's Danish labels with the scenario's English persona
    text = str(BriefingScreen("da", load_scenario(builtin_scenario_dir() / "first-meeting-en.yaml"))._text())
    assert "4 years in Denmark" in text and "i Danmark" not in text
