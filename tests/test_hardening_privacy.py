"""Nothing leaks: what the app writes is the user's alone, `--no-save` writes nothing,
and `forget` deletes for real.

Every file the app writes (sessions, their temp files, marked codes, the TUI
settings, a report written with -o) is 0600 and every folder it creates 0700,
even under a permissive umask. The TUI paths are run through `run_app`, the
CLI's own way in, with `App.run` made headless.
"""

from __future__ import annotations

import ast
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from simulator import cli
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from tests.conftest import ROOT, SCENARIOS

SCRIPT = "Hej Rania, jeg hedder Lars.\nDu er vist træt i dag.\n...\nHvad tænker du selv?\n"


@pytest.fixture
def open_umask():
    old = os.umask(0)  # the most permissive: every mode bit the code asks for is granted
    try:
        yield
    finally:
        os.umask(old)


def modes(top: Path) -> dict[str, int]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            out[str(p.relative_to(top))] = stat.S_IMODE(os.lstat(p).st_mode)
    return out


def assert_private(top: Path) -> None:
    found = modes(top)
    assert found, f"nothing written under {top}"
    for rel, mode in found.items():
        want = 0o700 if (top / rel).is_dir() else 0o600
        assert mode == want, f"{rel} is {oct(mode)}, not {oct(want)}"


def user_data() -> Path:
    return Path(os.environ["MENTOR_SIM_DATA"])


# -- what is written is private ------------------------------------------------------------

def test_sessions_marks_and_reports_are_private_even_with_umask_0(tmp_path, open_umask, capsys):
    top = tmp_path / "new" / "deeper"
    save = top / "sessions"  # three missing folders: each one made 0700, not 0777
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    assert cli.main(["rehearse", "first-meeting", "--script", str(script), "--save-dir", str(save)]) == 0
    store = SessionStore(save)
    [session] = store.list()
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store, session=session)
    r.mark_wrong(1, 0, "det var en refleksion")
    # the lock file (one writer per session) stays: removing a flock'ed file would race
    assert {p.name for p in save.iterdir()} == {f"{session.id}.json", "marked-codes.jsonl", f".{session.id}.lock"}
    reports = top / "reports"
    reports.mkdir(mode=0o700)
    for suffix in ("md", "html", "json"):
        assert cli.main(["report", session.id, "--save-dir", str(save), "-o", str(reports / f"r.{suffix}")]) == 0
    assert_private(tmp_path / "new")


def test_temp_files_are_private_while_they_exist(tmp_path, monkeypatch, open_umask):
    import simulator.store.files as files

    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((Path(src).name, stat.S_IMODE(os.stat(src).st_mode)))
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=SessionStore(tmp_path / "s"))
    r.take_turn("Hej")
    assert seen and all(name.endswith(".tmp") and mode == 0o600 for name, mode in seen)


def test_an_old_marks_file_with_loose_permissions_is_made_private(tmp_path):
    store = SessionStore(tmp_path / "s")
    store.root.mkdir(mode=0o700)
    store.marks_path().write_text('{"text": "gammel"}', encoding="utf-8")  # no newline: a killed append
    os.chmod(store.marks_path(), 0o644)
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store)
    r.take_turn("Du er vist træt.")
    r.mark_wrong(0, 0, "refleksion")
    assert stat.S_IMODE(os.stat(store.marks_path()).st_mode) == 0o600
    lines = store.marks_path().read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"text": "gammel"} and json.loads(lines[1])["session"] == r.session.id


def test_only_the_store_and_report_writers_touch_the_disk():
    """Every write in simulator/ goes through the private helpers (a guard against a new open(..., 'w'))."""
    allowed = {"simulator/store/files.py", "simulator/report/output.py"}
    offenders = []
    for path in sorted((ROOT / "simulator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("write_text", "write_bytes", "mkdir", "makedirs", "mkstemp", "NamedTemporaryFile"):
                offenders.append(f"{rel}:{node.lineno}: {name}")
            if name in ("open", "fdopen") and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                    and any(c in str(node.args[1].value) for c in "wax+"):
                offenders.append(f"{rel}:{node.lineno}: {name}(..., {node.args[1].value!r})")
            for kw in node.keywords:
                if name in ("open", "fdopen") and kw.arg == "mode" and isinstance(kw.value, ast.Constant) \
                        and any(c in str(kw.value.value) for c in "wax+"):
                    offenders.append(f"{rel}:{node.lineno}: {name}(mode={kw.value.value!r})")
    assert offenders == []


# -- the TUI, through run_app -------------------------------------------------------------

def run_tui(monkeypatch, argv: list[str], turns: list[str], toggle_settings: bool = False):
    """`mentor-sim play ...` through `run_app`, headless, typing `turns` and leaving."""
    from textual.app import App

    from simulator.tui.app import SamtaleApp, run_app

    result = {}

    async def pilot_script(pilot):
        app = pilot.app
        await pilot.pause()
        for text in turns:
            app.screen.query_one("#mentor-input").value = text
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        if toggle_settings:
            await pilot.press("f5")
            await pilot.pause()
        screen = app.screen
        result["session"] = screen.session
        if turns:
            screen.rehearsal.mark_wrong(0, 0, "refleksion")
        app.exit()

    def headless_run(self, *args, **kwargs):
        return App.run(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(SamtaleApp, "run", headless_run)
    args = cli.build_parser().parse_args(argv)
    assert run_app(cli.app_options(args)) == 0
    return result["session"]


def test_tui_play_with_no_save_writes_nothing(tmp_path, monkeypatch):
    before = modes(tmp_path)
    session = run_tui(monkeypatch, ["play", "first-meeting", "--no-save"], ["Hej Rania.", "Hvad tænker du?"],
                      toggle_settings=True)
    assert len(session.turns) == 2
    assert not user_data().exists()
    assert modes(tmp_path) == before


def test_tui_play_saves_privately(tmp_path, monkeypatch, open_umask):
    session = run_tui(monkeypatch, ["play", "first-meeting"], ["Hej Rania.", "Du er vist træt."],
                      toggle_settings=True)
    data = user_data()
    assert (data / "sessions" / f"{session.id}.json").is_file()
    assert (data / "sessions" / "marked-codes.jsonl").is_file()
    assert (data / "tui-settings.json").is_file()
    assert_private(data)
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o700


def test_rehearse_with_no_save_writes_nothing(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    before = modes(tmp_path)
    assert cli.main(["rehearse", "first-meeting", "--no-save", "--script", str(script)]) == 0
    assert cli.main(["rehearse", "first-meeting", "--no-save", "--save-dir", str(tmp_path / "s"),
                     "--script", str(script), "--json"]) == 0
    assert modes(tmp_path) == before and not user_data().exists()
    assert '"session_file": null' in capsys.readouterr().out


# -- forget ----------------------------------------------------------------------------------

def two_sessions(tmp_path):
    store = SessionStore(tmp_path / "s")
    scenario = load_scenario(SCENARIOS / "first-meeting.yaml")
    out = []
    for trainee in ("Ida", "Ole"):
        r = Rehearsal(scenario, store=store, trainee=trainee)
        r.take_turn("Du er vist træt i dag.")
        r.mark_wrong(0, 0, f"refleksion ({trainee})")
        out.append(r.session)
    return store, out


def test_forget_one_session_deletes_its_file_temps_and_marks(tmp_path, capsys):
    store, (ida, ole) = two_sessions(tmp_path)
    orphan = store.root / f".{ida.id}.json.x1y2.tmp"  # left by a killed save
    orphan.write_text("{}", encoding="utf-8")
    assert cli.main(["forget", ida.id[:-2], "--save-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    assert f"slettede {store.path_for(ida.id)}" in out and f"slettede {orphan}" in out
    assert "slettede 1 markerede kode(r)" in out
    assert not store.path_for(ida.id).exists() and not orphan.exists()
    marks = [json.loads(line) for line in store.marks_path().read_text(encoding="utf-8").splitlines()]
    assert [m["session"] for m in marks] == [ole.id]
    assert "Ida" not in store.marks_path().read_text(encoding="utf-8")
    assert [s.id for s in store.list()] == [ole.id]


def test_forget_finds_marks_written_before_they_carried_a_session_id(tmp_path, capsys):
    store, (ida, ole) = two_sessions(tmp_path)
    lines = store.marks_path().read_text(encoding="utf-8").splitlines()
    legacy = [json.dumps({k: v for k, v in json.loads(line).items() if k != "session"}, ensure_ascii=False)
              for line in lines]
    store.marks_path().write_text("\n".join(legacy) + "\n", encoding="utf-8")
    assert cli.main(["forget", ida.id, "--save-dir", str(store.root)]) == 0
    left = store.marks_path().read_text(encoding="utf-8")
    assert "(Ida)" not in left and "(Ole)" in left


def test_forget_all_with_yes_deletes_every_session_but_not_other_files(tmp_path, capsys):
    store, sessions = two_sessions(tmp_path)
    (store.root / "20990101-000000-first-meeting-dead.json").write_text("{broken", encoding="utf-8")
    keep = store.root / "my-notes.json"
    keep.write_text('{"mine": true}', encoding="utf-8")
    assert cli.main(["forget", "--all", "--yes", "--save-dir", str(store.root)]) == 0
    out = capsys.readouterr().out
    # two sessions, their two journals (unfinished), the damaged one, marks file, and the marks count line
    assert out.count("slettede ") == 7 and out.count(".journal.jsonl") == 2
    assert sorted(p.name for p in store.root.iterdir()) == ["my-notes.json"]


def test_forget_all_asks_on_a_terminal_and_refuses_without_one(tmp_path, monkeypatch, capsys):
    store, sessions = two_sessions(tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    assert cli.main(["forget", "--all", "--save-dir", str(store.root)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert len(store.list()) == 2
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cli.main(["forget", "--all", "--save-dir", str(store.root)]) == 1
    assert len(store.list()) == 2
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    assert cli.main(["forget", "--all", "--save-dir", str(store.root)]) == 0
    assert store.list() == [] and not store.marks_path().exists()


def test_forget_refuses_files_outside_the_store_and_unknown_ids(tmp_path, capsys):
    store, (ida, _) = two_sessions(tmp_path)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(store.path_for(ida.id).read_text(encoding="utf-8"), encoding="utf-8")
    for ref in (str(elsewhere), "../s/" + ida.id, "nope", "*"):
        assert cli.main(["forget", ref, "--save-dir", str(store.root)]) == 2, ref
        err = capsys.readouterr().err
        assert err.startswith("mentor-sim:") and "\n" == err[-1] and err.count("\n") == 1
    assert elsewhere.exists() and len(store.list()) == 2
    assert cli.main(["forget", "--save-dir", str(store.root)]) == 2
