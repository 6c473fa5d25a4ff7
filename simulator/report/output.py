"""Writing a report file: whole or not at all, readable by the user only.

Reports hold what a trainee typed in practice, so like the session files they
are written 0600 through a temp file and a rename. Unlike the store, this never
changes the permissions of the folder it writes into: that is the user's.
"""

from __future__ import annotations

from pathlib import Path

from simulator.store.files import write_private_file


def write_report(path: Path, text: str) -> Path:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, "no such folder", str(folder))
    write_private_file(path, text)
    return path
