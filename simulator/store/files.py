"""Private, atomic file writes.

Trainees type sensitive things in practice, so everything the app writes is
readable by the user only (files 0600, folders 0700), and a write either lands
whole or not at all (temp file in the same folder, fsync, rename, fsync of the
folder). A process killed between the temp file and the rename leaves the old
file as it was and a `.NAME.*.tmp` beside it, which no reader looks at and the
next save of the same file clears away (`clear_stale_temps`).
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# A temp file this old cannot belong to a save in progress (a save takes milliseconds).
STALE_TEMP_SECONDS = 60.0


def private_dir(path: Path) -> Path:
    """Create `path` and every missing parent as 0700; tighten `path` itself to 0700.

    Parents that already exist are left alone: they are the user's (a home
    folder, ~/.local/share), but a parent the app creates is as private as the
    folder below it (`mkdir(parents=True)` would make it 0755).
    """
    path = Path(path)
    missing = []
    cur = path
    while not cur.exists():
        missing.append(cur)
        if cur.parent == cur:
            break
        cur = cur.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass  # made by someone else meanwhile
        try:
            os.chmod(folder, 0o700)  # mkdir's mode is subject to the umask
        except OSError:
            pass
    if not path.is_dir():
        raise NotADirectoryError(20, "not a folder", str(path))
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def temp_glob(path: Path) -> str:
    """The pattern of the temp files `atomic_write_text` makes for `path`."""
    return f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str, errors: str = "strict") -> None:
    private_dir(path.parent)
    write_private_file(path, text, errors)
    _fsync_dir(path.parent)
    clear_stale_temps(path)


def write_private_file(path: Path, text: str, errors: str = "strict") -> None:
    """Temp file (0600) in the same folder, fsync, rename; the folder itself is left alone."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors=errors) as fh:
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


def clear_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temp files a killed process left for `path` (older than `older_than` seconds)."""
    removed = []
    now = time.time()
    try:
        candidates = list(path.parent.glob(temp_glob(path)))
    except OSError:
        return removed
    for tmp in candidates:
        try:
            if now - tmp.stat().st_mtime >= older_than:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    return removed


def atomic_write_json(path: Path, data) -> None:
    # ensure_ascii=False: the file stays readable Danish text, no \u escapes.
    # backslashreplace: a byte that was not UTF-8 on stdin arrives as a lone
    # surrogate, which UTF-8 cannot hold; written as `\udcff` it is a valid JSON
    # escape that reads back as the same character, instead of a failed save.
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n", errors="backslashreplace")


def append_private_line(path: Path, line: str) -> None:
    """Append one line (a JSON record) to a private file, on disk when this returns."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an older file made with other permissions is made private too
    except OSError:
        pass
    with os.fdopen(fd, "a+b") as fh:
        # A process killed mid-append leaves a line without its newline; start a
        # fresh line so this one is not glued to the broken one.
        fh.seek(0, os.SEEK_END)
        lead = b""
        if fh.tell() > 0:
            fh.seek(-1, os.SEEK_END)
            lead = b"" if fh.read(1) == b"\n" else b"\n"
        fh.write(lead + (line.rstrip("\n") + "\n").encode("utf-8", "backslashreplace"))  # see atomic_write_json
        fh.flush()
        os.fsync(fh.fileno())
