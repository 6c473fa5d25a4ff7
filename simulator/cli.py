"""`mentor-sim`: the command line's parser and its main. Headless commands use the same core as the TUI.

The commands live in modules named for what they hold: cli_play (rehearse,
play, drill run), cli_catalogue (validate, scenarios, drill list), cli_coding
(code, eval), cli_report (report, forget) and cli_trainer (history, marks).
Each is cheap to import: heavy imports (the TUI, model backends) happen inside
the commands that need them. Every user error prints one clear message
(file:line: field: problem where it concerns a file) and exits non-zero; no
traceback reaches the user.
"""

from __future__ import annotations

import argparse
import os
import sys

from simulator import cli_catalogue, cli_coding, cli_play, cli_report, cli_trainer
from simulator.cliinput import EXIT_USAGE, robust_stdio
# The arguments as the front door's typed options, also for tests and benchmarks that parse arguments.
from simulator.cli_play import DEFAULT_SCENARIO, app_options, backend_options, make_backend  # noqa: F401
from simulator import launch
from simulator.errors import UserFacingError

EXIT_INTERNAL = 70
LANGS = ["da", "en"]
CODERS = ["rules", "learned", "combined"]


# -- parser ----------------------------------------------------------------------

def _add_coder_option(sp) -> None:
    sp.add_argument("--coder", choices=CODERS, default=argparse.SUPPRESS,
                    help="rules (default), learned, or combined (learned codes, tags per combined.yaml)")


def _add_mentee_options(sp) -> None:
    sp.add_argument("--mentee", choices=["scripted", "model", "server"], default=None,
                    help="who plays the mentee (default: the config file's backend, else scripted)")
    sp.add_argument("--model", help="model folder or .gguf file (model), or model name (server)")
    sp.add_argument("--endpoint", help="OpenAI-compatible server URL (server)")
    sp.add_argument("--timeout", type=float, default=None, help="seconds per reply (model/server)")
    sp.add_argument("--verbose", action="store_true", help="show the model's loading progress (model)")


def _global_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mentor-sim", description="Samtaletræner: øv mentorsamtaler med en simuleret mentee.")
    p.add_argument("--lang", choices=LANGS, default=None, help="interface language (default: da)")
    p.add_argument("--coder", choices=CODERS, default=None,
                   help="who codes the mentor's replies: the readable rules (default) or the learned model "
                        "(Danish; docs/validity.md). Rehearsals also read `coder` from the configuration file.")
    p.add_argument("--save-dir", default=None, help="where sessions are saved and read (default: the user data folder)")
    p.add_argument("--scenarios", action="append", metavar="DIR", default=None,
                   help="a folder of your own scenarios (and drills/), searched before the shipped ones; "
                        "repeatable; also `scenario_dirs` in the configuration file")
    return p


def _add_code_and_rehearse(sub) -> None:
    c = sub.add_parser("code", help="code utterances from stdin, one per line")
    # SUPPRESS keeps `mentor-sim --lang en code` from being reset to Danish here.
    c.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="language of the utterances (default: da)")
    c.add_argument("--json", action="store_true")
    c.add_argument("--explain", action="store_true", help="show which pattern or words decided each code and tag")
    _add_coder_option(c)
    c.set_defaults(func=cli_coding.cmd_code)

    r = sub.add_parser("rehearse", help="rehearse a scenario headless (script or interactive)")
    r.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    r.add_argument("--script", help="file with one mentor turn per line ('...' = pause), or - for stdin")
    r.add_argument("--json", action="store_true")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--save-dir", default=argparse.SUPPRESS)
    r.add_argument("--no-save", action="store_true", help="write nothing to disk")
    r.add_argument("--resume", metavar="SESSION")
    r.add_argument("--trainee", default="")
    r.add_argument("--recall", metavar="FILE", help="what you remember of the mentee and the agreement")
    _add_mentee_options(r)
    r.set_defaults(func=cli_play.cmd_rehearse)


def _add_files_and_eval(sub) -> None:
    v = sub.add_parser("validate", help="check scenario and drill files")
    v.add_argument("paths", nargs="+")
    v.set_defaults(func=cli_catalogue.cmd_validate)

    s = sub.add_parser("scenarios", help="list scenarios")
    s.add_argument("--json", action="store_true")
    s.add_argument("--dir")
    s.set_defaults(func=cli_catalogue.cmd_scenarios)

    e = sub.add_parser("eval", help="measure the coder against a labelled CSV")
    e.add_argument("file")
    e.add_argument("--lang", choices=LANGS)
    e.add_argument("--split", help="only rows whose 'split' column has this value (e.g. test); "
                   "AnnoMI is split by transcript: dev or test")
    e.add_argument("--four-way", action="store_true", help="question / reflection / input / other (AnnoMI)")
    e.add_argument("--primary-order", action="store_true",
                   help="with --four-way: score CODEBOOK's turn primary, not the main behaviour")
    e.add_argument("--marks", help="marked-codes.jsonl with corrected codes to add as labelled rows")
    e.add_argument("--worst", type=int, default=15)
    e.add_argument("--json", action="store_true")
    _add_coder_option(e)
    e.set_defaults(func=cli_coding.cmd_eval)


def _add_play(sub) -> None:
    pl = sub.add_parser("play", help="open the practice screen of the terminal app")
    pl.add_argument("scenario", nargs="?", default=None, help="scenario id or file (default: the picker)")
    pl.add_argument("--save-dir", default=argparse.SUPPRESS)
    pl.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="interface language")
    pl.add_argument("--no-save", action="store_true")
    pl.add_argument("--resume", metavar="SESSION", help="continue a saved session (its id or the start of it)")
    pl.add_argument("--trainee", default="")
    pl.add_argument("--seed", type=int, default=0)
    _add_mentee_options(pl)
    pl.set_defaults(func=cli_play.cmd_tui)


def _add_trainer(sub) -> None:
    hi = sub.add_parser("history", help="saved sessions and each trainee's progress per principle")
    hi.add_argument("--trainee", help="only this trainee's sessions (case does not matter)")
    hi.add_argument("--scenario", help="only sessions of this scenario id")
    hi.add_argument("--json", action="store_true")
    hi.add_argument("--save-dir", default=argparse.SUPPRESS, help="where the sessions are")
    hi.set_defaults(func=cli_trainer.cmd_history)

    mk = sub.add_parser("marks", help="trainees' marked codes")
    mksub = mk.add_subparsers(dest="marks_command", required=True)
    mc = mksub.add_parser("collect", help="gather the marks of session folders as a labelled CSV for eval")
    mc.add_argument("dirs", nargs="+", metavar="DIR", help="session folders (e.g. one per evening)")
    mc.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    mk.set_defaults(func=cli_trainer.cmd_marks)

    fg = sub.add_parser("forget", help="delete a saved session (or --all) and its marked codes, for real")
    fg.add_argument("session", nargs="?", help="session id or the start of it")
    fg.add_argument("--all", action="store_true", help="every saved session and all marked codes")
    fg.add_argument("--yes", action="store_true", help="do not ask before --all")
    fg.add_argument("--save-dir", default=argparse.SUPPRESS, help="where the sessions are (default: the user data folder)")
    fg.set_defaults(func=cli_report.cmd_forget)


def _add_drill(sub):
    """`drill list` and `drill run`; returns the drill subcommands' parsers."""
    d = sub.add_parser("drill", help="play a drill: several scenarios in a row, with targets")
    dsub = d.add_subparsers(dest="drill_command", required=True)
    dl = dsub.add_parser("list", help="list the drills")
    dl.add_argument("--json", action="store_true")
    dl.add_argument("--dir", help="a drills folder, or the scenario folder that holds one (default: shipped)")
    dl.set_defaults(func=cli_catalogue.cmd_drill_list)
    dr = dsub.add_parser("run", help="play a drill in the terminal app, or headless with --script-dir")
    dr.add_argument("drill", help="drill id (scenarios/drills/ID.yaml) or path to a drill file")
    dr.add_argument("--script-dir", help="headless: one script per scenario, named <scenario-id>.txt")
    dr.add_argument("--json", action="store_true")
    dr.add_argument("--assess", action="store_true", help="assessment: no coding, hints or undo; results at the end")
    dr.add_argument("--seed", type=int, default=0)
    dr.add_argument("--save-dir", default=argparse.SUPPRESS)
    dr.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="interface language")
    dr.add_argument("--no-save", action="store_true", help="write nothing to disk")
    dr.add_argument("--trainee", default="")
    _add_mentee_options(dr)
    dr.set_defaults(func=cli_play.cmd_drill_run)
    return dsub


def _add_report(sub) -> None:
    rp = sub.add_parser("report", help="debrief of a saved session (md, html, json), or one page over many (--cohort)")
    rp.add_argument("session", nargs="?", help="session id, the start of it, a session .json file, or 'last'")
    rp.add_argument("--format", choices=["md", "html", "json", "csv", "sheet"], default=None,
                    help="md (default), html (one self-contained file) or json; csv with --cohort (one row per "
                         "session); sheet: a one-page A4 HTML sheet for a session; -o FILE.html implies html")
    rp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    rp.add_argument("--anonymise", "--anonymize", action="store_true",
                    help="replace the trainee's and the mentee's names, so the report can be shared")
    rp.add_argument("--save-dir", default=argparse.SUPPRESS, help="where the sessions are (default: the user data folder)")
    rp.add_argument("--cohort", metavar="DIR", help="one page over every saved session in DIR")
    rp.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                    help="language of the cohort page (default: the sessions' own); a session report "
                         "always follows its session's language")
    rp.set_defaults(func=cli_report.cmd_report)


def build_parser() -> argparse.ArgumentParser:
    p = _global_parser()
    sub = p.add_subparsers(dest="command")
    _add_code_and_rehearse(sub)
    _add_files_and_eval(sub)
    _add_play(sub)
    _add_trainer(sub)
    dsub = _add_drill(sub)
    _add_report(sub)
    # Every command also takes --scenarios after its name; SUPPRESS keeps a value given before it.
    for sp in [*(v for k, v in sub.choices.items() if k not in ("drill", "marks")), *dsub.choices.values()]:
        sp.add_argument("--scenarios", action="append", metavar="DIR", default=argparse.SUPPRESS,
                        help="a folder of your own scenarios (repeatable)")
    return p


# -- main ------------------------------------------------------------------------

def _choose_coder(args) -> None:
    """`--coder`, else (for rehearsals) the configuration file's `coder`, else the combined coder."""
    from simulator.coding.choice import use_coder

    use_coder(launch.coder_kind(args.coder, from_config=args.command in (None, "rehearse", "play", "drill")))


def _use_scenario_dirs(args) -> None:
    """The configuration file's `scenario_dirs`, then `--scenarios`, searched before the shipped scenarios."""
    if args.command in ("code", "eval", "marks"):
        return  # these never look a scenario up; a broken configuration file should not stop them
    launch.use_scenario_folders(getattr(args, "scenarios", None))


def main(argv: list[str] | None = None) -> int:
    robust_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cli_play.cmd_tui  # the options' defaults (app_options) stand for the flags `play` would have
    try:
        _choose_coder(args)
        _use_scenario_dirs(args)
        return args.func(args) or 0
    except UserFacingError as exc:
        print(f"mentor-sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nafbrudt / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os._exit(0)
    except (OSError, MemoryError, ValueError) as exc:
        line = _environment_line(exc)
        if line is None:
            return _unexpected(exc)
        print(f"mentor-sim: {line}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get("MENTOR_SIM_DEBUG"):
            raise
        print(f"mentor-sim: unexpected error: {type(exc).__name__}: {exc} "
              "(set MENTOR_SIM_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


def _environment_line(exc: BaseException) -> str | None:
    """A full disk, a read-only folder, a huge number in a file: one line with the file and the fix."""
    from simulator.clierrors import os_error_line, value_error_line

    if isinstance(exc, OSError):
        return os_error_line(exc)
    if isinstance(exc, MemoryError):
        return "out of memory reading a file; a session or scenario file is far too large"
    return value_error_line(exc)


def _unexpected(exc: BaseException) -> int:
    if os.environ.get("MENTOR_SIM_DEBUG"):
        raise exc
    print(f"mentor-sim: unexpected error: {type(exc).__name__}: {exc} "
          "(set MENTOR_SIM_DEBUG=1 for details)", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
