"""The cohort page (report --cohort DIR): many sessions side by side, damaged files skipped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from simulator.cli import main
from simulator.engine.rehearsal import Rehearsal
from simulator.report.cohort import build_cohort, render_cohort
from simulator.scenario import load_scenario
from simulator.scoring import score_session
from simulator.store import SessionStore
from tests.conftest import SCENARIOS, script_lines
from tests.test_report import check_html

# A middling first meeting: some open questions, one reflection, advice unasked, a plain agreement.
MEDIUM = [
    "Hej Rania, jeg hedder Mette. Velkommen.",
    "Har du børn?",
    "Hvad arbejdede du med i Syrien?",
    "Det lyder som om, du var glad for dit arbejde.",
    "Har du et job nu?",
    "Du skal søge job på et plejehjem.",
    "Hvad drømmer du om?",
    "Flot.",
    "Lad os aftale, at du ringer til et plejehjem.",
    "Tak for i dag.",
]


@pytest.fixture(scope="module")
def evening(tmp_path_factory):
    """Three trainees, three qualities, one damaged file: a trainer's folder after an evening."""
    root = tmp_path_factory.mktemp("evening")
    store = SessionStore(root)
    played = {}
    for trainee, name, lines in (("Lars", "first-meeting", script_lines("first-meeting-good.txt")),
                                 ("Mette", "first-meeting", MEDIUM),
                                 ("Ole", "first-meeting", script_lines("first-meeting-poor.txt")),
                                 ("Lars", "expectations", script_lines("expectations-good.txt"))):
        scenario = load_scenario(SCENARIOS / f"{name}.yaml")
        r = Rehearsal(scenario, trainee=trainee, store=store)
        for line in lines:
            r.take_turn("" if line == "..." else line)
        if trainee == "Ole":
            r.session.drill = {"id": "aften", "title": "Aftenens øvelse", "position": 0, "scenarios": [name],
                               "targets": [{"kind": "rule", "name": "no_taboo_probe", "label": "Ingen tabu",
                                            "met": False, "value": 2, "evidence": [2, 3]}],
                               "overall_targets": []}
        r.finish()
        played[(trainee, name)] = (r.session, score_session(r.session, scenario))
    (root / "broken.json").write_text('{"id": "x", "scenario": ', encoding="utf-8")
    (root / "notes.json").write_text('["not a session"]', encoding="utf-8")
    return root, played


def test_cohort_figures_match_each_session(evening):
    root, played = evening
    c = build_cohort(root)
    assert len(c["rows"]) == 4 and c["trainees"] == 3
    for row in c["rows"]:
        session, card = next(v for (t, n), v in played.items() if v[0].id == row["session"])
        assert row["overall"] == card.overall and row["turns"] == len(session.turns)
        assert row["targets_met"] == sum(t["met"] for t in card.targets)
        assert row["missed"] == [t["label"] for t in card.targets if not t["met"]]
    overall = {(t, n): card.overall for (t, n), (_, card) in played.items()}
    assert overall[("Lars", "first-meeting")] > overall[("Mette", "first-meeting")] > overall[("Ole", "first-meeting")]
    grid = {g["trainee"]: g for g in c["grid"]}
    scen = [s["id"] for s in c["scenarios"]]
    assert grid["Lars"]["cells"][scen.index("expectations")]["overall"] == overall[("Lars", "expectations")]
    assert grid["Ole"]["cells"][scen.index("expectations")]["overall"] is None
    ole = next(r for r in c["rows"] if r["trainee"] == "Ole")
    assert ole["drill_missed"] == ["Ingen tabu"] and ole["drill_total"] == 1


def test_cohort_pages_skip_damaged_files_with_a_note(evening):
    root, _ = evening
    c = build_cohort(root)
    assert sorted(s["file"] for s in c["skipped"]) == ["broken.json", "notes.json"]
    md = render_cohort(c, "md")
    assert "## Sprunget over" in md and "broken.json" in md and "notes.json" in md
    assert "| Lars | **" in md and "Ingen tabu" in md
    html = render_cohort(c, "html")
    check_html(html)
    assert "http://" not in html and "https://" not in html and "broken.json" in html


def test_cohort_anonymised_and_from_the_cli(evening, tmp_path, capsys):
    root, _ = evening
    md = render_cohort(build_cohort(root, anonymise=True), "md")
    assert "Lars" not in md and "Mette" not in md and "Deltager A" in md
    out = tmp_path / "aften.html"
    assert main(["report", "--cohort", str(root), "-o", str(out)]) == 0
    check_html(out.read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["report", "--cohort", str(root), "--lang", "en"]) == 0
    assert "Training evening" in capsys.readouterr().out
    assert main(["--lang", "en", "report", "--cohort", str(root), "--format", "html"]) == 0
    assert 'lang="en"' in capsys.readouterr().out
    assert main(["report", "--cohort", str(tmp_path / "missing")]) == 2


def test_empty_cohort_folder(tmp_path):
    md = render_cohort(build_cohort(tmp_path), "md")
    assert "Ingen gemte samtaler" in md


REPORT_MODULES = ["simulator.report.formats", "simulator.report.markdown", "simulator.report.html",
                  "simulator.report.jsonreport", "simulator.report.cohort", "simulator.scoring.recall"]


def test_reports_never_import_the_ui_or_a_model():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in REPORT_MODULES)
            + "print(','.join(m for m in ('textual', 'rich', 'torch', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
