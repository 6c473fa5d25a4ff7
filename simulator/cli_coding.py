"""`mentor-sim code` and `mentor-sim eval`: the coder on the command line.

`code` codes utterances from stdin (with `--explain`, which words decided);
`eval` measures the coder against a labelled CSV (docs/validity.md). Called
from cli.py; errors are the CLI's UserError, printed as one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simulator.cliinput import print_json as _print_json
from simulator.cliinput import say, stdin_lines


def cmd_code(args) -> int:
    from simulator.coding import get_coder

    coder = get_coder(args.lang or "da", args.coder)  # `--coder`, else the default; never the config file
    out = sys.stdout
    for line in stdin_lines():
        line = line.rstrip("\r\n")
        if getattr(args, "explain", False):
            _write_explanation(out, coder.explain_turn(line), args.json)  # it codes the line itself
            continue
        turn = coder.code_turn(line)
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


def cmd_eval(args) -> int:
    from simulator.coding.evaluation import evaluate, read_marks_counted, read_rows

    rows = read_rows(Path(args.file), args.lang, args.split)
    extra = []
    if args.marks:
        from simulator.coding.marks import SKIP_OTHER_LANGUAGE, summary

        extra, skipped = read_marks_counted(Path(args.marks))
        if args.lang:
            skipped[SKIP_OTHER_LANGUAGE] += sum(r.lang != args.lang for r in extra)
            extra = [r for r in extra if r.lang == args.lang]
        print(f"{args.marks}: {summary(len(extra), skipped)}", file=sys.stderr)
    from simulator.launch import coder_kind  # as the commands that rehearse, without the config file

    result = evaluate(rows + extra, four_way=args.four_way, worst=args.worst, primary_order=args.primary_order,
                      coder_kind=coder_kind(args.coder, from_config=False))
    if args.json:
        _print_json(result)
        return 0
    _print_eval(result, args.four_way)
    return 0


def _print_eval(result: dict, four_way: bool) -> None:
    """The measurement table in the command line's language. The figures go in as text, so they
    read as in docs/validity.md and `--json` (a decimal point), whatever the language."""
    figures = {k: str(v) for k, v in result.items() if not isinstance(v, (dict, list))}
    print(say("eval_out.figures", **figures)
          + (say("eval_out.tag_figures", **figures) if "tag_micro_f1" in result else ""))
    print(say("eval_out.coder", coder=result["coder"]))
    if four_way:
        print(say("eval_out.turn_label", label=result["turn_label"]))
    for kind, key in (("per_code", "eval_out.code"), ("per_tag", "eval_out.tag")):
        if kind not in result:
            continue
        prec, rec = say("eval_out.precision"), say("eval_out.recall")
        print(f"\n{say(key):<18}{prec:>7}{rec:>7}{'f1':>7}{'n':>6}")
        for name, m in result[kind].items():
            print(f"{name:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}")
    labels = list(result["confusion"])
    print("\n" + say("eval_out.confusion"))
    print(" " * 18 + "".join(f"{lab[:6]:>7}" for lab in labels))
    for g in labels:
        print(f"{g:<18}" + "".join(f"{result['confusion'][g].get(p, 0):>7}" for p in labels))
    print("\n" + say("eval_out.worst", count=result["misclassified"]))
    for m in result["worst"]:
        print(say("eval_out.worst_row", gold=f"{m['gold']:<16}", predicted=f"{m['predicted']:<16}",
                  utterance=m["utterance"]))

