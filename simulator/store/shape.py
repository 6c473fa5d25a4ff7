"""Bounds on what the store reads: regular files of a sane size, ids that match names.

A session file is user data that may have been copied, edited or replaced by
something that is not a file at all: a FIFO named `x.json` would hang a reader,
a link to `/dev/zero` would fill the memory. So every read goes through
`read_bounded`: opened without blocking, checked to be a regular file, read to
at most a limit. Integers longer than Python's 4,300 digits and other JSON
oddities become a `ValueError` the caller turns into one line naming the file.
"""

from __future__ import annotations

import math
import os
import re
import stat
from functools import lru_cache
from pathlib import Path

# A 500-turn session is about 1 MB as pretty-printed JSON; 32 MB is a mistake, not a session.
MAX_SESSION_BYTES = 32 * 1024 * 1024
LANGUAGES = ("da", "en")
# A session id becomes a file name: no separators, no leading dot.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
JOURNAL_SUFFIX = ".journal.jsonl"


class NotReadable(Exception):
    """The file cannot be read as a session; str() says why (without the path)."""


def open_regular(path: Path, limit: int = MAX_SESSION_BYTES, what: str = "a session file"):
    """A binary file object for `path`, refused unless it is a regular file within `limit` bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NotReadable(f"cannot read the file ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"not a regular file (a device, pipe or folder is never {what})")
        if st.st_size > limit:
            raise NotReadable(f"the file is {st.st_size:,} bytes; {what} may be at most {limit:,}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: Path, limit: int = MAX_SESSION_BYTES, what: str = "a session file") -> bytes:
    with open_regular(path, limit, what) as fh:
        data = fh.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise NotReadable(f"the file is larger than {limit:,} bytes; {what} may be at most {limit:,}")
    return data


def session_stem(path: Path) -> str:
    """The session id a file name stands for: `ID.json` and `ID.journal.jsonl` both give ID."""
    name = path.name
    if name.endswith(JOURNAL_SUFFIX):
        return name[: -len(JOURNAL_SUFFIX)]
    return name[:-5] if name.endswith(".json") else path.stem


def journal_path(snapshot: Path) -> Path:
    return snapshot.with_name(session_stem(snapshot) + JOURNAL_SUFFIX)


def name_problem(path: Path, data: dict) -> str | None:
    """Why a session file may not be written to under this name, or None."""
    stem = session_stem(path)
    if data.get("id") != stem:
        return (f"the file name says {stem!r} but the session inside is {data.get('id')!r}; "
                f"a copy must keep its name (rename it to {data.get('id')}.json) to be resumed")
    return None


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
    "id": (True, lambda v: _is_str(v) and bool(SAFE_ID.match(v))),
    "scenario": (True, _is_str), "scenario_title": (True, _is_str), "language": (True, lambda v: v in LANGUAGES),
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
