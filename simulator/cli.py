"""`mentor-sim`: the command line. Headless commands use the same core as the TUI.

Every user error prints one clear message (file:line: field: problem where it
concerns a file) and exits non-zero; no traceback reaches the user. Heavy
imports (the TUI, model backends) happen inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from simulator.cliinput import UserError, read_script, robust_stdio, stdin_lines
from simulator.cliinput import print_json as _print_json
from simulator.engine import launch
from simulator.errors import UserFacingError

DEFAULT_SCENARIO = "first-meeting"
EXIT_USAGE = 2
EXIT_INTERNAL = 70


# -- helpers -------------------------------------------------------------------

# The front door (scenario lookup, store, backend) lives in the core, below both front ends;
# here the command line's arguments become its typed options.
find_scenario, make_store = launch.find_scenario, launch.make_store


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
                             trainee=getattr(args, "trainee", "") or "", seed=getattr(args, "seed", 0) or 0)


def make_backend(args, scenario):
    """The mentee backend from the flags, else the config file; scripted by default."""
    return launch.make_backend(backend_options(args), scenario)


# -- commands ------------------------------------------------------------------

def cmd_code(args) -> int:
    from simulator.coding import get_coder

    coder = get_coder(args.lang or "da")
    out = sys.stdout
    for line in stdin_lines():
        line = line.rstrip("\r\n")
        turn = coder.code_turn(line)
        if getattr(args, "explain", False):
            _write_explanation(out, coder.explain_turn(line), args.json)
            continue
        if args.json:
            out.write(json.dumps(turn.to_dict(), ensure_ascii=False) + "\n")
        else:
            segs = " | ".join(f"{s.code}{''.join('+' + t for t in s.tags)}" for s in turn.segments)
            out.write(f"{turn.primary}\t{segs}\t{line}\n")
    return 0


def _write_explanation(out, segments: list[dict], as_json: bool) -> None:
    if as_json:
        out.write(json.dumps(segments, ensure_ascii=False) + "\n")
        return
    for seg in segments:
        why = seg["why"]
        out.write(f"{seg['code']}{''.join('+' + t for t in seg['tags'])}\t{seg['text']}\n")
        found = f": «{why['words']}»" if isinstance(why.get("words"), str) else (
            f": {', '.join(why['words'])}" if why.get("words") else "")
        out.write(f"    code  {why.get('rule', '')}{found}\n")
        for tag, t in (why.get("tags") or {}).items():
            words = t.get("words")
            shown = f"«{words}»" if isinstance(words, str) else ", ".join(words or [])
            out.write(f"    {tag}  {shown}" + (f"  [{t['source']}]" if t.get("source") else "") + "\n")


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


def cmd_rehearse(args) -> int:
    from simulator.engine.rehearsal import Rehearsal
    from simulator.mentee.source import share_line as mentee_share_line
    from simulator.report.plain import format_scorecard, format_turn
    from simulator.scoring import score_session

    if args.recall and not Path(args.recall).is_file():  # say so now, not after the whole rehearsal
        raise UserError(f"{args.recall}: no such recall file")
    # The whole script is read and checked before a session (and its file) exists.
    script = read_script(args.script) if args.script is not None else None
    store = make_store(args.save_dir, args.no_save)
    if args.resume:
        if store is None:
            raise UserError("--resume needs a saved session; it cannot be combined with --no-save")
        session = store.open_for_writing(args.resume)  # locked: a second writer is refused
        scenario = find_scenario(session.scenario)
        rehearsal = Rehearsal(scenario, trainee=session.trainee, seed=session.seed,
                              backend=make_backend(args, scenario), store=store, session=session)
    else:
        scenario = find_scenario(args.scenario)
        rehearsal = Rehearsal(scenario, trainee=args.trainee or "", seed=args.seed,
                              backend=make_backend(args, scenario), store=store)
    lang = scenario.language
    name = scenario.persona.name
    quiet = args.json

    if not quiet:
        print(f"# {scenario.title}  ({rehearsal.session.id})")
        if args.script is None:
            hint = ("Skriv din replik og tryk Enter. Tom linje = pause. /fortryd, /slut."
                    if lang == "da" else "Type your line and press Enter. Empty line = pause. /undo, /end.")
            print(hint)
        print(f"{name}: {rehearsal.session.opening}\n")
        for t in rehearsal.session.turns:  # resumed: show where we are
            print(format_turn(t, name, lang) + "\n")

    def notices() -> None:  # "the model server is not answering", once; to stderr, off stdout's transcript
        for notice in getattr(rehearsal.backend, "take_notices", list)():
            print(f"mentor-sim: {notice}", file=sys.stderr, flush=True)

    if script is not None:
        for line in script:
            turn = rehearsal.take_turn("" if line.strip() in ("...", "…") else line)
            notices()
            if not quiet:
                print(format_turn(turn, name, lang) + "\n")
    else:
        for raw in stdin_lines():
            line = raw.rstrip("\r\n")
            cmd = line.strip().lower()
            if cmd in ("/slut", "/end", "/quit", "/afslut"):
                break
            if cmd in ("/fortryd", "/undo"):
                from simulator.tui.i18n import tr  # the app's words; pure Python, no textual

                undone = rehearsal.undo()
                # Under --json stdout holds one JSON document and nothing else.
                print(tr(lang, "practice.undone" if undone else "practice.nothing_to_undo"),
                      file=sys.stderr if quiet else sys.stdout, flush=True)
                continue
            turn = rehearsal.take_turn("" if line.strip() in ("...", "…") else line)
            notices()
            if not quiet:
                print(format_turn(turn, name, lang) + "\n", flush=True)
    if args.recall:
        from simulator.scoring.recall import attach_recall

        attach_recall(rehearsal, Path(args.recall))
    rehearsal.finish()
    card = score_session(rehearsal.session, scenario)
    if args.json:
        _print_json(_session_json(rehearsal, card, store))
    else:
        print(format_scorecard(card, lang, recall=rehearsal.session.recall))
        sources = mentee_share_line(rehearsal.session.turns, lang)
        if sources:
            print(f"\n{sources}")
        if store is not None and store.path_for(rehearsal.session.id).is_file():  # no turns: nothing saved
            print(f"\n{'Gemt' if lang == 'da' else 'Saved'}: {store.path_for(rehearsal.session.id)}")
    return 0


def cmd_validate(args) -> int:
    from simulator.scenario import ScenarioError, load_scenario
    from simulator.scenario.catalogue import id_problem

    files: list[Path] = []
    for ref in args.paths:
        p = Path(ref)
        if p.is_dir():
            files += sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml"))
        elif p.is_file():
            files.append(p)
        else:
            print(f"{ref}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
    bad = 0
    for f in files:  # every file is checked, whatever the one before it held
        try:
            if "drills" in f.parts:
                from simulator.scenario.drills import load_drill

                load_drill(f)
            else:
                problem = id_problem(f, load_scenario(f).id)
                if problem:
                    raise ScenarioError([problem])
            print(f"ok  {f}")
        except ScenarioError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
        except (OSError, ValueError, MemoryError, RecursionError) as exc:
            bad += 1
            print(_file_error_line(exc, f), file=sys.stderr)
    if not files:
        print("no scenario files found", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(files) - bad} valid, {bad} with errors")
    return 1 if bad else 0


def _file_error_line(exc: BaseException, path) -> str:
    from simulator.clierrors import os_error_line, value_error_line

    if isinstance(exc, OSError):
        return os_error_line(exc, path)
    if isinstance(exc, MemoryError):
        return f"{path}: the file is too large to read"
    return f"{path}: {value_error_line(exc) or f'cannot be read ({type(exc).__name__}: {exc})'}"


def _load_each(paths, load, error: type[Exception]) -> tuple[list, list[str]]:
    """(path, loaded) for every file that loads; each refusal's message for the rest."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load(path)))
        except error as exc:
            problems.append(str(exc))
    return loaded, problems


def cmd_scenarios(args) -> int:
    from simulator.scenario import ScenarioError, find_scenarios, load_scenario
    from simulator.scenario.catalogue import scenario_files

    loaded, problems = _load_each((find_scenarios(Path(args.dir)) if args.dir else scenario_files()).values(),
                                  load_scenario, ScenarioError)
    items = [{"id": s.id, "title": s.title, "language": s.language, "course_phase": s.course_phase,
              "difficulty": s.difficulty, "level": s.persona.level, "mentee": s.persona.name, "path": str(path)}
             for path, s in loaded]
    if args.json:
        _print_json(items)
    else:
        for i in items:
            print(f"{i['id']:<28} {i['language']}  {i['course_phase']:<16} niveau {i['level']}  "
                  f"sværhed {i['difficulty']}  {i['title']}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def cmd_eval(args) -> int:
    from simulator.coding.evaluation import evaluate, read_marks_counted, read_rows

    rows = read_rows(Path(args.file), args.lang, args.split)
    extra = []
    if args.marks:
        from simulator.coding.marks import summary

        extra, skipped = read_marks_counted(Path(args.marks))
        if args.lang:
            skipped["another language"] += sum(r.lang != args.lang for r in extra)
            extra = [r for r in extra if r.lang == args.lang]
        print(f"{args.marks}: {summary(len(extra), skipped)}", file=sys.stderr)
    result = evaluate(rows + extra, four_way=args.four_way, worst=args.worst, primary_order=args.primary_order,
                      coder_kind=args.coder or "combined")
    if args.json:
        _print_json(result)
        return 0
    print(f"n={result['n']}  accuracy={result['accuracy']}  macro-F1={result['macro_f1']}"
          + (f"  tag micro-F1={result['tag_micro_f1']} (P={result['tag_precision']} R={result['tag_recall']};"
             f" boundary P={result['boundary_precision']} R={result['boundary_recall']})"
             if "tag_micro_f1" in result else ""))
    print(f"coder: {result['coder']}")
    if args.four_way:
        print(f"turn label: {result['turn_label']}")
    print(f"\n{'code':<18}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>6}")
    for c, m in result["per_code"].items():
        print(f"{c:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}")
    if "per_tag" in result:
        print(f"\n{'tag':<18}{'prec':>7}{'rec':>7}{'f1':>7}{'n':>6}")
        for t, m in result["per_tag"].items():
            print(f"{t:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}")
    labels = list(result["confusion"])
    short = [lab[:6] for lab in labels]
    print("\nconfusion (rows gold, columns predicted)")
    print(" " * 18 + "".join(f"{s:>7}" for s in short))
    for g in labels:
        print(f"{g:<18}" + "".join(f"{result['confusion'][g].get(p, 0):>7}" for p in labels))
    print(f"\nworst misclassified ({result['misclassified']} in all):")
    for m in result["worst"]:
        print(f"  gold {m['gold']:<16} got {m['predicted']:<16} {m['utterance']}")
    return 0


def cmd_drill(args) -> int:
    from simulator.scenario.catalogue import drill_files
    from simulator.scenario.drills import find_drills, load_drill
    from simulator.scenario.yamlfile import FileProblems

    if args.drill_command == "list":
        folder = Path(args.dir) if args.dir else None
        found = find_drills(folder / "drills" if (folder / "drills").is_dir() else folder) if folder else drill_files()
        loaded, problems = _load_each(found.values(), load_drill, FileProblems)
        items = [{"id": d.id, "title": d.title, "language": d.language, "scenarios": d.scenario_ids,
                  "path": str(path)} for path, d in loaded]
        items.sort(key=lambda i: (i["language"] != "da", i["id"]))  # Danish first, as in the picker
        if args.json:
            _print_json(items)
        else:
            for i in items:
                print(f"{i['id']:<20} {i['title']:<32}  {' → '.join(i['scenarios'])}")
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0

    from simulator.coding import get_coder
    from simulator.drills import DrillRun, play_scripts

    path = Path(args.drill)
    if not (path.suffix in (".yaml", ".yml") or path.exists()):
        path = drill_files().get(args.drill)
        if path is None:
            raise UserError(f"unknown drill {args.drill!r}; known drills: {', '.join(drill_files()) or 'none'}")
    elif not path.is_file():
        raise UserError(f"{args.drill}: no such drill file")
    run = DrillRun.from_file(path, store=make_store(args.save_dir, args.no_save), trainee=args.trainee,
                             seed=args.seed, assess=args.assess, backend_factory=lambda sc: make_backend(args, sc))
    for scenario in run.scenarios:
        get_coder(scenario.language)  # a missing lexicon is a message now, not mid-drill
    if args.script_dir is None:
        if args.json:
            raise UserError("--json needs --script-dir (the terminal app shows the results itself)")
        try:
            from simulator.tui.app import run_app
        except ImportError as exc:
            raise UserError(f"the terminal app is not available ({exc}); play headless with --script-dir") from None

        return run_app(app_options(args), drill_run=run) or 0
    if not Path(args.script_dir).is_dir():
        raise UserError(f"{args.script_dir}: no such folder (--script-dir needs a folder of <scenario-id>.txt files)")
    scripts = {}
    for sid in run.drill.scenario_ids:
        script = Path(args.script_dir) / f"{sid}.txt"
        if not script.is_file():
            raise UserError(f"{script}: no script for scenario {sid!r} (one file <scenario-id>.txt per scenario: "
                            f"{', '.join(run.drill.scenario_ids)})")
        scripts[sid] = read_script(str(script))
    recalls = {}  # <scenario-id>.recall.txt: what the trainee remembers, like `rehearse --recall`
    for sid in run.drill.scenario_ids:
        recall = Path(args.script_dir) / f"{sid}.recall.txt"
        if recall.is_file():
            from simulator.scoring.recall import read_recall_file

            recalls[sid] = read_recall_file(recall)
    result = play_scripts(run, scripts, recalls)
    if args.json:
        _print_json(result.to_dict(run.store))
    else:
        from simulator.drills.text import format_result

        print(format_result(result, args.lang, str(run.store.root) if run.store else None))
    return 0


def cmd_report(args) -> int:
    """`report SESSION`: one session's debrief; `report --cohort DIR`: one page over many sessions."""
    fmt = args.format
    if fmt is None:  # follow the output file's name, else Markdown
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv"}.get(suffix, "md")
    if fmt == "csv" and not args.cohort:
        raise UserError("--format csv is for the cohort page: report --cohort DIR --format csv")
    if fmt == "sheet" and args.cohort:
        raise UserError("--format sheet is one session's page: report SESSION --format sheet")
    if args.cohort:
        if args.session:
            raise UserError("give either a SESSION or --cohort DIR, not both")
        folder = Path(args.cohort)
        if not folder.is_dir():
            raise UserError(f"{folder}: no such folder")
        from simulator.report.cohort import build_cohort, render_cohort

        text = render_cohort(build_cohort(folder, args.lang, anonymise=args.anonymise), fmt)
    else:
        if not args.session:
            raise UserError("give a SESSION (its id, the start of its id, or its .json file) or --cohort DIR")
        from simulator.report.formats import session_report
        from simulator.store import SessionStore

        store = SessionStore(Path(args.save_dir) if args.save_dir else None)
        ref = args.session
        if ref in ("last", "seneste"):  # the most recently started session, so a newcomer needs no id
            sessions = store.list()
            if not sessions:
                raise UserError(f"no saved sessions in {store.root}")
            ref = sessions[-1].id
        text = session_report(store.load(ref), fmt=fmt, anonymise=args.anonymise)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    from simulator.report.output import write_report

    try:
        path = write_report(Path(args.output), text)
    except OSError as exc:
        raise UserError(f"{args.output}: cannot write the report ({exc.strerror or exc})") from None
    print(f"{path}", file=sys.stderr)
    return 0


def cmd_forget(args) -> int:
    """`forget SESSION` / `forget --all`: delete sessions for real, and say what went."""
    from simulator.store import SessionStore

    if bool(args.session) == bool(args.all):
        raise UserError("give a SESSION (its id or the start of it) or --all, not both and not neither")
    store = SessionStore(Path(args.save_dir) if args.save_dir else None)
    if args.all:
        files = store.session_files()
        if not files and not store.marks_path().is_file():
            print(f"nothing to forget in {store.root}")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("--all deletes every saved session; add --yes to confirm without a terminal")
            answer = input(f"Delete {len(files)} session(s) and the marked codes in {store.root}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                print("nothing deleted")
                return 1
        gone = store.forget_all()
    else:
        gone = store.forget(args.session)
    for path in gone.files:
        print(f"deleted {path}")
    if gone.marks:
        print(f"deleted {gone.marks} marked code(s) from {store.marks_path()}")
    return 0


def _trainer_command(name: str, args) -> int:
    """`history` and `marks` live in cli_trainer.py (this module is long enough)."""
    from simulator import cli_trainer

    return getattr(cli_trainer, name)(args)


def cmd_tui(args) -> int:
    try:
        from simulator.tui.app import run_app
    except ImportError as exc:
        raise UserError(f"the terminal app is not available ({exc}); try `mentor-sim rehearse {DEFAULT_SCENARIO}`") from None
    return run_app(app_options(args)) or 0


# -- parser ----------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mentor-sim", description="Samtaletræner: øv mentorsamtaler med en simuleret mentee.")
    p.add_argument("--lang", choices=["da", "en"], default=None, help="interface language (default: da)")
    p.add_argument("--coder", choices=["rules", "learned", "combined"], default=None,
                   help="who codes the mentor's replies: the readable rules (default) or the learned model "
                        "(Danish; docs/validity.md). Rehearsals also read `coder` from the configuration file.")
    p.add_argument("--save-dir", default=None, help="where sessions are saved and read (default: the user data folder)")
    p.add_argument("--scenarios", action="append", metavar="DIR", default=None,
                   help="a folder of your own scenarios (and drills/), searched before the shipped ones; "
                        "repeatable; also `scenario_dirs` in the configuration file")
    sub = p.add_subparsers(dest="command")

    def add_coder_option(sp):
        sp.add_argument("--coder", choices=["rules", "learned", "combined"], default=argparse.SUPPRESS,
                        help="rules (default), learned, or combined (learned codes, tags per combined.yaml)")

    c = sub.add_parser("code", help="code utterances from stdin, one per line")
    # SUPPRESS keeps `mentor-sim --lang en code` from being reset to Danish here.
    c.add_argument("--lang", choices=["da", "en"], default=argparse.SUPPRESS, help="language of the utterances (default: da)")
    c.add_argument("--json", action="store_true")
    c.add_argument("--explain", action="store_true", help="show which pattern or words decided each code and tag")
    add_coder_option(c)
    c.set_defaults(func=cmd_code)

    def add_mentee_options(sp):
        sp.add_argument("--mentee", choices=["scripted", "model", "server"], default=None,
                        help="who plays the mentee (default: the config file's backend, else scripted)")
        sp.add_argument("--model", help="model folder or .gguf file (model), or model name (server)")
        sp.add_argument("--endpoint", help="OpenAI-compatible server URL (server)")
        sp.add_argument("--timeout", type=float, default=None, help="seconds per reply (model/server)")
        sp.add_argument("--verbose", action="store_true", help="show the model's loading progress (model)")

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
    add_mentee_options(r)
    r.set_defaults(func=cmd_rehearse)

    v = sub.add_parser("validate", help="check scenario and drill files")
    v.add_argument("paths", nargs="+")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("scenarios", help="list scenarios")
    s.add_argument("--json", action="store_true")
    s.add_argument("--dir")
    s.set_defaults(func=cmd_scenarios)

    e = sub.add_parser("eval", help="measure the coder against a labelled CSV")
    e.add_argument("file")
    e.add_argument("--lang", choices=["da", "en"])
    e.add_argument("--split", help="only rows whose 'split' column has this value (e.g. test); "
                   "AnnoMI is split by transcript: dev or test")
    e.add_argument("--four-way", action="store_true", help="question / reflection / input / other (AnnoMI)")
    e.add_argument("--primary-order", action="store_true",
                   help="with --four-way: score CODEBOOK's turn primary, not the main behaviour")
    e.add_argument("--marks", help="marked-codes.jsonl with corrected codes to add as labelled rows")
    e.add_argument("--worst", type=int, default=15)
    e.add_argument("--json", action="store_true")
    add_coder_option(e)
    e.set_defaults(func=cmd_eval)

    pl = sub.add_parser("play", help="open the practice screen of the terminal app")
    pl.add_argument("scenario", nargs="?", default=None, help="scenario id or file (default: the picker)")
    pl.add_argument("--save-dir", default=argparse.SUPPRESS)
    pl.add_argument("--lang", choices=["da", "en"], default=argparse.SUPPRESS, help="interface language")
    pl.add_argument("--no-save", action="store_true")
    pl.add_argument("--resume", metavar="SESSION", help="continue a saved session (its id or the start of it)")
    pl.add_argument("--trainee", default="")
    pl.add_argument("--seed", type=int, default=0)
    add_mentee_options(pl)
    pl.set_defaults(func=cmd_tui)

    hi = sub.add_parser("history", help="saved sessions and each trainee's progress per principle")
    hi.add_argument("--trainee", help="only this trainee's sessions (case does not matter)")
    hi.add_argument("--scenario", help="only sessions of this scenario id")
    hi.add_argument("--json", action="store_true")
    hi.add_argument("--save-dir", default=argparse.SUPPRESS, help="where the sessions are")
    hi.set_defaults(func=lambda a: _trainer_command("cmd_history", a))

    mk = sub.add_parser("marks", help="trainees' marked codes")
    mksub = mk.add_subparsers(dest="marks_command", required=True)
    mc = mksub.add_parser("collect", help="gather the marks of session folders as a labelled CSV for eval")
    mc.add_argument("dirs", nargs="+", metavar="DIR", help="session folders (e.g. one per evening)")
    mc.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    mk.set_defaults(func=lambda a: _trainer_command("cmd_marks", a))

    fg = sub.add_parser("forget", help="delete a saved session (or --all) and its marked codes, for real")
    fg.add_argument("session", nargs="?", help="session id or the start of it")
    fg.add_argument("--all", action="store_true", help="every saved session and all marked codes")
    fg.add_argument("--yes", action="store_true", help="do not ask before --all")
    fg.add_argument("--save-dir", default=argparse.SUPPRESS, help="where the sessions are (default: the user data folder)")
    fg.set_defaults(func=cmd_forget)

    d = sub.add_parser("drill", help="play a drill: several scenarios in a row, with targets")
    dsub = d.add_subparsers(dest="drill_command", required=True)
    dl = dsub.add_parser("list", help="list the drills")
    dl.add_argument("--json", action="store_true")
    dl.add_argument("--dir", help="a drills folder, or the scenario folder that holds one (default: shipped)")
    dr = dsub.add_parser("run", help="play a drill in the terminal app, or headless with --script-dir")
    dr.add_argument("drill", help="drill id (scenarios/drills/ID.yaml) or path to a drill file")
    dr.add_argument("--script-dir", help="headless: one script per scenario, named <scenario-id>.txt")
    dr.add_argument("--json", action="store_true")
    dr.add_argument("--assess", action="store_true", help="assessment: no coding, hints or undo; results at the end")
    dr.add_argument("--seed", type=int, default=0)
    dr.add_argument("--save-dir", default=argparse.SUPPRESS)
    dr.add_argument("--lang", choices=["da", "en"], default=argparse.SUPPRESS, help="interface language")
    dr.add_argument("--no-save", action="store_true", help="write nothing to disk")
    dr.add_argument("--trainee", default="")
    add_mentee_options(dr)
    d.set_defaults(func=cmd_drill)

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
    rp.add_argument("--lang", choices=["da", "en"], default=argparse.SUPPRESS,
                    help="language of the cohort page (default: the sessions' own); a session report "
                         "always follows its session's language")
    rp.set_defaults(func=cmd_report)
    # Every command also takes --scenarios after its name; SUPPRESS keeps a value given before it.
    for sp in [*(v for k, v in sub.choices.items() if k not in ("drill", "marks")), *dsub.choices.values()]:
        sp.add_argument("--scenarios", action="append", metavar="DIR", default=argparse.SUPPRESS,
                        help="a folder of your own scenarios (repeatable)")
    return p


def _choose_coder(args) -> None:
    """`--coder`, else (for rehearsals) the configuration file's `coder`, else the combined coder
    (chosen by measurement on never-tuned sessions, docs/validity.md)."""
    from simulator.coding.choice import use_coder

    kind = args.coder
    if kind is None and args.command in (None, "rehearse", "play", "drill"):
        from simulator.mentee.factory import load_user_config

        kind = load_user_config().coder
    use_coder(kind or "combined")


def _use_scenario_dirs(args) -> None:
    """The configuration file's `scenario_dirs`, then `--scenarios`, searched before the shipped scenarios."""
    if args.command in ("code", "eval", "marks"):
        return  # these never look a scenario up; a broken configuration file should not stop them
    from simulator.mentee.factory import load_user_config
    from simulator.scenario.catalogue import use_scenario_dirs

    dirs = list(getattr(args, "scenarios", None) or [])
    use_scenario_dirs(dirs + list(load_user_config().scenario_dirs))


def main(argv: list[str] | None = None) -> int:
    robust_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cmd_tui  # the options' defaults (app_options) stand for the flags `play` would have
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
