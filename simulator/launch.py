"""The front door every front end uses: the line CLI, the terminal app, the drill runner, the tests.

Each decision a front end needs from the core is made here, once:
find a scenario (the trainer's scenario folders, then the shipped ones), open
the store, choose the coder and the mentee backend (typed options, else the
configuration file, else the defaults), start a rehearsal or continue a saved
one, read "..." as a pause, and finish a rehearsal into its scorecard.

The line CLI and the terminal app used to share these through each other (the
app imported the CLI, the CLI the app). They live here, below both, and take
typed options instead of the command line's argparse namespace: cli_play.py builds
the options from its arguments; nothing below the cli*.py modules sees argparse.

Pure Python: no UI import, and nothing heavy at import time (the model
backends are imported by the factory only when one is chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.errors import UserFacingError


class LaunchError(UserFacingError):
    """A scenario, session or store the user named cannot be used; the message says why."""

    GROUP = "launch"


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
    coder: str | None = None       # rules, learned or combined (coder_kind); None: the default


def find_scenario(ref: str):
    """A scenario by id (the scenario folders, then the shipped ones) or by path to a YAML file."""
    from simulator.scenario import load_scenario
    from simulator.scenario.catalogue import scenario_files

    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise LaunchError.of("no_file", ref=ref)
        return load_scenario(path)
    found = scenario_files()
    if ref not in found:
        raise LaunchError.of("unknown_scenario", ref=ref, known=", ".join(sorted(found)) or "-")
    return load_scenario(found[ref])


def use_scenario_folders(folders=None) -> None:
    """The trainer's scenario folders for this run, searched before the shipped ones: the given
    ones (`--scenarios`, in order), then the configuration file's `scenario_dirs`."""
    from simulator.config import load_user_config
    from simulator.scenario.catalogue import use_scenario_dirs

    use_scenario_dirs(list(folders or []) + list(load_user_config().scenario_dirs))


def scenario_paths(folder: Path | None = None) -> dict:
    """Scenario id -> file: in `folder` alone when given (`scenarios --dir`, an app opened on one
    folder), else the trainer's scenario folders, then the shipped ones (ScenarioFolderError
    for a folder that is missing or an id in two files)."""
    from simulator.scenario import find_scenarios
    from simulator.scenario.catalogue import scenario_files

    return find_scenarios(Path(folder)) if folder else scenario_files()


def scenario_by_id(scenario_id: str, folder: Path | None = None):
    """The scenario a saved session names, or None when none has that id any more.

    Searched as `scenario_paths` searches; a broken file raises its ScenarioError (file, line)."""
    from simulator.scenario import load_scenario

    path = scenario_paths(folder).get(scenario_id)
    return load_scenario(path) if path is not None else None


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


PAUSE_LINES = ("...", "…")


def turn_text(line: str) -> str:
    """What the mentor said: "..." (or "…") alone is a deliberate pause, an empty turn.

    The convention of scripts, the line CLI, the app's input box and the drill runner alike."""
    return "" if line.strip() in PAUSE_LINES else line


def coder_kind(option: str | None, *, from_config: bool = True) -> str:
    """Who codes the replies: the option, else (`from_config`) the configuration file's `coder`,
    else the combined coder (chosen by measurement on never-tuned sessions, docs/validity.md)."""
    if option is None and from_config:
        from simulator.config import load_user_config

        option = load_user_config().coder
    if option:
        return option
    from simulator.coding.choice import DEFAULT_KIND  # the coder package only when it is needed

    return DEFAULT_KIND


def saved_session(store, ref: str, *, unfinished: bool = False, lock: bool = True):
    """A saved session to continue (its id, the start of it, or its file in the session folder).

    With `lock` it is read under its lock, so a second writer is refused now; `unfinished`
    refuses a finished one (the app continues only what can still be played)."""
    if store is None:
        raise LaunchError("--resume needs a saved session; it cannot be combined with --no-save")
    session = store.open_for_writing(ref) if lock else store.load(ref)
    if unfinished and session.finished:
        raise LaunchError(f"session {session.id} is finished; see it with `mentor-sim report {session.id}`")
    return session


def session_to_resume(store, ref: str):
    """A saved, unfinished session to continue in the app (locked when its screen opens)."""
    return saved_session(store, ref, unfinished=True, lock=False)


def open_rehearsal(scenario, *, store=None, backend=None, trainee: str = "", seed: int = 0,
                   session=None, coder=None):
    """A new rehearsal of `scenario`, or, given a saved `session`, that one continued.

    `coder` is the kind that codes a new rehearsal (coder_kind; None: the default). A continued
    session is read again under its lock (one writer at a time) and keeps its own trainee, seed
    and coder; the engine replays its turns to the state it had."""
    from simulator.coding.choice import get_coder
    from simulator.engine.rehearsal import Rehearsal

    if session is None:
        return Rehearsal(scenario, trainee=trainee, seed=seed, backend=backend, store=store,
                         coder=get_coder(scenario.language, coder))
    if store is not None:
        session = store.open_for_writing(session.id)
    return Rehearsal(scenario, trainee=session.trainee, seed=session.seed, backend=backend, store=store,
                     session=session)


def finish(rehearsal, lang: str | None = None):
    """End the rehearsal (saved as finished) and score it: the Scorecard every front end shows.

    Safe to call again (the app ends the session before asking for the story recall, and
    scores it after); `lang` is the interface language of the card's words."""
    from simulator.scoring import score_session

    if not rehearsal.session.finished:
        rehearsal.finish()
    return score_session(rehearsal.session, rehearsal.scenario, lang)
