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
from simulator.cli_language import argparse_words, choose, current, language_of
from simulator.config import BACKENDS, CODERS
from simulator.locale import LANGS as LOCALE_LANGS
from simulator.locale import tr

EXIT_INTERNAL = 70
LANGS = list(LOCALE_LANGS)
# The commands' names: a `--lang` after one of them is that command's own option, not the CLI's language.
COMMANDS = frozenset({"code", "rehearse", "validate", "scenarios", "list", "eval", "play", "history", "marks",
                      "forget", "drill", "report"})


def _h(key: str) -> str:
    """An option's or a command's help text (catalogue group cli.help), in the command line's language."""
    return tr(f"cli.help.{key}", current())


# -- parser ----------------------------------------------------------------------

def _add_coder_option(sp) -> None:
    sp.add_argument("--coder", choices=CODERS, default=argparse.SUPPRESS,
                    help=_h("common.coder"))


def _add_mentee_options(sp) -> None:
    sp.add_argument("--mentee", choices=BACKENDS, default=None,
                    help=_h("common.mentee"))
    sp.add_argument("--model", help=_h("common.model"))
    sp.add_argument("--endpoint", help=_h("common.endpoint"))
    sp.add_argument("--timeout", type=float, default=None, help=_h("common.timeout"))
    sp.add_argument("--verbose", action="store_true", help=_h("common.verbose"))


def _global_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mentor-sim", description=_h("description"))
    p.add_argument("--lang", choices=LANGS, default=None, help=_h("global.lang"))
    p.add_argument("--coder", choices=CODERS, default=None,
                   help=_h("global.coder"))
    p.add_argument("--save-dir", default=None, help=_h("global.save_dir"))
    p.add_argument("--scenarios", action="append", metavar="DIR", default=None,
                   help=_h("global.scenarios"))
    return p


def _add_code_and_rehearse(sub) -> None:
    c = sub.add_parser("code", help=_h("cmd.code"))
    # SUPPRESS keeps `mentor-sim --lang en code` from being reset to Danish here.
    c.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=_h("code.lang"))
    c.add_argument("--json", action="store_true", help=_h("common.json"))
    c.add_argument("--explain", action="store_true", help=_h("code.explain"))
    _add_coder_option(c)
    c.set_defaults(func=cli_coding.cmd_code)

    r = sub.add_parser("rehearse", help=_h("cmd.rehearse"))
    r.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    r.add_argument("--script", help=_h("rehearse.script"))
    r.add_argument("--json", action="store_true", help=_h("common.json"))
    r.add_argument("--seed", type=int, default=0, help=_h("rehearse.seed"))
    r.add_argument("--save-dir", default=argparse.SUPPRESS, help=_h("global.save_dir"))
    r.add_argument("--no-save", action="store_true", help=_h("rehearse.no_save"))
    r.add_argument("--resume", metavar="SESSION", help=_h("rehearse.resume"))
    r.add_argument("--trainee", default="", help=_h("rehearse.trainee"))
    r.add_argument("--recall", metavar="FILE", help=_h("rehearse.recall"))
    _add_mentee_options(r)
    r.set_defaults(func=cli_play.cmd_rehearse)


def _add_files_and_eval(sub) -> None:
    v = sub.add_parser("validate", help=_h("cmd.validate"))
    v.add_argument("paths", nargs="+")
    v.set_defaults(func=cli_catalogue.cmd_validate)

    # "list" is what new users type first (user trial, stop 26)
    s = sub.add_parser("scenarios", aliases=["list"], help=_h("cmd.scenarios"))
    s.add_argument("--json", action="store_true")
    s.add_argument("--dir")
    s.set_defaults(func=cli_catalogue.cmd_scenarios)

    e = sub.add_parser("eval", help=_h("cmd.eval"))
    e.add_argument("file")
    e.add_argument("--lang", choices=LANGS)
    e.add_argument("--split", help=_h("eval.split"))
    e.add_argument("--four-way", action="store_true", help=_h("eval.four_way"))
    e.add_argument("--primary-order", action="store_true",
                   help=_h("eval.primary_order"))
    e.add_argument("--marks", help=_h("eval.marks"))
    e.add_argument("--worst", type=int, default=15)
    e.add_argument("--json", action="store_true")
    _add_coder_option(e)
    e.set_defaults(func=cli_coding.cmd_eval)


def _add_play(sub) -> None:
    pl = sub.add_parser("play", help=_h("cmd.play"))
    pl.add_argument("scenario", nargs="?", default=None, help=_h("play.scenario"))
    pl.add_argument("--save-dir", default=argparse.SUPPRESS, help=_h("global.save_dir"))
    pl.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=_h("play.lang"))
    pl.add_argument("--no-save", action="store_true", help=_h("rehearse.no_save"))
    pl.add_argument("--resume", metavar="SESSION", help=_h("play.resume"))
    pl.add_argument("--trainee", default="", help=_h("rehearse.trainee"))
    pl.add_argument("--seed", type=int, default=0, help=_h("rehearse.seed"))
    _add_mentee_options(pl)
    pl.set_defaults(func=cli_play.cmd_tui)


def _add_trainer(sub) -> None:
    hi = sub.add_parser("history", help=_h("cmd.history"))
    hi.add_argument("--trainee", help=_h("history.trainee"))
    hi.add_argument("--scenario", help=_h("history.scenario"))
    hi.add_argument("--json", action="store_true")
    hi.add_argument("--save-dir", default=argparse.SUPPRESS, help=_h("history.save_dir"))
    hi.set_defaults(func=cli_trainer.cmd_history)

    mk = sub.add_parser("marks", help=_h("cmd.marks"))
    mksub = mk.add_subparsers(dest="marks_command", required=True)
    mc = mksub.add_parser("collect", help=_h("cmd.marks_collect"))
    mc.add_argument("dirs", nargs="+", metavar="DIR", help=_h("marks_collect.dirs"))
    mc.add_argument("-o", "--output", metavar="FILE", help=_h("marks_collect.output"))
    mk.set_defaults(func=cli_trainer.cmd_marks)

    fg = sub.add_parser("forget", help=_h("cmd.forget"))
    fg.add_argument("session", nargs="?", help=_h("forget.session"))
    fg.add_argument("--all", action="store_true", help=_h("forget.all"))
    fg.add_argument("--yes", action="store_true", help=_h("forget.yes"))
    fg.add_argument("--save-dir", default=argparse.SUPPRESS, help=_h("forget.save_dir"))
    fg.set_defaults(func=cli_report.cmd_forget)


def _add_drill(sub):
    """`drill list` and `drill run`; returns the drill subcommands' parsers."""
    d = sub.add_parser("drill", help=_h("cmd.drill"))
    dsub = d.add_subparsers(dest="drill_command", required=True)
    dl = dsub.add_parser("list", help=_h("cmd.drill_list"))
    dl.add_argument("--json", action="store_true")
    dl.add_argument("--dir", help=_h("drill_list.dir"))
    dl.set_defaults(func=cli_catalogue.cmd_drill_list)
    dr = dsub.add_parser("run", help=_h("cmd.drill_run"))
    dr.add_argument("drill", help=_h("drill_run.drill"))
    dr.add_argument("--script-dir", help=_h("drill_run.script_dir"))
    dr.add_argument("--json", action="store_true")
    dr.add_argument("--assess", action="store_true", help=_h("drill_run.assess"))
    dr.add_argument("--seed", type=int, default=0)
    dr.add_argument("--save-dir", default=argparse.SUPPRESS)
    dr.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=_h("drill_run.lang"))
    dr.add_argument("--no-save", action="store_true", help=_h("drill_run.no_save"))
    dr.add_argument("--trainee", default="")
    _add_mentee_options(dr)
    dr.set_defaults(func=cli_play.cmd_drill_run)
    return dsub


def _add_report(sub) -> None:
    rp = sub.add_parser("report", help=_h("cmd.report"))
    rp.add_argument("session", nargs="?", help=_h("report.session"))
    rp.add_argument("--format", choices=["md", "html", "json", "csv", "sheet"], default=None,
                    help=_h("report.format"))
    rp.add_argument("-o", "--output", metavar="FILE", help=_h("report.output"))
    rp.add_argument("--anonymise", "--anonymize", action="store_true",
                    help=_h("report.anonymise"))
    rp.add_argument("--save-dir", default=argparse.SUPPRESS, help=_h("report.save_dir"))
    rp.add_argument("--cohort", metavar="DIR", help=_h("report.cohort"))
    rp.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS,
                    help=_h("report.lang"))
    rp.set_defaults(func=cli_report.cmd_report)


def build_parser() -> argparse.ArgumentParser:
    with argparse_words(current()):  # argparse's headings ("options", "-h") are fixed when a parser is made
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    p = _global_parser()
    sub = p.add_subparsers(dest="command")
    _add_code_and_rehearse(sub)
    _add_files_and_eval(sub)
    _add_play(sub)
    _add_trainer(sub)
    dsub = _add_drill(sub)
    _add_report(sub)
    # Every command also takes --scenarios after its name; SUPPRESS keeps a value given before it.
    # (dict.fromkeys: an alias such as "list" maps to its command's own parser, which gets the option once)
    own = dict.fromkeys(v for k, v in sub.choices.items() if k not in ("drill", "marks"))
    for sp in [*own, *dsub.choices.values()]:
        sp.add_argument("--scenarios", action="append", metavar="DIR", default=argparse.SUPPRESS,
                        help=_h("common.scenarios"))
    return p


# -- main ------------------------------------------------------------------------

def _use_scenario_dirs(args) -> None:
    """The configuration file's `scenario_dirs`, then `--scenarios`, searched before the shipped scenarios."""
    if args.command in ("code", "eval", "marks"):
        return  # these never look a scenario up; a broken configuration file should not stop them
    launch.use_scenario_folders(getattr(args, "scenarios", None))


def main(argv: list[str] | None = None) -> int:
    robust_stdio()
    args_in = sys.argv[1:] if argv is None else argv
    choose(language_of(args_in, COMMANDS))
    try:
        return _main(args_in)
    finally:
        choose(None)  # the store's and the app's error lines, used later in this process, are Danish again


def _main(args_in: list[str]) -> int:
    parser = build_parser()
    with argparse_words(current()):  # "usage:" and argparse's errors are written while parsing
        args = parser.parse_args(args_in)
    if args.command is None:
        args.func = cli_play.cmd_tui  # the options' defaults (app_options) stand for the flags `play` would have
    try:
        _use_scenario_dirs(args)
        return args.func(args) or 0
    except UserFacingError as exc:
        print(f"mentor-sim: {exc.text(current())}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\n" + tr("cli.interrupted", current()), file=sys.stderr)
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
        print("mentor-sim: " + tr("cli.unexpected", current(), error=f"{type(exc).__name__}: {exc}"),
              file=sys.stderr)
        return EXIT_INTERNAL


def _environment_line(exc: BaseException) -> str | None:
    """A full disk, a read-only folder, a huge number in a file: one line with the file and the fix."""
    from simulator.clierrors import os_error_line, value_error_line

    if isinstance(exc, OSError):
        return os_error_line(exc)
    if isinstance(exc, MemoryError):
        return tr("cli.out_of_memory", current())
    return value_error_line(exc)


def _unexpected(exc: BaseException) -> int:
    if os.environ.get("MENTOR_SIM_DEBUG"):
        raise exc
    print("mentor-sim: " + tr("cli.unexpected", current(), error=f"{type(exc).__name__}: {exc}"),
          file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
