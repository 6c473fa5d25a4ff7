"""A trainer's own scenario folder is first-class: found by the picker, `scenarios`,
`drill`, `report`, the cohort page and the anonymiser; one id in two folders and an
id that is not the file's name are refused with one clear line."""

from __future__ import annotations

import json
import shutil

import pytest

from simulator.cli import main
from simulator.scenario.catalogue import ScenarioFolderError, scenario_files, use_scenario_dirs
from tests.conftest import SCENARIOS

DRILL_SCRIPTS = SCENARIOS.parent / "tests" / "data" / "drill_scripts"

DRILL = """\
id: sosu-aften
title: SOSU-aften
language: da
scenarios:
  - scenario: sosu-diploma
    targets:
      - figure: open_question_share
        min: 0.5
        label: Mindst halvdelen åbne spørgsmål
  - scenario: quiet-mentee
"""


def own_folder(tmp_path):
    """A trainer's folder: a scenario copied from a shipped one under a new id (mentee Rania), and a drill."""
    mine = tmp_path / "mine"
    (mine / "drills").mkdir(parents=True)
    text = (SCENARIOS / "first-meeting.yaml").read_text(encoding="utf-8")
    (mine / "sosu-diploma.yaml").write_text(text.replace("id: first-meeting", "id: sosu-diploma"), encoding="utf-8")
    (mine / "drills" / "sosu-aften.yaml").write_text(DRILL, encoding="utf-8")
    return mine


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scenarios_lists_the_trainer_folder_before_or_after_the_command(tmp_path, capsys):
    mine = own_folder(tmp_path)
    for argv in (["--scenarios", str(mine), "scenarios", "--json"], ["scenarios", "--json", "--scenarios", str(mine)],
                 ["list", "--json", "--scenarios", str(mine)]):  # "list" is the same command
        code, out, _ = run(capsys, *argv)
        ids = [s["id"] for s in json.loads(out)]
        assert code == 0 and "sosu-diploma" in ids and "first-meeting" in ids  # shipped ones stay
    code, out, _ = run(capsys, "scenarios", "--json")
    assert "sosu-diploma" not in [s["id"] for s in json.loads(out)]


def test_configuration_file_names_scenario_dirs(tmp_path, capsys, monkeypatch):
    own_folder(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text('scenario_dirs = ["mine"]\n', encoding="utf-8")  # relative to the file
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(config))
    monkeypatch.chdir(tmp_path.parent)
    code, out, _ = run(capsys, "scenarios", "--json")
    assert code == 0 and "sosu-diploma" in [s["id"] for s in json.loads(out)]


def test_missing_folder_and_duplicate_id_are_one_line_errors(tmp_path, capsys):
    code, _, err = run(capsys, "--scenarios", str(tmp_path / "nope"), "scenarios")
    assert code == 2 and "no such scenario folder" in err and len(err.strip().splitlines()) == 1
    mine = own_folder(tmp_path)
    shutil.copy(SCENARIOS / "quiet-mentee.yaml", mine / "quiet-mentee.yaml")
    code, _, err = run(capsys, "--scenarios", str(mine), "scenarios")
    assert code == 0, err  # an exact copy is the same scenario, no conflict
    with open(mine / "quiet-mentee.yaml", "a", encoding="utf-8") as f:
        f.write("# my own version\n")
    code, _, err = run(capsys, "--scenarios", str(mine), "scenarios")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert str(mine / "quiet-mentee.yaml") in err and str(SCENARIOS / "quiet-mentee.yaml") in err
    use_scenario_dirs([mine])
    with pytest.raises(ScenarioFolderError):
        scenario_files()


def test_validate_rejects_an_id_that_is_not_the_file_name(tmp_path, capsys):
    mine = own_folder(tmp_path)
    shutil.copy(mine / "sosu-diploma.yaml", mine / "sosu.yaml")
    code, out, err = run(capsys, "validate", str(mine / "sosu.yaml"))
    assert code == 1
    assert err.strip() == (f"{mine / 'sosu.yaml'}:4: id: 'sosu-diploma' is not the file's name (sosu.yaml); "
                           "scenarios are found by file name: rename the file to sosu-diploma.yaml or change "
                           "the id to 'sosu'")


def test_drill_with_a_misnamed_scenario_is_a_message_not_a_crash(tmp_path, capsys):
    mine = own_folder(tmp_path)
    (mine / "sosu-diploma.yaml").write_text(
        (mine / "sosu-diploma.yaml").read_text(encoding="utf-8").replace("id: sosu-diploma", "id: sosu"),
        encoding="utf-8")
    code, _, err = run(capsys, "--scenarios", str(mine), "drill", "run", "sosu-aften", "--script-dir", str(tmp_path),
                       "--no-save", "--json")
    assert code == 2 and "is not the file's name" in err and "unexpected" not in err


def test_trainers_evening_end_to_end(tmp_path, capsys):
    """The done-when: own scenario and drill, three trainees headless, reports and cohort find the scenario."""
    mine = own_folder(tmp_path)
    sessions = tmp_path / "sessions"
    code, out, err = run(capsys, "validate", str(mine))
    assert code == 0, err
    plays = {"Ida": ("good", "good"), "Omar": ("poor", "poor"), "Sara": ("good", "poor")}
    for trainee, (first, second) in plays.items():
        scripts = tmp_path / f"scripts-{trainee}"
        scripts.mkdir()
        shutil.copy(DRILL_SCRIPTS / first / "first-meeting.txt", scripts / "sosu-diploma.txt")
        shutil.copy(DRILL_SCRIPTS / second / "quiet-mentee.txt", scripts / "quiet-mentee.txt")
        (scripts / "sosu-diploma.recall.txt").write_text("Rania har to børn og var sygeplejerske.\n",
                                                          encoding="utf-8")
        code, out, err = run(capsys, "--scenarios", str(mine), "--save-dir", str(sessions), "drill", "run",
                             "sosu-aften", "--script-dir", str(scripts), "--trainee", trainee, "--json")
        assert code == 0, err
        assert json.loads(out)["trainee"] == trainee
    ida = json.loads((run(capsys, "--scenarios", str(mine), "--save-dir", str(sessions), "drill", "run",
                          "sosu-aften", "--script-dir", str(tmp_path / "scripts-Ida"), "--no-save", "--json"))[1])
    assert ida["scenarios"][0]["scenario"] == "sosu-diploma"
    session = sorted(sessions.glob("*sosu-diploma*.json"))[0].stem
    for fmt in ("md", "html"):
        code, out, err = run(capsys, "--scenarios", str(mine), "--save-dir", str(sessions), "report", session,
                             "--format", fmt)
        assert code == 0, err
        assert "Rania" in out
        if fmt == "md":
            assert "| Mentee | Rania |" in out  # the persona was found, not the placeholder
        code, out, err = run(capsys, "--scenarios", str(mine), "--save-dir", str(sessions), "report", session,
                             "--format", fmt, "--anonymise")
        assert code == 0 and "Rania" not in out and "[mentee]" in out
        code, out, err = run(capsys, "--scenarios", str(mine), "report", "--cohort", str(sessions), "--format", fmt)
        assert code == 0 and "Rania" in out and "Omar" in out
        code, out, err = run(capsys, "--scenarios", str(mine), "report", "--cohort", str(sessions), "--format", fmt,
                             "--anonymise")
        assert code == 0 and not any(name in out for name in ("Rania", "Ida", "Omar", "Sara")), out
    code, out, err = run(capsys, "--scenarios", str(mine), "report", "--cohort", str(sessions), "--format", "csv")
    assert code == 0, err
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))  # Danish sessions
    assert len(rows) == 6 and {r["scenario"] for r in rows} == {"sosu-diploma", "quiet-mentee"}
    assert all(r["overall"].isdigit() and r["rank"].isdigit() for r in rows)
    # the recall written beside the scripts fills the cohort's recall column for that scenario
    assert all(r["recall_told"].isdigit() for r in rows if r["scenario"] == "sosu-diploma")
    assert all(r["recall_told"] == "" for r in rows if r["scenario"] == "quiet-mentee")
    assert rows[0]["participant"] == "Ida" and rows[-1]["participant"] == "Omar"  # ranked, good scripts first
    code, out, err = run(capsys, "--scenarios", str(mine), "--save-dir", str(sessions), "report", session,
                         "--format", "sheet")
    assert code == 0 and "Rania" in out and "size: A4" in out
