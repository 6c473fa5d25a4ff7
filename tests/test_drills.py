"""Drills: files load or fail with file:line, targets are judged from the saved turns,
and `mentor-sim drill run --script-dir` plays a whole drill headless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.drills import DrillRun, evaluate, evaluate_overall, play_scripts
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import ScenarioError, load_scenario
from simulator.scenario.drills import RULES, DrillTarget, find_drills, load_drill
from simulator.store import SessionStore
from simulator.store.sessions import load_session_file, read_session_data
from tests.conftest import SCENARIOS
from tests.cli_support import run_cli

DRILLS = SCENARIOS / "drills"
DRILL_SCRIPTS = Path(__file__).parent / "data" / "drill_scripts"
SHIPPED = {"first-evening": ["first-meeting", "expectations"],
           "first-evening-en": ["first-meeting-en", "expectations-en"],
           "hard-topics": ["family-reunification", "flight-story", "distress"],
           "listening": ["quiet-mentee", "beginner-a1"]}


def _write(tmp_path: Path, text: str, name: str = "d.yaml") -> Path:
    folder = tmp_path / "drills"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(ScenarioError) as exc:
        load_drill(path, scenario_dirs=[SCENARIOS])
    return str(exc.value)


def _run(*args):
    return run_cli(*args)


# -- loading ---------------------------------------------------------------------------

def test_shipped_drills_load_and_name_their_scenarios():
    found = find_drills(DRILLS)
    assert set(SHIPPED) <= set(found)
    for drill_id, path in found.items():
        drill = load_drill(path)
        assert drill.id == drill_id
        assert drill.scenarios and all(step.targets for step in drill.scenarios)
    for drill_id, scenarios in SHIPPED.items():
        assert load_drill(found[drill_id]).scenario_ids == scenarios


def test_every_shipped_drill_validates_through_the_cli():
    out = _run("validate", str(DRILLS))
    assert out.returncode == 0, out.stderr
    assert f"gyldige: {len(find_drills(DRILLS))}, med fejl: 0" in out.stdout


def test_the_shipped_drills_use_every_rule():
    used = {t.name for p in find_drills(DRILLS).values() for d in [load_drill(p)]
            for t in d.targets + [t for s in d.scenarios for t in s.targets]}
    assert set(RULES) <= used


def test_short_forms_and_a_full_drill(tmp_path):
    path = _write(tmp_path, """\
id: d
title: Prøve
scenarios:
  - first-meeting
  - scenario: expectations
    note: Afklar forventningerne.
    targets:
      - reflections_before_advice: 2
      - permission_before_advice
      - agreement_at_end: true
      - figure: mentor_talk_share
        max: 0.5
        label: Under halvdelen
targets:
  - no_taboo_probe
""")
    drill = load_drill(path, scenario_dirs=[SCENARIOS])
    assert drill.scenario_ids == ["first-meeting", "expectations"]
    kinds = [(t.kind, t.name) for t in drill.scenarios[1].targets]
    assert kinds == [("rule", "reflections_before_advice"), ("rule", "permission_before_advice"),
                     ("rule", "agreement_at_end"), ("figure", "mentor_talk_share")]
    assert drill.targets[0].no_taboo_probe is True
    assert drill.language == "da"


BROKEN = [
    # (file text, line, field, words in the message)
    ("id: d\ntitle: x\nscenarios:\n  - first-meeting\n  - scenario: first-meting\n",
     5, "scenarios[1].scenario", ["unknown scenario 'first-meting'", "did you mean 'first-meeting'"]),
    ("id: d\ntitle: x\nscenarios:\n  - scenario: first-meeting\n    targets:\n      - figure: talk_share\n"
     "        max: 0.5\n", 6, "scenarios[0].targets[0].figure", ["unknown figure 'talk_share'", "mentor_talk_share"]),
    ("id: d\ntitle: x\nscenarios:\n  - scenario: first-meeting\n    targets:\n"
     "      - reflection_before_advice: 2\n", 6, "scenarios[0].targets[0].reflection_before_advice",
     ["unknown target field", "did you mean 'reflections_before_advice'"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - figure: pauses\n", 5, "targets[0]",
     ["needs min or max"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - figure: pauses\n    min: 3\n    max: 1\n",
     5, "targets[0]", ["min is larger than max"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - figure: pauses\n    min: 1\n"
     "    agreement_at_end: true\n", 5, "targets[0]", ["one check per target"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - no_taboo_probe: true\n    max: 0\n",
     5, "targets[0]", ["min and max belong to figure targets"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - permission_before_advice: false\n",
     5, "targets[0]", ["checks nothing"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - reflections_before_advice\n",
     5, "targets[0]", ["needs a number"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - reflections_before_advice: 0\n",
     5, "targets[0].reflections_before_advice", ["greater than or equal to 1"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntargets:\n  - listen_more\n", 5, "targets[0]",
     ["unknown target 'listen_more'"]),
    ("id: d\ntitle: x\nscenarios: []\n", 3, "scenarios", ["at least one scenario"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting]\ntagets: []\n", 4, "tagets", ["unknown field"]),
    ("id: d\ntitle: x\nscenarios: [first-meeting, expectations, first-meeting]\n", 3, "scenarios[2].scenario",
     ["already in the drill"]),
    ("id: other\ntitle: x\nscenarios: [first-meeting]\n", 1, "id", ["rename the file to other.yaml"]),
    ("id: d\nscenarios: [first-meeting]\n", 1, "title", ["required field is missing"]),
    ("id: d\ntitle: x\nscenarios:\n  - scenario: first-meeting\n   targets: []\n", 5, "", ["broken YAML"]),
    ("id: d\ntitle: x\npersona: {}\n", 1, "", ["looks like a scenario file"]),
]


@pytest.mark.parametrize("text,line,field,words", BROKEN, ids=[f"{b[2] or 'file'}-{i}" for i, b in enumerate(BROKEN)])
def test_each_broken_drill_names_file_line_and_field(tmp_path, text, line, field, words):
    path = _write(tmp_path, text)
    msg = _error(path)
    prefix = f"{path}:{line}: " + (f"{field}: " if field else "")
    assert any(m.startswith(prefix) for m in msg.splitlines()), msg
    for w in words:
        assert w in msg, msg


def test_a_misspelt_scenario_and_a_misspelt_figure_are_reported_together(tmp_path):
    path = _write(tmp_path, "id: d\ntitle: x\nscenarios: [first-meeting, cafee]\ntargets:\n"
                            "  - figure: pause\n    min: 1\n")
    lines = _error(path).splitlines()
    assert lines[0].startswith(f"{path}:3: scenarios[1].scenario: unknown scenario 'cafee'")
    assert lines[1].startswith(f"{path}:5: targets[0].figure: unknown figure 'pause' (did you mean 'pauses'?)")


def test_a_drill_finds_scenarios_beside_its_drills_folder(tmp_path):
    (tmp_path / "my-scenario.yaml").write_text((SCENARIOS / "first-meeting.yaml").read_text(encoding="utf-8")
                                               .replace("id: first-meeting", "id: my-scenario"), encoding="utf-8")
    path = _write(tmp_path, "id: d\ntitle: x\nscenarios: [my-scenario, expectations]\n")
    run = DrillRun.from_file(path)
    assert [s.id for s in run.scenarios] == ["my-scenario", "expectations"]


# -- targets ------------------------------------------------------------------------------

def _session(scenario_id: str, lines: list[str]):
    r = Rehearsal(load_scenario(SCENARIOS / f"{scenario_id}.yaml"))
    for line in lines:
        r.take_turn("" if line == "..." else line)
    return r.session


def _target(**kw) -> DrillTarget:
    return DrillTarget.model_validate(kw)


def test_rules_judge_the_order_of_turns():
    s = _session("first-meeting", [
        "Fortæl lidt om dig selv.",                        # 0 open question
        "Så du har to børn.",                              # 1 reflection
        "Du skal søge job på et plejehjem.",               # 2 advice, unasked
        "Det lyder som om, du savner dit arbejde.",        # 3 reflection, too late
        "Sad du i fængsel i Syrien?",                      # 4 taboo probe
        "Lad os aftale, at du ringer til plejehjemmet inden fredag.",  # 5 agreement
    ])
    res = {r.name: r for r in evaluate([_target(reflections_before_advice=2), _target(permission_before_advice=True),
                                        _target(no_taboo_probe=True), _target(agreement_at_end=True)], s)}
    rba = res["reflections_before_advice"]
    assert (rba.met, rba.value, rba.evidence) == (False, 1.0, [1, 2])
    assert not res["permission_before_advice"].met and res["permission_before_advice"].evidence == [2]
    assert not res["no_taboo_probe"].met and res["no_taboo_probe"].evidence == [4]
    assert res["agreement_at_end"].met and res["agreement_at_end"].evidence == [5]


def test_asked_permission_and_listened_first_passes():
    s = _session("first-meeting", ["Fortæl lidt om dig selv.", "Så du har to børn.",
                                   "Det lyder som om, du var glad for dit arbejde.", "Må jeg komme med et forslag?",
                                   "Du kunne spørge din leder om en dag på afdelingen."])
    res = evaluate([_target(reflections_before_advice=2), _target(permission_before_advice=True),
                    _target(agreement_at_end=True)], s)
    assert [r.met for r in res] == [True, True, False]
    assert res[0].value == 2 and res[0].evidence == [1, 2, 4]
    assert res[2].evidence == [4]  # the last turn, where an agreement was missing


def test_no_advice_holds_with_a_note_and_no_turns_meets_nothing():
    s = _session("first-meeting", ["Fortæl lidt om dig selv."])
    [r] = evaluate([_target(reflections_before_advice=2)], s, "en")
    assert r.met and r.note == "no advice given"
    empty = _session("first-meeting", [])
    results = evaluate([_target(no_taboo_probe=True), _target(figure="pauses", max=5)], empty)
    assert [r.met for r in results] == [False, False] and results[0].value is None


def test_figure_targets_carry_value_and_evidence():
    s = _session("quiet-mentee", ["Hvad laver du til hverdag?", "...", "Har du et job?", "Har du børn?"])
    share, pauses, talk = evaluate([_target(figure="open_question_share", min=0.6),
                                    _target(figure="pauses", min=1, label="En pause"),
                                    _target(figure="mentor_talk_share", max=0.9)], s)
    assert not share.met and share.value == pytest.approx(1 / 3, abs=0.01)
    assert share.evidence == [2, 3]  # the closed questions hold the share down
    assert pauses.met and pauses.evidence == [1] and pauses.label == "En pause"
    assert talk.met and talk.kind == "figure" and talk.max == 0.9


def test_overall_targets_pool_figures_and_need_rules_everywhere():
    a = _session("first-meeting", ["Fortæl lidt om dig selv.", "..."])
    b = _session("expectations", ["Hvordan kom du til Danmark? Var det med båd?"])
    pauses, probe = evaluate_overall([_target(figure="pauses", min=1), _target(no_taboo_probe=True)],
                                     {"first-meeting": a, "expectations": b})
    assert pauses.met and pauses.evidence == {"first-meeting": [1]}
    assert not probe.met and probe.evidence == {"expectations": [0]}


# -- playing a drill ------------------------------------------------------------------------

def test_a_drill_run_saves_each_session_with_its_drill_record(tmp_path):
    store = SessionStore(tmp_path / "s")
    run = DrillRun.from_file(DRILLS / "first-evening.yaml", store=store, trainee="Anne", assess=True)
    scripts = {sid: (DRILL_SCRIPTS / "good" / f"{sid}.txt").read_text(encoding="utf-8").splitlines()
               for sid in run.drill.scenario_ids}
    result = play_scripts(run, {k: [x for x in v if x.strip() and not x.startswith("#")] for k, v in scripts.items()})
    files = sorted(store.root.glob("*.json"))
    assert len(files) == 2
    sessions = [load_session_file(f) for f in files]
    for s in sessions:
        assert s.finished and s.trainee == "Anne"
        d = s.drill
        assert d["id"] == "first-evening" and d["run"] == run.run_id and d["assess"] is True
        assert d["sessions"] == [x.session.id for x in result.scenarios]
        assert d["passed"] == result.passed and d["total"] == result.total and d["finished"]
        assert d["targets"] == [t.to_dict() for t in result.scenarios[d["position"]].targets]


def _drill_json(drill: str, quality: str, *extra) -> dict:
    out = _run("drill", "run", drill, "--script-dir", str(DRILL_SCRIPTS / quality), "--json", "--no-save", *extra)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("drill", sorted(SHIPPED))
def test_headless_drill_good_script_passes_what_the_poor_one_fails(drill):
    good, poor = _drill_json(drill, "good"), _drill_json(drill, "poor")
    for doc in (good, poor):
        assert doc["drill"] == drill and doc["assess"] is False
        assert [s["scenario"] for s in doc["scenarios"]] == SHIPPED[drill]
        for s in doc["scenarios"]:
            assert s["session_id"].endswith(s["scenario"] + "-" + s["session_id"][-4:])
            assert 0 <= s["overall"] <= 100 and s["turns"] > 0
            for t in s["targets"]:
                assert set(t) >= {"kind", "name", "label", "met", "value", "evidence"}
                assert all(isinstance(i, int) and 0 <= i < s["turns"] for i in t["evidence"])
        for t in doc["overall_targets"]:
            assert isinstance(t["evidence"], dict)
        assert doc["passed"] == sum(t["met"] for s in doc["scenarios"] for t in s["targets"]) + sum(
            t["met"] for t in doc["overall_targets"])
    assert good["all_met"] and good["passed"] == good["total"]
    assert poor["passed"] <= poor["total"] // 4
    assert good["passed"] > poor["passed"]
    assert all(s["overall"] > p["overall"] for s, p in zip(good["scenarios"], poor["scenarios"]))


def test_headless_text_output_and_assess_flag(tmp_path):
    out = _run("drill", "run", "first-evening", "--script-dir", str(DRILL_SCRIPTS / "poor"),
               "--save-dir", str(tmp_path / "s"), "--assess", "--trainee", "Bo")
    assert out.returncode == 0, out.stderr
    assert "IKKE NÅET" in out.stdout and "Resultat:" in out.stdout and "Hele øvelsen" in out.stdout
    assert "Spørg om lov, før du giver råd" in out.stdout and "replikker 5, 9" in out.stdout
    for f in (tmp_path / "s").glob("*.json"):
        assert read_session_data(f)["drill"]["assess"] is True


def test_drill_errors_are_one_line_and_exit_2(tmp_path):
    bad = _write(tmp_path, "id: d\ntitle: x\nscenarios: [first-meeting, nowhere]\n")
    out = _run("drill", "run", str(bad), "--script-dir", str(DRILL_SCRIPTS / "good"), "--no-save")
    assert out.returncode == 2
    assert out.stderr.startswith(f"mentor-sim: {bad}:3: scenarios[1].scenario: unknown scenario 'nowhere'")
    out = _run("drill", "run", "no-such-drill", "--no-save")
    assert out.returncode == 2 and "ukendt drill 'no-such-drill'" in out.stderr and "first-evening" in out.stderr
    out = _run("drill", "run", "hard-topics", "--script-dir", str(tmp_path), "--no-save")
    assert out.returncode == 2 and "family-reunification.txt: intet script til scenariet" in out.stderr
    out = _run("drill", "run", "listening", "--json", "--no-save")
    assert out.returncode == 2 and "--json kræver --script-dir" in out.stderr
    assert not list(tmp_path.glob("**/*.json"))


def test_drill_list():
    out = _run("drill", "list", "--json")
    assert out.returncode == 0, out.stderr
    items = {i["id"]: i for i in json.loads(out.stdout)}
    assert items["hard-topics"]["scenarios"] == SHIPPED["hard-topics"]
    text = _run("drill", "list").stdout
    assert "first-evening" in text and "first-meeting → expectations" in text


def test_drill_core_and_headless_run_import_no_ui_and_no_model(tmp_path):
    code = ("import sys\n"
            "import simulator.drills, simulator.drills.text, simulator.scenario.drills\n"
            "from simulator.cli import main\n"
            f"main(['drill', 'run', 'listening', '--script-dir', {str(DRILL_SCRIPTS / 'good')!r}, '--json', '--no-save'])\n"
            "print('LOADED', [m for m in ('textual', 'rich', 'torch', 'transformers') if m in sys.modules], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in out.stderr


def test_a_turn_that_reflects_and_asks_is_no_example_of_too_few_reflections():
    from simulator.drills.targets import figure_evidence

    r = Rehearsal(load_scenario(Path(__file__).parents[1] / "scenarios" / "first-meeting.yaml"))
    for line in ["Hvad arbejdede du med før?", "Så du var sygeplejerske. Hvad savner du mest?",
                 "Hvor længe har du været i Danmark?"]:
        r.take_turn(line)
    turns = r.session.turns
    assert any(s.code == "reflection" for s in turns[1].segments)
    evidence = figure_evidence(turns, "reflection_to_question", met=False, below_min=True)
    assert 1 not in evidence and 2 in evidence


def test_sessions_started_within_one_second_keep_their_order():
    import time

    from simulator.engine.session import now_iso

    first = now_iso()
    time.sleep(0.005)
    assert now_iso() > first
