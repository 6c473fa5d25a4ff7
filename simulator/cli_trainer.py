"""The trainer's commands beside the evening: `history` (progress per trainee) and
`marks collect` (an evening's marked codes as a labelled CSV). Called from cli.py;
errors are the CLI's UserError, printed as one line."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cliinput import UserError, print_json, say
from simulator.locale import tr
from simulator.locale.catalogue import DEFAULT
from simulator.locale.numbers import long_date


def cmd_history(args) -> int:
    """`history [--trainee NAME] [--scenario ID] [--json]`: saved sessions and each trainee's trend."""
    from simulator.report.charts import sparkline
    from simulator.report.progress import progress
    from simulator.store import SessionStore

    store = SessionStore(Path(args.save_dir) if args.save_dir else None)
    data = progress(store.list(), trainee=args.trainee, scenario=args.scenario, lang=args.lang)
    if args.json:
        print_json(data)
        return 0
    lang = args.lang or DEFAULT
    if not data["sessions"]:
        print(tr("cli.no_sessions", lang, path=store.root))
        return 0
    for r in data["sessions"]:
        print(f"{long_date(r['started'])}  {r['trainee'] or '–':<14} {r['scenario']:<24} "
              f"{r['overall']:>3}  {r['session']}")
    for person in data["progress"]:
        head = person["trainee"] or "–"
        noun = tr("cli.sessions_one" if person["sessions"] == 1 else "cli.sessions", lang)
        print(f"\n{head}: {person['sessions']} " + noun
              + f"  {' → '.join(str(v) for v in person['overall'])}")
        for p in person["principles"]:
            values = p["values"]
            print(f"  {sparkline([v / 100 if v is not None else None for v in values])}  "
                  f"{values[0]:>3} → {values[-1]:>3}  {p['label']}")
    return 0


def cmd_marks(args) -> int:
    """`marks collect DIR... -o marks.csv`: an evening's marks as a labelled CSV for `eval`."""
    from simulator.coding.marks import collect, summary, to_csv

    for d in args.dirs:
        if not Path(d).is_dir():
            raise UserError(say("no_such_folder", path=d))
    rows, skipped = collect([Path(d) for d in args.dirs])
    text = to_csv(rows)
    if args.output and args.output != "-":
        from simulator.report.output import write_report

        try:
            write_report(Path(args.output), text)
        except OSError as exc:
            raise UserError(say("cannot_write", path=args.output, error=exc.strerror or exc)) from None
    else:
        sys.stdout.write(text)
    print(summary(len(rows), skipped) + (f" -> {args.output}" if args.output else ""), file=sys.stderr)
    return 0
