"""The saved sessions on the command line: `report` (one session's debrief, or one
page over a folder of them with --cohort) and `forget` (delete them, for real).
Called from cli.py; errors are the CLI's UserError, printed as one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cliinput import UserError


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

