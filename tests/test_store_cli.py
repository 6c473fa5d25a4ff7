"""Sessions are saved after every turn, privately and readably, and resume where they stopped."""

import json
import os
import stat

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from tests.cli_support import run_cli
from tests.conftest import SCENARIOS
from simulator.store.sessions import read_session_data


def _run(*args, stdin=""):
    return run_cli(*args, stdin=stdin)


def test_saved_after_every_turn_private_and_readable(tmp_path):
    store = SessionStore(tmp_path / "s")
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store, trainee="Søren")
    path = store.path_for(r.session.id)
    for n, line in enumerate(["Hej, hvad tænker du selv?", "", "Så du savner at arbejde?"], 1):
        r.take_turn(line)
        data = read_session_data(path)
        assert len(data["turns"]) == n
    text = path.read_text(encoding="utf-8")
    assert "\\u" not in text and "Søren" in text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_interactive_pipe_saves_each_turn_and_resume_continues(tmp_path):
    save = tmp_path / "s"
    out = _run("rehearse", "first-meeting", "--save-dir", str(save), "--seed", "4",
               stdin="Fortæl lidt om dig selv.\n\nHvad arbejdede du med før?\n")
    assert out.returncode == 0, out.stderr
    [file] = list(save.glob("*.json"))
    first = read_session_data(file)
    assert len(first["turns"]) == 3 and first["turns"][1]["primary"] == "pause"
    out = _run("rehearse", "--resume", first["id"], "--save-dir", str(save), "--json",
               stdin="Så du var sygeplejerske.\n")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [t["mentor"] for t in doc["turns"]][:3] == [t["mentor"] for t in first["turns"]]
    assert len(doc["turns"]) == 4
    # the resumed engine continues from the same hidden state as an unbroken session
    fresh = _run("rehearse", "first-meeting", "--no-save", "--seed", "4", "--json",
                 stdin="Fortæl lidt om dig selv.\n\nHvad arbejdede du med før?\nSå du var sygeplejerske.\n")
    assert json.loads(fresh.stdout)["turns"][3]["mentee"] == doc["turns"][3]["mentee"]


def test_no_save_writes_nothing(tmp_path):
    out = _run("rehearse", "first-meeting", "--no-save", "--save-dir", str(tmp_path / "s"), stdin="Hej\n")
    assert out.returncode == 0
    assert not (tmp_path / "s").exists()


def test_rehearse_json_contract(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("Hej Rania.\n...\nHvad tænker du selv?\n", encoding="utf-8")
    out = _run("rehearse", "first-meeting", "--script", str(script), "--json", "--no-save", "--trainee", "Ida")
    doc = json.loads(out.stdout)
    assert {"scenario", "trainee", "turns", "figures", "principles", "overall"} <= set(doc)
    for turn in doc["turns"]:
        assert {"mentor", "segments", "role", "step", "mentee", "source", "trust"} <= set(turn)
        assert turn["source"] == "scripted"
    for key in ("open_question_share", "reflection_to_question", "mentor_talk_share", "affirmations",
                "specific_praise", "advice_without_permission", "words_per_sentence", "lix", "boundary_flags",
                "referrals", "roles_used", "steps_covered", "agreement_at_end", "trust_final",
                "check_understanding", "misunderstood", "unclear_turns"):
        assert key in doc["figures"]
    # CODEBOOK v2: an entry for every boundary tag, counted or not, so a trainer's sheet has fixed columns.
    assert set(doc["figures"]["boundary_flags"]) == {"taboo_probe", "lecture", "promise", "therapy", "pity",
                                                     "legal_advice", "rescue", "caricature", "culture_probe"}
    assert all({"id", "band", "evidence", "guide_section", "anchor"} <= set(p) for p in doc["principles"])
    assert all(p["anchor"] for p in doc["principles"])


def test_user_errors_are_one_line_without_traceback(tmp_path):
    for args in (["rehearse", "no-such-scenario"], ["rehearse", "first-meeting", "--script", str(tmp_path / "nope")],
                 ["rehearse", "--resume", "nope", "--save-dir", str(tmp_path)], ["eval", str(tmp_path / "x.csv")]):
        out = _run(*args)
        assert out.returncode == 2, args
        assert "Traceback" not in out.stderr and out.stderr.startswith("mentor-sim:")


def test_corrupt_session_is_skipped(tmp_path):
    store = SessionStore(tmp_path)
    Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store).take_turn("Hej")
    (tmp_path / "broken.json").write_text('{"id": "x", "turns": [', encoding="utf-8")
    sessions = store.list()
    assert len(sessions) == 1 and len(store.skipped) == 1


def test_scenarios_json_lists_required_fields():
    out = _run("scenarios", "--json")
    items = json.loads(out.stdout)
    assert {"first-meeting", "expectations", "family-reunification"} <= {i["id"] for i in items}
    assert all({"id", "title", "language", "course_phase", "difficulty", "level"} <= set(i) for i in items)


def test_eval_reports_per_code_and_confusion(tmp_path):
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("utterance,code,tags\nHvad tænker du?,open_question,\nHar du børn?,closed_question,\n"
                        "Stakkels dig,other,pity\n", encoding="utf-8")
    doc = json.loads(_run("eval", str(csv_path), "--json").stdout)
    assert doc["n"] == 3 and doc["accuracy"] == 1.0
    assert doc["per_code"]["open_question"]["f1"] == 1.0
    assert "confusion" in doc and doc["tag_micro_f1"] == 1.0


def test_marked_code_with_correction_feeds_eval(tmp_path):
    store = SessionStore(tmp_path / "s")
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store)
    r.take_turn("Du er vist træt i dag.")
    mark = r.mark_wrong(0, 0, "det var en refleksion")
    assert mark["correct_code"] == "reflection"
    marks = store.marks_path()
    assert marks.parent == store.root and stat.S_IMODE(os.stat(marks).st_mode) == 0o600
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("utterance,code\nHvad tænker du?,open_question\n", encoding="utf-8")
    doc = json.loads(_run("eval", str(csv_path), "--marks", str(marks), "--json").stdout)
    assert doc["n"] == 2


def test_code_takes_the_global_language_too():
    english = "So you're worried about the interview."
    assert _run("--lang", "en", "code", stdin=english + "\n").stdout.split("\t")[0] == "reflection"
    assert _run("code", "--lang", "en", stdin=english + "\n").stdout.split("\t")[0] == "reflection"
    assert _run("code", stdin="Hvad tænker du selv?\n").stdout.split("\t")[0] == "open_question"


def test_ending_with_slut_leaves_stdin_open_and_prints_nothing_more(monkeypatch):
    # `/slut` stops reading stdin early; closing the reader once closed sys.stdin's buffer with
    # it, and "Exception ignored ... ValueError: I/O operation on closed file" reached the user.
    import io

    from simulator.cliinput import stdin_lines

    stdin = io.TextIOWrapper(io.BytesIO("Hej\n/slut\nmere\n".encode()), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    lines = stdin_lines()
    assert next(lines) == "Hej\n"
    lines.close()  # what leaving the loop at /slut does
    assert not stdin.buffer.closed
    out = run_cli("rehearse", "first-meeting", "--no-save", stdin="Hej Rania.\n/slut\nikke mere\n")
    assert out.returncode == 0 and out.stderr == ""
    assert "ikke mere" not in out.stdout
