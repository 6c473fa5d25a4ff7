"""The terminal app's settings: what a trainer may want to switch for a group.

`show_trust` hides the trust meter (a trainer may not want trainees to chase a
number); `type_out` types the mentee's replies at a human pace. They are kept in
a small private JSON file beside the sessions so they survive a restart; with
`--no-save` (path None) they live only in memory. Pure Python, no textual.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from simulator.store.files import atomic_write_json

SETTINGS_FILE = "tui-settings.json"


@dataclass
class UiSettings:
    show_trust: bool = True
    type_out: bool = False
    chars_per_second: float = 40.0


def load_settings(path: Path | None) -> UiSettings:
    """Settings from `path`; defaults when it is missing or unreadable (never an error)."""
    if path is None or not path.is_file():
        return UiSettings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UiSettings()
    if not isinstance(data, dict):
        return UiSettings()
    known = {f.name: f.type for f in fields(UiSettings)}
    kept = {}
    defaults = UiSettings()
    for name in known:
        value = data.get(name, getattr(defaults, name))
        if isinstance(getattr(defaults, name), bool) and not isinstance(value, bool):
            continue
        if isinstance(getattr(defaults, name), float) and not isinstance(value, (int, float)):
            continue
        kept[name] = value
    return UiSettings(**kept)


def save_settings(path: Path | None, settings: UiSettings) -> None:
    if path is None:
        return
    try:
        atomic_write_json(path, asdict(settings))
    except OSError:
        pass  # a read-only data folder must not stop a rehearsal
