"""Private, atomic file writes.

Trainees type sensitive things in practice, so everything the app writes is
readable by the user only (files 0600, folders 0700), and a write either lands
whole or not at all (temp file in the same folder, fsync, then rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    return path


def atomic_write_text(path: Path, text: str) -> None:
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def atomic_write_json(path: Path, data) -> None:
    # ensure_ascii=False: the file stays readable Danish text, no \u escapes
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def append_private_line(path: Path, line: str) -> None:
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line.rstrip("\n") + "\n")
