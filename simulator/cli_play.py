"""Playing on the command line: `rehearse` (headless, scripted or line by line), `play`
(the terminal app) and `drill run` (the app, or headless with --script-dir).

Here the command line's arguments become the front door's typed options
(simulator/launch.py); every decision about scenarios, sessions, pauses and
scoring is the front door's. Called from cli.py; errors are the CLI's
UserError, printed as one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cliinput import UserError, read_script, say, stdin_lines
from simulator.cliinput import print_json as _print_json
from simulator import launch
from simulator.locale import tr

DEFAULT_SCENARIO = "first-meeting"
END_COMMANDS = ("/slut", "/end", "/quit", "/afslut")
UNDO_COMMANDS = ("/fortryd", "/undo")


def backend_options(args) -> launch.BackendOptions:
    """The mentee flags (absent on commands without them) as typed options."""
    return launch.BackendOptions(mentee=getattr(args, "mentee", None), model=getattr(args, "model", None),
                                 endpoint=getattr(args, "endpoint", None), timeout=getattr(args, "timeout", None),
                                 verbose=bool(getattr(args, "verbose", False)))


def app_options(args) -> launch.AppOptions:
    """`mentor-sim`, `play` and `drill run` open the app with these."""
    return launch.AppOptions(backend=backend_options(args), scenario=getattr(args, "scenario", None),
                             resume=getattr(args, "resume", None), save_dir=getattr(args, "save_dir", None),
                             no_save=bool(getattr(args, "no_save", False)), lang=getattr(args, "lang", None),
                             trainee=getattr(args, "trainee", "") or "", seed=getattr(args, "seed", 0) or 0,
                             coder=coder_of(args))


def coder_of(args) -> str:
    """`--coder`, else the configuration file's `coder`, else the combined coder (for rehearsals)."""
    return launch.coder_kind(getattr(args, "coder", None))


def make_backend(args, scenario):
    """The mentee backend from the flags, else the config file; scripted by default."""
    return launch.make_backend(backend_options(args), scenario)


# -- rehearse ------------------------------------------------------------------------

def _session_json(rehearsal, card, store) -> dict:
    from simulator.mentee.source import share as mentee_share

    s = rehearsal.session
    return {
        "session_id": s.id,
        "session_file": str(store.path_for(s.id)) if store else None,
        "scenario": s.scenario,
        "language": s.language,
        "trainee": s.trainee,
        "seed": s.seed,
        "mentee_backend": s.mentee_backend,
        "coder": s.coder,
        "opening": s.opening,
        "turns": [t.to_dict() for t in s.turns],
        "attempts": [a.to_dict() for a in s.attempts],
        "figures": card.figures,
        "principles": [p.to_dict() for p in card.principles],
        "overall": card.overall,
        "targets": card.targets,
        "pitfalls": card.pitfalls,
        "recall": s.recall,
        "mentee_sources": mentee_share(s.turns),
    }


def _open_rehearsal(args):
    """A new rehearsal of the named scenario, or the saved session `--resume` names."""
    store = launch.make_store(args.save_dir, args.no_save)
    session = None
    if args.resume:
        session = launch.saved_session(store, args.resume)  # locked: a second writer is refused
        scenario = launch.find_scenario(session.scenario)
    else:
        scenario = launch.find_scenario(args.scenario)
    return launch.open_rehearsal(scenario, store=store, backend=make_backend(args, scenario),
                                 trainee=args.trainee or "", seed=args.seed, session=session, coder=coder_of(args))


def _show_start(rehearsal, interactive: bool) -> None:
    from simulator.report.plain import format_turn

    scenario, lang = rehearsal.scenario, rehearsal.scenario.language
    print(f"# {scenario.title}  ({rehearsal.session.id})")
    if interactive:
        print(tr("cli.rehearse_intro", lang))
    print(f"{scenario.persona.name}: {rehearsal.session.opening}\n")
    for t in rehearsal.session.turns:  # resumed: show where we are
        print(format_turn(t, scenario.persona.name, lang) + "\n")


def _play_line(rehearsal, line: str, quiet: bool) -> None:
    """One mentor line: the mentee answers; the backend's notices go to stderr, off the transcript."""
    from simulator.report.plain import format_turn

    turn = rehearsal.take_turn(launch.turn_text(line))
    for notice in getattr(rehearsal.backend, "take_notices", list)():  # "the server is not answering", once
        print(f"mentor-sim: {notice}", file=sys.stderr, flush=True)
    if not quiet:
        print(format_turn(turn, rehearsal.scenario.persona.name, rehearsal.scenario.language) + "\n", flush=True)


def _play_stdin(rehearsal, quiet: bool) -> None:
    """Line by line as typed: /slut ends, /fortryd takes the last turn back."""
    for raw in stdin_lines():
        line = raw.rstrip("\r\n")
        cmd = line.strip().lower()
        if cmd in END_COMMANDS:
            break
        if cmd in UNDO_COMMANDS:
            undone = rehearsal.undo()
            # Under --json stdout holds one JSON document and nothing else.
            print(tr("practice.undone" if undone else "practice.nothing_to_undo", rehearsal.scenario.language),
                  file=sys.stderr if quiet else sys.stdout, flush=True)
            continue
        _play_line(rehearsal, line, quiet)


def _show_result(rehearsal, card, as_json: bool) -> None:
    from simulator.mentee.source import share_line as mentee_share_line
    from simulator.report.plain import format_scorecard

    store, session, lang = rehearsal.store, rehearsal.session, rehearsal.scenario.language
    if as_json:
        _print_json(_session_json(rehearsal, card, store))
        return
    print(format_scorecard(card, lang, recall=session.recall))
    sources = mentee_share_line(session.turns, lang)
    if sources:
        print(f"\n{sources}")
    if store is not None and store.path_for(session.id).is_file():  # no turns: nothing saved
        print("\n" + tr("cli.saved", lang, path=store.path_for(session.id)))


def cmd_rehearse(args) -> int:
    if args.recall and not Path(args.recall).is_file():  # say so now, not after the whole rehearsal
        raise UserError(say("no_recall_file", path=args.recall))
    # The whole script is read and checked before a session (and its file) exists.
    script = read_script(args.script) if args.script is not None else None
    rehearsal = _open_rehearsal(args)
    if not args.json:
        _show_start(rehearsal, interactive=script is None)
    if script is not None:
        for line in script:
            _play_line(rehearsal, line, args.json)
    else:
        _play_stdin(rehearsal, args.json)
    if args.recall:
        from simulator.scoring.recall import attach_recall

        attach_recall(rehearsal, Path(args.recall))
    _show_result(rehearsal, launch.finish(rehearsal), args.json)
    return 0


# -- the terminal app and drills --------------------------------------------------------

def _run_app(args, message: str, drill_run=None) -> int:
    try:
        from simulator.tui.app import run_app
    except ImportError as exc:
        raise UserError(say("app_missing", error=exc, hint=message)) from None
    return run_app(app_options(args), drill_run=drill_run) or 0


def cmd_tui(args) -> int:
    return _run_app(args, say("try_rehearse", scenario=DEFAULT_SCENARIO))


def _drill_path(ref: str) -> Path:
    from simulator.scenario.catalogue import drill_files

    path = Path(ref)
    if not (path.suffix in (".yaml", ".yml") or path.exists()):
        path = drill_files().get(ref)
        if path is None:
            raise UserError(say("drill.unknown", ref=ref, known=", ".join(drill_files()) or say("drill.none")))
    elif not path.is_file():
        raise UserError(say("drill.no_file", ref=ref))
    return path


def _drill_scripts(run, folder: Path) -> tuple[dict, dict]:
    """<scenario-id>.txt per scenario (all needed), and <scenario-id>.recall.txt where written."""
    if not folder.is_dir():
        raise UserError(say("drill.no_folder", folder=folder))
    scripts, recalls = {}, {}
    for sid in run.drill.scenario_ids:
        script = folder / f"{sid}.txt"
        if not script.is_file():
            raise UserError(say("drill.no_script", script=script, sid=sid, ids=", ".join(run.drill.scenario_ids)))
        scripts[sid] = read_script(str(script))
    for sid in run.drill.scenario_ids:
        recall = folder / f"{sid}.recall.txt"  # what the trainee remembers, like `rehearse --recall`
        if recall.is_file():
            from simulator.scoring.recall import read_recall_file

            recalls[sid] = read_recall_file(recall)
    return scripts, recalls


def cmd_drill_run(args) -> int:
    """`drill run DRILL`: in the terminal app, or headless with one script per scenario."""
    from simulator.coding import get_coder
    from simulator.drills import DrillRun, play_scripts

    run = DrillRun.from_file(_drill_path(args.drill), store=launch.make_store(args.save_dir, args.no_save),
                             trainee=args.trainee, seed=args.seed, assess=args.assess,
                             backend_factory=lambda sc: make_backend(args, sc), coder=coder_of(args))
    for scenario in run.scenarios:
        get_coder(scenario.language, run.coder)  # a missing lexicon is a message now, not mid-drill
    if args.script_dir is None:
        if args.json:
            raise UserError(say("drill.json_needs_script_dir"))
        return _run_app(args, say("drill.headless_hint"), drill_run=run)
    result = play_scripts(run, *_drill_scripts(run, Path(args.script_dir)))
    if args.json:
        _print_json(result.to_dict(run.store))
    else:
        from simulator.drills.text import format_result

        print(format_result(result, args.lang, str(run.store.root) if run.store else None))
    return 0
