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

DEFAULT_SCENARIO = "first-meeting"
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class UserError(Exception):
    """A problem the user can fix; the message is printed as it is."""


# -- helpers -------------------------------------------------------------------

def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def find_scenario(ref: str):
    """A scenario by id (shipped scenarios) or by path to a YAML file."""
    from simulator.scenario import find_scenarios, load_scenario

    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise UserError(f"{ref}: no such scenario file")
        return load_scenario(path)
    found = find_scenarios()
    if ref not in found:
        known = ", ".join(sorted(found)) or "none"
        raise UserError(f"unknown scenario {ref!r}; known scenarios: {known}")
    return load_scenario(found[ref])


def make_store(save_dir: str | None, no_save: bool):
    if no_save:
        return None
    from simulator.store import SessionStore

    return SessionStore(Path(save_dir) if save_dir else None)


def read_script(ref: str) -> list[str]:
    if ref == "-":
        text = sys.stdin.read()
        where = "stdin"
    else:
        try:
            text = Path(ref).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UserError(f"{ref}: no such script file") from None
        except UnicodeDecodeError:
            raise UserError(f"{ref}: the script is not UTF-8 text") from None
        except OSError as exc:
            raise UserError(f"{ref}: cannot read the script ({exc.strerror})") from None
        where = ref
    if "\x00" in text:
        raise UserError(f"{where}: the script contains NUL bytes; it must be a text file, one mentor turn per line")
    # One turn per line; "..." is a deliberate pause; blank lines and # comments are skipped.
    return [line.rstrip("\r") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def make_backend(args, scenario):
    """The mentee backend from the flags, else the config file; scripted by default."""
    from simulator.mentee.factory import build_backend, resolve_kind  # cheap: no torch here

    kind = resolve_kind(args)
    if kind == "scripted":
        from simulator.mentee.scripted import ScriptedMentee

        return ScriptedMentee()
    return build_backend(kind, args, scenario)


# -- commands ------------------------------------------------------------------

def cmd_code(args) -> int:
    from simulator.coding import get_coder

    coder = get_coder(args.lang)
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        turn = coder.code_turn(line)
        if args.json:
            out.write(json.dumps(turn.to_dict(), ensure_ascii=False) + "\n")
        else:
            segs = " | ".join(f"{s.code}{''.join('+' + t for t in s.tags)}" for s in turn.segments)
            out.write(f"{turn.primary}\t{segs}\t{line}\n")
    return 0


def _session_json(rehearsal, card, store) -> dict:
    s = rehearsal.session
    return {
        "session_id": s.id,
        "session_file": str(store.path_for(s.id)) if store else None,
        "scenario": s.scenario,
        "language": s.language,
        "trainee": s.trainee,
        "seed": s.seed,
        "mentee_backend": s.mentee_backend,
        "opening": s.opening,
        "turns": [t.__dict__ for t in s.turns],
        "attempts": s.attempts,
        "figures": card.figures,
        "principles": [p.to_dict() for p in card.principles],
        "overall": card.overall,
        "targets": card.targets,
    }


def cmd_rehearse(args) -> int:
    from simulator.engine.rehearsal import Rehearsal
    from simulator.report.plain import format_scorecard, format_turn
    from simulator.scoring import score_session

    store = make_store(args.save_dir, args.no_save)
    if args.resume:
        if store is None:
            raise UserError("--resume needs a saved session; it cannot be combined with --no-save")
        session = store.load(args.resume)
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

    if args.script is not None:
        for line in read_script(args.script):
            turn = rehearsal.take_turn("" if line.strip() in ("...", "…") else line)
            if not quiet:
                print(format_turn(turn, name, lang) + "\n")
    else:
        for raw in sys.stdin:
            line = raw.rstrip("\r\n")
            cmd = line.strip().lower()
            if cmd in ("/slut", "/end", "/quit", "/afslut"):
                break
            if cmd in ("/fortryd", "/undo"):
                undone = rehearsal.undo()
                print("(fortrudt)" if undone else "(intet at fortryde)", flush=True)
                continue
            turn = rehearsal.take_turn("" if line.strip() in ("...", "…") else line)
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
        print(format_scorecard(card, lang))
        if store is not None:
            print(f"\n{'Gemt' if lang == 'da' else 'Saved'}: {store.path_for(rehearsal.session.id)}")
    return 0


def cmd_validate(args) -> int:
    from simulator.scenario import ScenarioError, load_scenario

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
    for f in files:
        try:
            if "drills" in f.parts:
                from simulator.scenario.drills import load_drill

                load_drill(f)
            else:
                load_scenario(f)
            print(f"ok  {f}")
        except ScenarioError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
    if not files:
        print("no scenario files found", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(files) - bad} valid, {bad} with errors")
    return 1 if bad else 0


def cmd_scenarios(args) -> int:
    from simulator.scenario import ScenarioError, find_scenarios, load_scenario

    items, problems = [], []
    for sid, path in find_scenarios(Path(args.dir) if args.dir else None).items():
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        items.append({"id": s.id, "title": s.title, "language": s.language, "course_phase": s.course_phase,
                      "difficulty": s.difficulty, "level": s.persona.level, "mentee": s.persona.name,
                      "path": str(path)})
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
    from simulator.coding.evaluation import evaluate, read_rows

    rows = read_rows(Path(args.file), args.lang, args.split)
    extra = []
    if args.marks:
        extra = _rows_from_marks(Path(args.marks))
    result = evaluate(rows + extra, four_way=args.four_way, worst=args.worst)
    if args.json:
        _print_json(result)
        return 0
    print(f"n={result['n']}  accuracy={result['accuracy']}  macro-F1={result['macro_f1']}"
          + (f"  tag micro-F1={result['tag_micro_f1']}" if "tag_micro_f1" in result else ""))
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


def _rows_from_marks(path: Path):
    """Trainees' 'this code is wrong' marks with a corrected code become labelled rows."""
    from simulator.coding.evaluation import Row

    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"{path}: cannot read marks ({exc.strerror})") from None
    for n, line in enumerate(lines, 1):
        try:
            m = json.loads(line)
        except json.JSONDecodeError:
            raise UserError(f"{path}:{n}: not a JSON line") from None
        if m.get("correct_code"):
            rows.append(Row(m["text"], m["correct_code"], frozenset(m.get("correct_tags") or []),
                            m.get("language", "da")))
    return rows


def cmd_tui(args) -> int:
    try:
        from simulator.tui.app import run_app
    except ImportError as exc:
        raise UserError(f"the terminal app is not available ({exc}); try `mentor-sim rehearse {DEFAULT_SCENARIO}`") from None
    return run_app(args) or 0


# -- parser ----------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mentor-sim", description="Samtaletræner: øv mentorsamtaler med en simuleret mentee.")
    p.add_argument("--lang", choices=["da", "en"], default=None, help="interface language (default: da)")
    sub = p.add_subparsers(dest="command")

    c = sub.add_parser("code", help="code utterances from stdin, one per line")
    c.add_argument("--lang", choices=["da", "en"], default="da")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_code)

    def add_mentee_options(sp):
        sp.add_argument("--mentee", choices=["scripted", "model", "server"], default=None,
                        help="who plays the mentee (default: the config file's backend, else scripted)")
        sp.add_argument("--model", help="model folder or .gguf file (model), or model name (server)")
        sp.add_argument("--endpoint", help="OpenAI-compatible server URL (server)")
        sp.add_argument("--timeout", type=float, default=None, help="seconds per reply (model/server)")

    r = sub.add_parser("rehearse", help="rehearse a scenario headless (script or interactive)")
    r.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    r.add_argument("--script", help="file with one mentor turn per line ('...' = pause), or - for stdin")
    r.add_argument("--json", action="store_true")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--save-dir")
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
    e.add_argument("--split", help="only rows whose 'split' column has this value (e.g. test)")
    e.add_argument("--four-way", action="store_true", help="question / reflection / input / other (AnnoMI)")
    e.add_argument("--marks", help="marked-codes.jsonl with corrected codes to add as labelled rows")
    e.add_argument("--worst", type=int, default=15)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_eval)

    pl = sub.add_parser("play", help="open the practice screen of the terminal app")
    pl.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    pl.add_argument("--save-dir")
    pl.add_argument("--no-save", action="store_true")
    pl.add_argument("--trainee", default="")
    pl.add_argument("--seed", type=int, default=0)
    add_mentee_options(pl)
    pl.set_defaults(func=cmd_tui)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func, args.scenario, args.save_dir, args.no_save = cmd_tui, None, None, False
        args.trainee, args.seed, args.mentee = "", 0, None
        args.model = args.endpoint = args.timeout = None
    from simulator.coding.evaluation import EvalError
    from simulator.coding.lexicon import LexiconError
    from simulator.mentee.factory import BackendError
    from simulator.scenario.yamlfile import FileProblems
    from simulator.store import StoreError

    try:
        return args.func(args) or 0
    except (UserError, FileProblems, StoreError, EvalError, LexiconError, BackendError) as exc:
        print(f"mentor-sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nafbrudt / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os._exit(0)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get("MENTOR_SIM_DEBUG"):
            raise
        print(f"mentor-sim: unexpected error: {type(exc).__name__}: {exc} "
              "(set MENTOR_SIM_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
