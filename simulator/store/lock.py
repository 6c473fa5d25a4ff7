"""One writer per session: an advisory lock file beside the session.

Two processes that resume the same session would each write their own turns
and the last save would win, silently. The first writer takes an `fcntl.flock`
on `.ID.lock` and keeps it until the process ends; a second writer is refused
with one line naming the process that holds it. The lock is advisory (readers
such as `report` never take it) and vanishes with the process, so a killed
rehearsal never leaves a session locked.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, one writer is trusted
    fcntl = None

from simulator.errors import UserFacingError

# Locks this process holds, by path: a second SessionStore in the same process is the same writer.
_HELD: dict[str, int] = {}


class SessionLocked(UserFacingError):
    """Another process is writing this session."""


def lock_path(folder: Path, session_id: str) -> Path:
    return Path(folder) / f".{session_id}.lock"


def acquire(folder: Path, session_id: str) -> bool:
    """Hold the session's lock until `release` (or the process ends), or raise SessionLocked.

    True when this call took the lock; False when this process already held it.
    """
    path = lock_path(folder, session_id)
    key = os.path.abspath(path)
    if key in _HELD or fcntl is None:
        return False
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        other = _read_pid(fd)
        os.close(fd)
        who = f"pid {other}" if other else "en anden proces / another process"
        raise SessionLocked(
            f"{path.parent / (session_id + '.json')}: sessionen skrives af en anden proces ({who}); "
            f"luk den først / the session is being written by another process ({who}); close it first"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _HELD[key] = fd
    return True


def release(folder: Path, session_id: str) -> None:
    fd = _HELD.pop(os.path.abspath(lock_path(folder, session_id)), None)
    if fd is not None:
        os.close(fd)  # closing the descriptor drops the flock


def held(folder: Path, session_id: str) -> bool:
    return os.path.abspath(lock_path(folder, session_id)) in _HELD


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() and len(text) < 12 else None
    except OSError:
        return None
