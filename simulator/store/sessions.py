"""Where sessions live and how they are found again.

Default location: the user data dir (platformdirs), `sessions/` below it; a
`--save-dir` replaces it. A corrupt or truncated file is reported and skipped,
never a crash.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from simulator.engine.session import Session
from simulator.store.files import append_private_line, atomic_write_json, private_dir
from simulator.errors import UserFacingError

APP_NAME = "samtaletraener"


class StoreError(UserFacingError):
    pass


def default_data_dir() -> Path:
    env = os.environ.get("MENTOR_SIM_DATA")
    return Path(env) if env else Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class Skipped:
    path: Path
    reason: str


class SessionStore:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else default_data_dir() / "sessions"
        self.skipped: list[Skipped] = []

    def path_for(self, session_id: str) -> Path:
        return self.root / f"{session_id}.json"

    def save(self, session: Session) -> Path:
        private_dir(self.root)
        path = self.path_for(session.id)
        atomic_write_json(path, session.to_dict())
        return path

    def marks_path(self) -> Path:
        # Beside the sessions, so --save-dir keeps everything in one private folder.
        return self.root / "marked-codes.jsonl"

    def append_mark(self, mark: dict) -> None:
        append_private_line(self.marks_path(), json.dumps(mark, ensure_ascii=False))

    def resolve(self, ref: str) -> Path:
        """A session id, a unique id prefix, or a file path."""
        p = Path(ref)
        if p.suffix == ".json" and p.is_file():
            return p
        direct = self.path_for(ref)
        if direct.is_file():
            return direct
        matches = sorted(self.root.glob(f"{ref}*.json")) if self.root.is_dir() else []
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
            try:
                out.append(load_session_file(path))
            except StoreError as exc:
                self.skipped.append(Skipped(path, str(exc)))
        out.sort(key=lambda s: s.started)
        return out

    def delete(self, session_id: str) -> Path:
        path = self.resolve(session_id)
        path.unlink()
        return path


def load_session_file(path: Path) -> Session:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the session ({exc})") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}: the session file is damaged ({exc.msg})") from None
    if not isinstance(data, dict) or "id" not in data or "scenario" not in data:
        raise StoreError(f"{path}: not a session file")
    try:
        return Session.from_dict(data)
    except (TypeError, KeyError, ValueError) as exc:
        raise StoreError(f"{path}: the session file is damaged ({exc})") from None
