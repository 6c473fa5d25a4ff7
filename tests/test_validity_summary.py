"""The help page's accuracy summary ships in the package and must say what docs/validity.md says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from simulator.tui.present import VALIDITY_SUMMARY, validity_note

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("validity_summary", ROOT / "scripts" / "validity_summary.py")
script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(script)


def test_the_shipped_summary_agrees_with_docs_validity():
    doc = (ROOT / "docs" / "validity.md").read_text(encoding="utf-8")
    shipped = VALIDITY_SUMMARY.read_text(encoding="utf-8")
    assert shipped == script.render(doc), "docs/validity.md changed: run python scripts/validity_summary.py"
    assert yaml.safe_load(shipped)["summary"].strip() == script.summary_of(doc)
    assert script.main(["--check"]) == 0


def test_the_summary_is_the_text_between_the_title_and_the_first_section():
    doc = "# Validity\n\nAccuracy 0.81 on 200 rows.\n\nTags: 0.66.\n\n## Per code\n\n| a | b |\n"
    assert script.summary_of(doc) == "Accuracy 0.81 on 200 rows.\n\nTags: 0.66."
    assert yaml.safe_load(script.render(doc))["summary"] == "Accuracy 0.81 on 200 rows.\n\nTags: 0.66.\n"


def test_the_help_page_reads_the_package_file_not_the_source_tree():
    assert VALIDITY_SUMMARY.is_relative_to(ROOT / "simulator")
    note = validity_note("da")
    assert "Kort fortalt" in note and "93–100 %" in note and "## " not in note and note.endswith("docs/validity.md.")
    assert "How far" not in note and "<!--" not in note  # the Danish block only
    en = validity_note("en")
    assert "| sessions 48 (newest) | 327 | 0.94 |" in en and "Kort fortalt" not in en


def test_a_summary_without_a_block_in_the_language_falls_back_to_english(tmp_path):
    one = tmp_path / "one.yaml"
    one.write_text("summary: |\n  <!-- en -->\n  Accuracy 0.9.\n", encoding="utf-8")
    assert validity_note("da", one).startswith("Accuracy 0.9.")
    plain = tmp_path / "plain.yaml"
    plain.write_text("summary: |\n  Accuracy 0.8.\n", encoding="utf-8")
    assert validity_note("da", plain).startswith("Accuracy 0.8.")


def test_a_stale_summary_is_caught(tmp_path, monkeypatch):
    stale = tmp_path / "validity_summary.yaml"
    stale.write_text(VALIDITY_SUMMARY.read_text(encoding="utf-8").replace("0.93", "0.99"), encoding="utf-8")
    monkeypatch.setattr(script, "OUT", stale)
    monkeypatch.setattr(script, "ROOT", tmp_path)
    assert script.main(["--check"]) == 1
