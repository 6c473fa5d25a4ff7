"""Nothing lost: a killed process keeps every finished turn, and the session resumes.

The CLI is driven the way a trainee drives it in a terminal: `mentor-sim rehearse`
in interactive pipe mode, one line at a time, waiting for the mentee's reply on
stdout before the next. After each reply the process is killed with SIGKILL (no
cleanup, no atexit), the session file is read back, and the next turn is played
in a new process with `--resume`. A kill between the temp file and the rename is
simulated both in-process (os.replace fails) and for real (a child process
SIGKILLs itself at that point).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from simulator.store.files import clear_stale_temps, temp_glob
from simulator.store import lock
from simulator.store.sessions import read_session_data
from tests.cli_support import run_cli
from tests.conftest import ROOT, SCENARIOS

MENTEE = "Rania"  # the mentee of first-meeting.yaml
TURNS = ["Hej Rania, jeg hedder Lars.", "Hvad tænker du selv om at komme i arbejde?", "",
         "Så du savner at arbejde med mennesker."]


def mentor_sim(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "mentor-sim"
    head = [str(script)] if script.is_file() else [sys.executable, "-m", "simulator"]
    return head + list(args)


class Interactive:
    """A `mentor-sim rehearse` child fed line by line; reads its stdout without blocking."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(mentor_sim("rehearse", *args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=ROOT)
        self.out = b""
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def say(self, line: str, timeout: float = 20.0) -> str:
        """Send one mentor line and return the mentee's reply line once it is on stdout."""
        start = len(self.out)
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()
        echo = f"Mentor: {line.strip() or '(pause)'}\n".encode("utf-8")
        deadline = time.monotonic() + timeout
        while True:
            at = self.out.find(echo, start)
            if at >= 0:
                reply_at = self.out.find(f"\n{MENTEE}: ".encode("utf-8"), at)
                if reply_at >= 0:
                    end = self.out.find(b"\n", reply_at + 1)
                    if end >= 0:
                        return self.out[reply_at + 1:end].decode("utf-8")
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"no reply to {line!r}; stdout so far:\n{self.out.decode('utf-8', 'replace')}"
                                     f"\nstderr: {self.proc.stderr.read().decode('utf-8', 'replace')}")
            for _key, _ in self.sel.select(timeout=0.2):
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if chunk:
                    self.out += chunk

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL
        self.sel.close()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass


def only_session(folder: Path) -> dict:
    [path] = [p for p in folder.glob("*.json") if not p.name.startswith(".")]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    return read_session_data(path)


def test_sigkill_after_each_turn_keeps_every_finished_turn_and_resumes(tmp_path):
    save = tmp_path / "sessions"
    replies: list[str] = []
    session_id = None
    for n, line in enumerate(TURNS, 1):
        args = ["--save-dir", str(save), "--seed", "3"]
        child = Interactive(*(args + (["--resume", session_id] if session_id else ["first-meeting"])))
        try:
            replies.append(child.say(line))
        finally:
            child.kill()  # right after the reply: no /slut, no scorecard, no clean exit
        doc = only_session(save)
        session_id = doc["id"]
        assert [t["mentor"] for t in doc["turns"]] == TURNS[:n]
        assert [f"{MENTEE}: {t['mentee']}" for t in doc["turns"]] == [r.split("  (")[0] for r in replies]
        assert doc["finished"] is False
        assert not list(save.glob(".*.tmp")), "a finished save leaves no temp file"
    # The killed-and-resumed session is the same conversation as an unbroken one.
    unbroken = run_cli("rehearse", "first-meeting", "--no-save", "--seed", "3", "--json", stdin="\n".join(TURNS) + "\n")
    assert unbroken.returncode == 0, unbroken.stderr
    assert [t["mentee"] for t in json.loads(unbroken.stdout)["turns"]] == [t["mentee"] for t in doc["turns"]]


def _rehearsal(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    r = Rehearsal(load_scenario(SCENARIOS / "first-meeting.yaml"), store=store, seed=1)
    for line in TURNS[:2]:
        r.take_turn(line)
    return r, store, store.path_for(r.session.id)


def test_a_failed_rename_keeps_the_previous_file_whole(tmp_path, monkeypatch):
    r, store, path = _rehearsal(tmp_path)
    before = path.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt  # as if Ctrl-C arrived between the temp file and the rename

    monkeypatch.setattr("simulator.store.files.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        r.finish()  # turns go to the journal; finishing rewrites the whole snapshot
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not list(path.parent.glob(temp_glob(path))), "the temp file is cleaned up"
    [again] = store.list()
    assert len(again.turns) == 2 and not again.finished and store.skipped == []


KILL_BETWEEN_WRITE_AND_RENAME = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from simulator.engine.rehearsal import Rehearsal
    from simulator.scenario import load_scenario
    from simulator.store import SessionStore
    import simulator.store.files as files

    store = SessionStore(Path(sys.argv[1]))
    session = store.load(sys.argv[2])
    r = Rehearsal(load_scenario(sys.argv[3]), seed=session.seed, store=store, session=session)
    # The temp file is written and fsynced; the process dies before the rename.
    files.os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
    r.take_turn(sys.argv[4])
""")


def test_sigkill_between_temp_file_and_rename(tmp_path):
    r, store, path = _rehearsal(tmp_path)
    lock.release(store.root, r.session.id)  # the child process is now the session's one writer
    before = path.read_bytes()
    proc = subprocess.run([sys.executable, "-c", KILL_BETWEEN_WRITE_AND_RENAME, str(store.root), r.session.id,
                           str(SCENARIOS / "first-meeting.yaml"), TURNS[2]], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert path.read_bytes() == before, "the session file is the one before the kill"
    [tmp] = list(path.parent.glob(temp_glob(path)))
    assert stat.S_IMODE(os.stat(tmp).st_mode) == 0o600, "even the orphan temp file is private"
    assert len(json.loads(tmp.read_text(encoding="utf-8"))["turns"]) == 3  # the unfinished write
    # Readers never see the temp file: the history lists the session with its two finished turns.
    sessions = store.list()
    assert [len(s.turns) for s in sessions] == [2] and store.skipped == []
    # Resume continues from the last finished turn; an old orphan is cleared by the next save.
    old = time.time() - 3600
    os.utime(tmp, (old, old))
    out = run_cli("rehearse", "--resume", r.session.id, "--save-dir", str(store.root), "--json", stdin=TURNS[3] + "\n")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [t["mentor"] for t in doc["turns"]] == TURNS[:2] + [TURNS[3]]
    assert not tmp.exists()


def test_fresh_temp_files_are_not_swept_away(tmp_path):
    # Another process may be between its temp file and its rename right now.
    target = tmp_path / "s.json"
    fresh = tmp_path / ".s.json.abcd.tmp"
    fresh.write_text("{}", encoding="utf-8")
    assert clear_stale_temps(target) == [] and fresh.exists()
    old = time.time() - 120
    os.utime(fresh, (old, old))
    assert clear_stale_temps(target) == [fresh] and not fresh.exists()


# -- damaged files are reported and skipped ------------------------------------------------

def _valid_doc(tmp_path) -> tuple[SessionStore, str]:
    r, store, path = _rehearsal(tmp_path)
    return store, path.read_text(encoding="utf-8")


DAMAGED = {
    "truncated.json": lambda doc: doc[: len(doc) // 2],
    "empty.json": lambda doc: "",
    "not-utf8.json": lambda doc: doc.encode("utf-8")[:40] + b"\xff\xfe" + doc.encode("utf-8")[40:],
    "a-list.json": lambda doc: "[1, 2, 3]",
    "nested.json": lambda doc: "[" * 100_000 + "]" * 100_000,
    "wrong-turn-type.json": lambda doc: json.dumps(dict(json.loads(doc), turns=[{"mentor": 5}])),
    "turn-fields-retyped.json": lambda doc: json.dumps(dict(json.loads(doc), turns=[
        dict(t, segments="Hej", trust="høj") for t in json.loads(doc)["turns"]])),
    "unknown-code.json": lambda doc: json.dumps(dict(json.loads(doc), turns=[
        dict(t, primary="shouting") for t in json.loads(doc)["turns"]])),
    "path-in-id.json": lambda doc: json.dumps(dict(json.loads(doc), id="../../outside")),
    "nan-trust.json": lambda doc: doc.replace('"trust": ', '"trust": NaN, "x": ', 1),
}


def test_every_kind_of_damaged_file_is_skipped_with_its_name(tmp_path):
    store, doc = _valid_doc(tmp_path)
    for name, damage in DAMAGED.items():
        data = damage(doc)
        target = store.root / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    sessions = store.list()
    assert len(sessions) == 1 and len(sessions[0].turns) == 2
    assert sorted(Path(s.path).name for s in store.skipped) == sorted(DAMAGED)
    for skipped in store.skipped:
        assert str(skipped.path) in skipped.reason


def test_a_damaged_file_given_by_name_is_a_one_line_error(tmp_path):
    store, doc = _valid_doc(tmp_path)
    bad = store.root / "20990101-000000-first-meeting-dead.json"
    bad.write_text(doc[:100], encoding="utf-8")
    out = subprocess.run(mentor_sim("rehearse", "--resume", "20990101", "--save-dir", str(store.root)),
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2
    assert out.stderr.startswith("mentor-sim:") and str(bad) in out.stderr and "Traceback" not in out.stderr


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_history_screen_skips_damaged_files_without_crashing(tmp_path, anyio_backend):
    from textual.widgets import DataTable

    from simulator.tui.app import make_app
    from simulator.tui.screens.history import HistoryScreen

    store, doc = _valid_doc(tmp_path)
    for name, damage in DAMAGED.items():
        data = damage(doc)
        (store.root / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    app = make_app(store=store, cursor_blink=False, settings_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        visual = app.screen.query_one("#history-info").visual
        info = getattr(visual, "plain", str(visual))
        assert f"{len(DAMAGED)} fil(er) sprunget over" in info
        assert "truncated.json" in info and "wrong-turn-type.json" in info
