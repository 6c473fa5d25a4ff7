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
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir

from simulator.engine.session import Session
from simulator.errors import UserFacingError
from simulator.store.files import (TEMP_SUFFIX, append_private_line, atomic_write_json, atomic_write_text,
                                   private_dir, temp_glob)

APP_NAME = "samtaletraener"
MARKS_FILE = "marked-codes.jsonl"
# A session id becomes a file name: no separators, no leading dot.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
# What `Session.new_id` makes: 20250101-120000-first-meeting-1a2b
_SESSION_NAME = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]+-[0-9a-f]{4}$")


class StoreError(UserFacingError):
    """A session cannot be found, read or forgotten; the message names the file."""


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

    def path_for(self, session_id: str) -> Path:
        if not _SAFE_ID.match(session_id or ""):
            raise StoreError(f"{session_id!r} is not a session id")
        return self.root / f"{session_id}.json"

    def save(self, session: Session) -> Path:
        private_dir(self.root)
        path = self.path_for(session.id)
        atomic_write_json(path, session.to_dict())
        return path

    def marks_path(self) -> Path:
        # Beside the sessions, so --save-dir keeps everything in one private folder.
        return self.root / MARKS_FILE

    def append_mark(self, mark: dict) -> None:
        append_private_line(self.marks_path(), json.dumps(mark, ensure_ascii=False))

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
                raise StoreError(f"{ref!r} matches {len(matches)} sessions; give more of the id")
        raise StoreError(f"no session {ref!r} (looked in {self.root})")

    def load(self, ref: str) -> Session:
        path = self.resolve(ref)
        return load_session_file(path)

    def list(self) -> list[Session]:
        self.skipped = []
        out = []
        if not self.root.is_dir():
            return out
        for path in sorted(self.root.glob("*.json")):
            if path.name.startswith("."):
                continue  # a temp file of a save in progress (or of one that was killed)
            try:
                out.append(load_session_file(path))
            except StoreError as exc:
                self.skipped.append(Skipped(path, str(exc)))
        out.sort(key=lambda s: s.started)
        return out

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
        if self.root.is_dir():
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
        known = {_mark_key(m) for m in session_marks if isinstance(m, dict)}
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


def load_session_file(path: Path) -> Session:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the session ({exc})") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}: the session file is damaged ({exc.msg})") from None
    except RecursionError:
        raise StoreError(f"{path}: the session file is damaged (nested too deeply)") from None
    if not isinstance(data, dict) or "id" not in data or "scenario" not in data:
        raise StoreError(f"{path}: not a session file")
    problem = session_shape_problem(data)
    if problem:
        raise StoreError(f"{path}: the session file is damaged ({problem})")
    try:
        return Session.from_dict(data)
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise StoreError(f"{path}: the session file is damaged ({exc})") from None


# -- the shape of a session file -------------------------------------------------------

def _is_str(v) -> bool:
    return isinstance(v, str)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) and math.isfinite(v)


def _is_bool(v) -> bool:
    return isinstance(v, bool)


def _opt(check):
    return lambda v: v is None or check(v)


def _str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _dict_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, dict) for x in v)


def _segments(v) -> bool:
    return isinstance(v, list) and all(
        isinstance(s, dict) and _is_str(s.get("text")) and _is_str(s.get("code")) and _str_list(s.get("tags"))
        for s in v)


# field -> (required, check)
_SESSION_FIELDS = {
    "id": (True, lambda v: _is_str(v) and bool(_SAFE_ID.match(v))),
    "scenario": (True, _is_str), "scenario_title": (True, _is_str), "language": (True, _is_str),
    "trainee": (True, _is_str), "seed": (True, _is_int), "mentee_backend": (False, _is_str), "coder": (False, _is_str),
    "opening": (False, _is_str), "started": (False, _is_str), "updated": (False, _is_str),
    "finished": (False, _is_bool), "turns": (False, lambda v: isinstance(v, list)),
    "attempts": (False, _dict_list), "marks": (False, _dict_list), "recall": (False, _opt(lambda v: isinstance(v, dict))),
    "drill": (False, _opt(lambda v: isinstance(v, dict))), "version": (False, _is_int),
}
_TURN_FIELDS = {
    "index": (True, _is_int), "mentor": (True, _is_str), "primary": (True, _is_str), "segments": (True, _segments),
    "tags": (True, _str_list), "role": (True, _opt(_is_str)), "step": (True, _is_str), "mentee": (True, _is_str),
    "source": (True, _is_str), "trust": (True, _is_num), "trust_before": (True, _is_num), "reaction": (True, _is_str),
    "revealed": (False, _str_list), "agreement": (False, _is_bool), "advice_without_permission": (False, _is_int),
    "misunderstood": (False, _is_bool), "model_raw": (False, _opt(_is_str)), "at": (False, _is_str),
    "about": (False, _opt(_is_str)), "move": (False, _is_str),
}


_MARK_FIELDS = {
    "turn": _is_int, "segment": _is_int, "text": _is_str, "code": _is_str, "tags": _str_list, "note": _is_str,
    "correct_code": _opt(_is_str), "correct_tags": _str_list, "at": _is_str, "language": _is_str,
    "session": _is_str,
}


@lru_cache(maxsize=1)
def _known_values() -> tuple[set, set, set, set]:
    from simulator.coding.context import ROLES, STEPS
    from simulator.scenario.models import CODES, TAGS

    return set(CODES) | {"pause"}, set(TAGS), set(STEPS), set(ROLES)


def session_shape_problem(data: dict) -> str | None:
    """What is wrong with a session file's fields, or None when the scorer can read it."""
    for name, (required, check) in _SESSION_FIELDS.items():
        if name not in data:
            if required:
                return f"the field {name!r} is missing"
            continue
        if not check(data[name]):
            return f"the field {name!r} has the wrong type or value"
    for i, turn in enumerate(data.get("turns", [])):
        problem = _turn_problem(turn)
        if problem is None and turn["index"] != i:
            problem = f"numbered {turn['index'] + 1}"  # screens and reports find turns by this number
        if problem:
            return f"turn {i + 1}: {problem}"
    # Undone turns and marks are shown in the debrief: they must be as readable as the turns.
    for i, attempt in enumerate(data.get("attempts", [])):
        problem = _turn_problem(attempt.get("turn"))
        if problem is None and not _opt(_is_int)(attempt.get("replaced_at")):
            problem = "the field 'replaced_at' has the wrong type or value"
        if problem:
            return f"undone attempt {i + 1}: {problem}"
    for i, mark in enumerate(data.get("marks", [])):
        for name, check in _MARK_FIELDS.items():
            if name in mark and not check(mark[name]):
                return f"marked code {i + 1}: the field {name!r} has the wrong type or value"
    return None


def _turn_problem(turn) -> str | None:
    if not isinstance(turn, dict):
        return "not a mapping"
    for name, (required, check) in _TURN_FIELDS.items():
        if name not in turn:
            if required:
                return f"the field {name!r} is missing"
            continue
        if not check(turn[name]):
            return f"the field {name!r} has the wrong type or value"
    codes, tags, steps, roles = _known_values()
    if turn["primary"] not in codes or any(s["code"] not in codes for s in turn["segments"]):
        return "unknown code"
    if any(t not in tags for t in turn["tags"]) or any(t not in tags for s in turn["segments"] for t in s["tags"]):
        return "unknown tag"
    if turn["step"] not in steps or (turn["role"] is not None and turn["role"] not in roles):
        return "unknown step or role"
    return None
