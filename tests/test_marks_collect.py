"""Marks a trainer can use: tag-only corrections count, skipped marks are counted with a
reason, and `marks collect` gathers an evening's marks as a CSV that `eval` reads."""

from __future__ import annotations

import csv
import io

from simulator.cli import main
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from tests.conftest import SCENARIOS


def evening(folder, trainee):
    store = SessionStore(folder)
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), trainee=trainee, store=store)
    r.take_turn("Hvad arbejdede du med før?")
    r.take_turn("Du kan godt, og du skal bare prøve igen.")
    r.mark_wrong(0, 0, "refleksion")         # a corrected code
    r.mark_wrong(1, 0, "udfordring")         # tags only: the coder's code stands
    r.mark_wrong(1, 0, "det passer ikke")    # free text: skipped, with its reason
    r.finish()
    return store, r.session


def test_eval_marks_counts_tag_only_corrections_and_says_what_it_skipped(tmp_path, capsys):
    store, session = evening(tmp_path / "a", "Ida")
    assert main(["eval", "tests/data/da_sessions12.csv", "--marks", str(store.marks_path()), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "used 2 mark(s), skipped 1 (1: the note names no code or tag)" in err
    import json

    plain = main(["eval", "tests/data/da_sessions12.csv", "--json"])
    base = json.loads(capsys.readouterr().out)
    assert plain == 0 and json.loads(out)["n"] == base["n"] + 2


def test_marks_collect_gathers_folders_into_a_labelled_csv(tmp_path, capsys):
    _, s1 = evening(tmp_path / "a", "Ida")
    _, s2 = evening(tmp_path / "b", "Bo")
    out_file = tmp_path / "marks.csv"
    assert main(["marks", "collect", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out_file)]) == 0
    err = capsys.readouterr().err
    assert "used 4 mark(s), skipped 2" in err
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and {r["trainee"] for r in rows} == {"Ida", "Bo"}
    code_fix = [r for r in rows if r["note"] == "refleksion"]
    tag_fix = [r for r in rows if r["note"] == "udfordring"]
    assert all(r["code"] == "reflection" for r in code_fix)
    assert all(r["tags"] == "challenge" and r["code"] == r["coder_code"] for r in tag_fix)
    assert main(["eval", str(out_file), "--json"]) == 0  # eval reads it as it is
    assert main(["marks", "collect", str(tmp_path / "nope")]) == 2
