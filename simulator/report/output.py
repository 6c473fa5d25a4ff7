"""Writing a report file: whole or not at all, readable by the user only.

Reports hold what a trainee typed in practice, so like the session files they
are written 0600 through a temp file and a rename. Unlike the store, this never
changes the permissions of the folder it writes into: that is the user's.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_report(path: Path, text: str) -> Path:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, "no such folder", str(folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
