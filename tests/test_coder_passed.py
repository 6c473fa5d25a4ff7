"""The coder is chosen by the front end and passed along (launch.open_rehearsal), not kept in a
process-wide setting: two apps, a drill run and the command line each code with their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator import launch
from simulator.coding import choice
from simulator.drills import DrillRun
from simulator.engine.rehearsal import Rehearsal
from simulator.locale import tr
from simulator.scenario import load_scenario
from simulator.tui.app import make_app
from simulator.tui.present import help_markdown
from tests.cli_support import run_cli

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
DEFAULT = choice.get_coder("da").kind  # combined where the Danish model ships


def test_no_process_wide_choice_is_left():
    assert not hasattr(choice, "use_coder") and not hasattr(choice, "default_coder_kind")


def test_two_apps_in_one_process_code_with_their_own_coder():
    rules, plain = make_app(store=None, coder="rules"), make_app(store=None)
    assert rules.new_rehearsal(SCENARIO).coder.kind == "rules"
    assert plain.new_rehearsal(SCENARIO).coder.kind == DEFAULT
    assert rules.new_rehearsal(SCENARIO).session.coder == "rules"


def test_a_continued_session_keeps_the_coder_that_coded_it(tmp_path):
    from simulator.store import SessionStore

    store = SessionStore(tmp_path)
    first = launch.open_rehearsal(SCENARIO, store=store, coder="rules")
    first.take_turn("Hej, jeg hedder Jens. Hvad vil du gerne tale om i dag?")
    again = launch.open_rehearsal(SCENARIO, store=store, coder="combined", session=store.load(first.session.id))
    assert again.coder.kind == "rules"


def test_a_drill_run_passes_its_coder_to_every_rehearsal():
    path = ROOT / "scenarios" / "drills"
    drill_file = sorted(path.glob("*.yaml"))[0]
    run = DrillRun.from_file(drill_file, coder="rules")
    assert run.rehearsal(0).coder.kind == "rules"
    default = DrillRun.from_file(drill_file)
    assert default.rehearsal(0).coder.kind == choice.get_coder(default.scenarios[0].language).kind


def test_the_command_line_choice_does_not_outlive_its_command(tmp_path):
    script = tmp_path / "turns.txt"
    script.write_text("Hej, jeg hedder Jens. Hvad vil du gerne tale om?\n", encoding="utf-8")
    env = {"MENTOR_SIM_CONFIG": str(tmp_path / "none.toml")}
    done = run_cli("--coder", "rules", "rehearse", "first-meeting", "--script", str(script), "--no-save", "--json",
                   env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["coder"] == "rules"
    assert Rehearsal(SCENARIO).coder.kind == DEFAULT  # nothing left behind for the next rehearsal


@pytest.mark.parametrize("kind", ["rules", "learned", "combined"])
def test_the_help_page_names_the_apps_coder(kind):
    assert tr(f"help.coder.{kind}", "da") in help_markdown("da", coder=kind)
