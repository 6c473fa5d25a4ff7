"""Bounds on what the store reads: regular files of a sane size, ids that match names.

A session file is user data that may have been copied, edited or replaced by
something that is not a file at all: a FIFO named `x.json` would hang a reader,
a link to `/dev/zero` would fill the memory. So every read goes through
`read_bounded`: opened without blocking, checked to be a regular file, read to
at most a limit. Integers longer than Python's 4,300 digits and other JSON
oddities become a `ValueError` the caller turns into one line naming the file.
What the fields must hold is the model's business (engine/session.py,
`Session.from_saved`); `damage_line` turns its first complaint into the field's
place in the file (`turns[3].trust`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pydantic import ValidationError

from simulator.engine.session import SAFE_ID  # noqa: F401 - the store reads ids by it

# A 500-turn session is about 1 MB as pretty-printed JSON; 32 MB is a mistake, not a session.
MAX_SESSION_BYTES = 32 * 1024 * 1024
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


# -- what is wrong with a session file ---------------------------------------------------

def damage_line(exc: ValidationError) -> str:
    """The first problem pydantic found, as `turns[3].trust: input should be a finite number`."""
    errors = exc.errors(include_url=False)
    if not errors:
        return "the fields have the wrong type or value"
    err = errors[0]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in err["loc"]).lstrip(".")
    if err["type"] == "missing":
        what = "the field is missing"
    elif err["type"] == "value_error":
        what = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        what = err["msg"][:1].lower() + err["msg"][1:]
    return f"{where}: {what}" if where else what
