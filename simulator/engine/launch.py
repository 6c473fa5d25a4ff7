"""The front door both front ends use: find a scenario, open a store, choose the mentee backend.

The line CLI and the terminal app used to share these through each other (the
app imported the CLI, the CLI the app). They live here, below both, and take
typed options instead of the command line's argparse namespace: cli.py builds
the options from its arguments; nothing below cli.py sees argparse.

Pure Python: no UI import, and nothing heavy at import time (the model
backends are imported by the factory only when one is chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.errors import UserFacingError


class LaunchError(UserFacingError):
    """A scenario, session or store the user named cannot be used; the message says why."""


@dataclass(frozen=True)
class BackendOptions:
    """Who plays the mentee. Each None comes from the configuration file (else scripted)."""

    mentee: str | None = None      # scripted, model or server
    model: str | None = None       # model folder or .gguf file (model), model name (server)
    endpoint: str | None = None    # OpenAI-compatible server URL (server)
    timeout: float | None = None   # seconds per reply
    verbose: bool = False          # show the model's loading progress


@dataclass(frozen=True)
class AppOptions:
    """What the terminal app is opened with."""

    backend: BackendOptions = field(default_factory=BackendOptions)
    scenario: str | None = None    # id or YAML path; None: the picker
    resume: str | None = None      # a saved session's id (or the start of it)
    save_dir: str | None = None
    no_save: bool = False
    lang: str | None = None
    trainee: str = ""
    seed: int = 0


def find_scenario(ref: str):
    """A scenario by id (the scenario folders, then the shipped ones) or by path to a YAML file."""
    from simulator.scenario import load_scenario
    from simulator.scenario.catalogue import scenario_files

    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise LaunchError(f"{ref}: no such scenario file")
        return load_scenario(path)
    found = scenario_files()
    if ref not in found:
        known = ", ".join(sorted(found)) or "none"
        raise LaunchError(f"unknown scenario {ref!r}; known scenarios: {known}")
    return load_scenario(found[ref])


def make_store(save_dir: str | None, no_save: bool):
    """The session store (None with `no_save`: nothing is written)."""
    if no_save:
        return None
    from simulator.store import SessionStore

    return SessionStore(Path(save_dir) if save_dir else None)


def make_backend(options: BackendOptions | None, scenario):
    """The mentee backend from the options, else the config file; scripted by default."""
    from simulator.mentee.factory import build_backend, resolve_kind  # cheap: no torch here

    kind = resolve_kind(options)
    if kind == "scripted":
        from simulator.mentee.scripted import ScriptedMentee

        return ScriptedMentee()
    return build_backend(kind, options, scenario)


def session_to_resume(store, ref: str):
    """A saved, unfinished session to continue in the app."""
    if store is None:
        raise LaunchError("--resume needs a saved session; it cannot be combined with --no-save")
    session = store.load(ref)
    if session.finished:
        raise LaunchError(f"session {session.id} is finished; see it with `mentor-sim report {session.id}`")
    return session
