"""Where scenarios and drills are found: the trainer's own folders, then the shipped ones.

A trainer keeps an evening's scenarios in a folder of their own and names it with
`--scenarios DIR` (repeatable) or `scenario_dirs` in the configuration file. Every
lookup by id (the picker, `scenarios`, `drill`, `report`, the cohort page, the
anonymiser, which needs the mentee's name) goes through this module, so a
trainer's scenario is as findable as a shipped one. Scenarios are found by file
name; an id used by two different files in different folders is an error that names both,
because silently preferring one would score a session against the wrong scenario.

The CLI sets the folders once per run (`use_scenario_dirs`); the library default
is the shipped folder alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from simulator.errors import UserFacingError
from simulator.scenario.loader import builtin_scenario_dir, find_scenarios
from simulator.yamlfile import Problem

_extra_dirs: list[Path] = []


class ScenarioFolderError(UserFacingError):
    """A scenario folder that does not exist, or one id in two files."""


def use_scenario_dirs(dirs) -> None:
    """The trainer's folders for this run, searched before the shipped ones (each must exist)."""
    global _extra_dirs
    out: list[Path] = []
    for d in dirs or ():
        p = Path(d).expanduser()
        if not p.is_dir():
            raise ScenarioFolderError(f"{d}: no such scenario folder")
        out.append(p)
    _extra_dirs = out


def scenario_dirs() -> list[Path]:
    """The trainer's folders in the order given, then the shipped one; each folder once."""
    out, seen = [], set()
    for d in [*_extra_dirs, builtin_scenario_dir()]:
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def scenario_files(dirs: list[Path] | None = None) -> dict[str, Path]:
    """Scenario id -> file over `dirs` (default: every folder in use); one id in two folders is an error."""
    found: dict[str, Path] = {}
    for d in dirs if dirs is not None else scenario_dirs():
        if not d.is_dir():
            continue
        for sid, path in find_scenarios(d).items():
            if sid in found and not _same_file(found[sid], path):
                raise ScenarioFolderError(
                    f"scenario id {sid!r} is used twice: {found[sid]} and {path}; "
                    "rename one of the files (and its id)")
            found.setdefault(sid, path)
    return found


def _same_file(a: Path, b: Path) -> bool:
    """One file, or an exact copy of it (a trainer who copied the shipped folder has no conflict)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def scenario_file(scenario_id: str) -> Path | None:
    return scenario_files().get(scenario_id)


def drill_dirs() -> list[Path]:
    """Every `drills` folder beside the scenarios in use, the trainer's first."""
    return [d / "drills" for d in scenario_dirs() if (d / "drills").is_dir()]


def drill_files() -> dict[str, Path]:
    """Drill id (file name) -> file over every drills folder; the trainer's folder wins a shared name."""
    found: dict[str, Path] = {}
    for d in drill_dirs():
        for p in sorted(d.glob("*.yaml")):
            found.setdefault(p.stem, p)
    return found


def id_problem(path: Path, scenario_id: str) -> Problem | None:
    """A one-line problem when a scenario's `id` is not its file's name (scenarios are found by name)."""
    path = Path(path)
    if scenario_id == path.stem:
        return None
    line = None
    try:
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"id\s*:", text):
                line = n
                break
    except (OSError, UnicodeDecodeError):
        pass
    return Problem(str(path), line, "id",
                   f"{scenario_id!r} is not the file's name ({path.name}); scenarios are found by file "
                   f"name: rename the file to {scenario_id}.yaml or change the id to {path.stem!r}")


def cached_loader():
    """`get(scenario_id)` → the loaded scenario, or None when it is not found or does not load;
    each file is read once (reports over many sessions ask for the same few scenarios)."""
    from simulator.scenario import ScenarioError, load_scenario

    found = scenario_files()
    cache: dict[str, object] = {}

    def get(scenario_id: str):
        if scenario_id not in cache:
            path = found.get(scenario_id)
            try:
                cache[scenario_id] = load_scenario(path) if path else None
            except (ScenarioError, OSError):
                cache[scenario_id] = None
        return cache[scenario_id]

    return get
