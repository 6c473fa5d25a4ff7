"""Where sessions live and how they are found again.

Default location: the user data dir (platformdirs), `sessions/` below it; a
`--save-dir` replaces it. A corrupt or truncated file is reported and skipped,
never a crash: a file is only handed on when every field has the type the
scorer and the screens expect, so a damaged file cannot fail later in a
history table. `forget` deletes a session for real: its file, the temp files a
killed save may have left, and its lines in `marked-codes.jsonl`.
"""

from __future__ import annotations

import glob
import json
import os
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import ValidationError

from simulator.engine.session import Mark, Session
from simulator.errors import SaveFailed, UserFacingError
from simulator.store import journal, lock
from simulator.store.files import (TEMP_SUFFIX, append_private_line, atomic_write_json, atomic_write_text,
                                   private_dir, temp_glob)
from simulator.store.shape import (JOURNAL_SUFFIX, SAFE_ID, NotReadable, damage_line, journal_path,
                                   name_problem, read_bounded, session_stem)

APP_NAME = "samtaletraener"
MARKS_FILE = "marked-codes.jsonl"
_SAFE_ID = SAFE_ID
# What `Session.new_id` makes: 20250101-120000-first-meeting-1a2b
_SESSION_NAME = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]+-[0-9a-f]{4}$")


class StoreError(UserFacingError):
    """A session cannot be found, read or forgotten; the message names the file."""

    GROUP = "store"


def default_data_dir() -> Path:
    env = os.environ.get("MENTOR_SIM_DATA")
    return Path(env) if env else Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Skipped:
    path: Path
    reason: str


@dataclass
class Forgotten:
    """What `SessionStore.forget` removed."""

    files: list[Path]
    marks: int


class SessionStore:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else default_data_dir() / "sessions"
        self.skipped: list[Skipped] = []
        self._saved: dict[str, dict] = {}  # session id -> what the journal last recorded
        self._held: set[str] = set()  # session ids this store locked; released when it is gone
        weakref.finalize(self, _release_all, self.root, self._held)

    def _lock(self, session_id: str) -> None:
        if session_id not in self._held and lock.acquire(self.root, session_id):
            self._held.add(session_id)

    def path_for(self, session_id: str) -> Path:
        if not _SAFE_ID.match(session_id or ""):
            raise StoreError(f"{session_id!r} is not a session id")
        return self.root / f"{session_id}.json"

    def save(self, session: Session) -> Path:
        """The first save and a finished session write the whole snapshot; every other save
        appends only what changed to the session's journal (O(turn), see store/journal.py)."""
        path = self.path_for(session.id)
        try:
            private_dir(self.root)
            self._lock(session.id)
            state = self._saved.get(session.id)
            if state is None or session.finished or not path.is_file():
                self._write_snapshot(path, session, state)
                return path
            record, new_state = journal.next_line(_shallow(session), state)
            append_private_line(journal_path(path), journal.encode(record))
        except OSError as exc:
            from simulator.clierrors import os_error_line

            raise SaveFailed(f"kunne ikke gemme / could not save: {os_error_line(exc, exc.filename or path)}",
                             path, exc) from None
        self._saved[session.id] = new_state
        return path

    def _write_snapshot(self, path: Path, session: Session, state: dict | None) -> None:
        data = session.to_dict()
        jpath = journal_path(path)
        seq = state["seq"] if state else 0
        if state is None and jpath.exists():
            # A journal this store did not write (an older process): the snapshot replaces it whole.
            seq = _last_seq(jpath)
        data[journal.SEQ_FIELD] = seq
        atomic_write_json(path, data)
        try:
            jpath.unlink()
        except FileNotFoundError:
            pass
        self._saved[session.id] = journal.state_of(data)

    def open_for_writing(self, ref: str) -> Session:
        """A session to resume: in this folder, named by its id, and locked against a second writer."""
        path = self.resolve(ref)
        if path.resolve().parent != self.root.resolve():
            raise StoreError(f"{path}: only a session in the session folder {self.root} can be resumed "
                             "(copy it there under its own id, or give --save-dir)")
        data, _ = _read_checked(path)
        problem = name_problem(path, data)
        if problem:
            raise StoreError(f"{path}: {problem}")
        self._lock(data["id"])
        data, session = _read_checked(path)  # again, now that no one else writes it
        self._saved[session.id] = journal.state_of(data)
        return session

    def marks_path(self) -> Path:
        # Beside the sessions, so --save-dir keeps everything in one private folder.
        return self.root / MARKS_FILE

    def append_mark(self, mark: dict | Mark) -> None:
        line = mark.to_dict() if isinstance(mark, Mark) else mark
        append_private_line(self.marks_path(), json.dumps(line, ensure_ascii=False))

    def resolve(self, ref: str) -> Path:
        """A session id, a unique id prefix, or a file path."""
        p = Path(ref)
        if p.suffix == ".json" and p.is_file():
            return p
        if _SAFE_ID.match(ref or ""):
            direct = self.path_for(ref)
            if direct.is_file():
                return direct
            # glob.escape: an id is matched as written, '*' or '[' in it are not patterns
            matches = sorted(q for q in self.root.glob(f"{glob.escape(ref)}*.json")
                             if q.name != MARKS_FILE) if self.root.is_dir() else []
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise StoreError.of("ambiguous", ref=ref, count=len(matches))
        raise StoreError.of("no_session", ref=ref, root=str(self.root))

    def load(self, ref: str) -> Session:
        path = self.resolve(ref)
        return load_session_file(path)

    def list(self) -> list[Session]:
        out = list(self.iter_sessions())
        out.sort(key=lambda s: s.started)
        return out

    def iter_sessions(self):
        """Every readable session, one at a time (memory: one session); a damaged file or a
        second file with an id already seen goes to `self.skipped`, named once with both paths."""
        self.skipped = []
        if not self.root.is_dir():
            return
        paths = [p for p in sorted(self.root.glob("*.json")) if not p.name.startswith(".")]
        # The file named by its id is the session; any other file with that id is the copy.
        paths.sort(key=lambda p: 0 if _SESSION_NAME.match(p.stem) else 1)
        seen: dict[str, Path] = {}
        for path in paths:
            try:
                session = load_session_file(path)
            except StoreError as exc:
                self.skipped.append(Skipped(path, str(exc)))
                continue
            if session.id in seen:
                self.skipped.append(Skipped(path, f"{path}: the same session ({session.id}) as {seen[session.id]}; "
                                                  "counted once (a copy? remove or rename one)"))
                continue
            seen[session.id] = path
            yield session

    def delete(self, session_id: str) -> Path:
        return self.forget(session_id).files[0]

    def session_files(self) -> list[Path]:
        """Every session file in the folder, damaged ones included (for `forget --all`).

        A damaged file counts when its name is a session id; any other JSON file a
        user keeps in a `--save-dir` is not ours to delete.
        """
        if not self.root.is_dir():
            return []
        out = []
        for p in sorted(self.root.glob("*.json")):
            if p.name.startswith("."):
                continue
            if _SESSION_NAME.match(p.stem):
                out.append(p)
                continue
            try:
                load_session_file(p)
            except StoreError:
                continue
            out.append(p)
        return out

    def forget(self, ref: str) -> Forgotten:
        """Delete one session for real: its file, leftover temp files and its marked codes.

        Only a file inside this store's folder is deleted, whatever path is given.
        """
        path = self.resolve(ref)
        if path.resolve().parent != self.root.resolve():
            raise StoreError(f"{path}: not in the session folder {self.root}; only saved sessions are forgotten")
        try:
            session = load_session_file(path)
            ids, marks = {session.id, path.stem}, session.marks
        except StoreError:  # a damaged file is forgotten too, by its name
            ids, marks = {path.stem}, []
        files = [path]
        path.unlink()
        files += _remove_temps(path)
        files += _remove_companions(self.root, path)
        removed = self._drop_marks(ids, marks)
        return Forgotten(files, removed)

    def forget_all(self) -> Forgotten:
        """Delete every session file, every leftover temp file and the marked codes."""
        files: list[Path] = []
        marks = _count_lines(self.marks_path())
        for p in self.session_files():
            p.unlink()
            files.append(p)
            files += _remove_temps(p)
            files += _remove_companions(self.root, p)
        if self.root.is_dir():
            for p in sorted(self.root.glob(f"*{JOURNAL_SUFFIX}")):
                p.unlink()
                files.append(p)
            for p in self.root.glob(".*.lock"):  # not listed: they hold no words, only a pid
                lock.release(self.root, p.name[1:-5])
                p.unlink()
            for p in sorted(self.root.glob(f".*.json.*{TEMP_SUFFIX}")):  # of sessions already gone
                p.unlink()
                files.append(p)
            for name in (MARKS_FILE, ):
                p = self.root / name
                if p.is_file():
                    p.unlink()
                    files.append(p)
                files += _remove_temps(p)
        return Forgotten(files, marks)

    def _drop_marks(self, ids: set[str], session_marks: list) -> int:
        """Rewrite marked-codes.jsonl without the lines of these sessions; returns how many went."""
        path = self.marks_path()
        if not path.is_file():
            return 0
        # Marks written before they carried a session id are matched by their content.
        known = {_mark_key(m.to_dict() if isinstance(m, Mark) else m) for m in session_marks
                 if isinstance(m, (dict, Mark))}
        kept, removed = [], 0
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                mark = json.loads(line)
            except (ValueError, RecursionError):
                mark = None
            if not isinstance(mark, dict):
                kept.append(line)  # not ours to judge; `eval --marks` reports it by line
            elif mark.get("session") in ids if isinstance(mark.get("session"), str) else \
                    ("session" not in mark and _mark_key(mark) in known):
                removed += 1
            else:
                kept.append(line)
        if removed:
            atomic_write_text(path, "".join(line + "\n" for line in kept))
        return removed


def _count_lines(path: Path) -> int:
    try:
        return sum(1 for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip())
    except OSError:
        return 0


def _mark_key(mark: dict) -> tuple:
    return tuple(json.dumps(mark.get(k), sort_keys=True) for k in ("at", "turn", "segment", "text", "code", "note"))


def _remove_temps(path: Path) -> list[Path]:
    out = []
    for tmp in path.parent.glob(temp_glob(path)):
        try:
            tmp.unlink()
            out.append(tmp)
        except OSError:
            pass
    return out


def _release_all(root: Path, ids: set[str]) -> None:
    for session_id in list(ids):
        lock.release(root, session_id)


def _shallow(session: Session) -> dict:
    """The session's fields without copying its turns (to_dict would: O(session) per save)."""
    return {name: getattr(session, name) for name in type(session).model_fields}


def _last_seq(jpath: Path) -> int:
    try:
        data, _ = journal.apply({}, jpath)
    except (NotReadable, OSError):
        return 0
    return int(data.get(journal.SEQ_FIELD, 0) or 0)


def _remove_companions(root: Path, path: Path) -> list[Path]:
    """The journal and the lock file of the session stored at `path`."""
    out = []
    stem = session_stem(path)
    lock.release(root, stem)
    for p, listed in ((journal_path(path), True), (lock.lock_path(root, stem), False)):
        try:
            p.unlink()
            if listed:
                out.append(p)
        except OSError:
            pass
    return out


def read_session_data(path: Path) -> dict:
    """A session file and its journal as one dict, checked; StoreError names the file and the fix."""
    return _read_checked(path)[0]


def load_session_file(path: Path) -> Session:
    return _read_checked(path)[1]


def _read_checked(path: Path) -> tuple[dict, Session]:
    """The file's data (journal applied) and the session it holds; StoreError names the file."""
    data = _read_json(path)
    if not isinstance(data, dict) or "id" not in data or "scenario" not in data:
        raise StoreError(f"{path}: not a session file")
    try:
        data, _ = journal.apply(data, journal_path(path))
    except NotReadable as exc:
        raise StoreError(f"{path.parent / str(exc)}") from None
    try:
        return data, Session.from_saved(data)
    except ValidationError as exc:
        raise StoreError(f"{path}: the session file is damaged ({damage_line(exc)})") from None
    except RecursionError:
        raise StoreError(f"{path}: the session file is damaged (nested too deeply)") from None


def _read_json(path: Path):
    try:
        raw = read_bounded(path)
        return json.loads(raw.decode("utf-8"))
    except NotReadable as exc:
        raise StoreError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: the session file is not UTF-8 text; it is damaged or not a session") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}: the session file is damaged ({exc.msg})") from None
    except ValueError:  # an integer of more than 4,300 digits: no field of a session holds one
        raise StoreError(f"{path}: the session file is damaged (a number with more than 4,300 digits); "
                         "restore it from a backup or remove it with `mentor-sim forget`") from None
    except RecursionError:
        raise StoreError(f"{path}: the session file is damaged (nested too deeply)") from None
    except MemoryError:
        raise StoreError(f"{path}: the session file is too large to read") from None
