"""Model speed: how a local model does as the mentee, on this machine.

    .venv/bin/python benchmarks/model_speed.py --model PATH [--runs 3] [--threads N]

PATH is a Hugging Face model folder or a .gguf file, loaded through
``build_backend`` (the path `mentor-sim --mentee model` takes). Each run is a
fresh process that loads the model and plays a scripted rehearsal (by default
``tests/data/scripts/first-meeting-good.txt`` against ``first-meeting``), and
reports:

- load: seconds for ``build_backend`` in a new process, importing torch and
  transformers included (what a user waits for before the first line);
- first token: seconds from the model's ``generate`` call to its first new
  token (the prompt's prefill), median over the run's generations;
- tokens/s: new tokens after the first, divided by the time they took
  (decoding speed), over all the run's generations;
- reply: seconds per mentee reply as the rehearsal sees it (prompt,
  generation, guards, the retry when there is one);
- peak memory: the process's peak resident set (``ru_maxrss``) after loading
  and at the end, and the size of the weights as loaded;
- guards: how many replies the model's words were kept (``model``) and how
  many were replaced by the scenario's line (``fallback``), and why each
  rejected attempt was rejected.

Times are medians over the runs; guard counts are summed over the runs. The
last lines are a Markdown table row for ``docs/models.md``. Nothing is
downloaded: the child processes run with ``HF_HUB_OFFLINE=1``.
Generation samples (as in use); each run seeds torch with its run number.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCRIPT = ROOT / "tests/data/scripts/first-meeting-good.txt"
_REJECTED = re.compile(r"^\[(?:afvist|rejected): (.*)\]$")


def read_script(path: Path, turns: int | None) -> list[str]:
    # As `mentor-sim rehearse --script`: one turn per line, "..." a pause, blank lines and # comments skipped.
    lines = [ln.rstrip("\r") for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    lines = ["" if ln.strip() in ("...", "…") else ln for ln in lines]
    return lines[:turns] if turns else lines


def reason_key(reason: str) -> str:
    """The kind of rejection, without its details: 'for langt (45 ord; ...)' -> 'for langt'."""
    reason = reason.split(" (")[0]
    return reason.split(":")[0] if reason.startswith(("fejl:", "error:")) else reason


def rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- one run, in its own process -------------------------------------------------------

def child(args) -> dict:
    sys.path.insert(0, str(ROOT))
    from argparse import Namespace

    from simulator.config import Config
    from simulator.engine.rehearsal import Rehearsal
    from simulator.mentee.factory import BackendError, build_backend
    from simulator.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    lines = read_script(Path(args.script), args.turns)
    t0 = time.perf_counter()
    try:
        # Config(): the user's configuration file must not change what is measured.
        backend = build_backend("model", Namespace(model=args.model, endpoint=None, timeout=args.timeout),
                                scenario, config=Config())
    except BackendError as exc:
        return {"error": str(exc)}
    load_s = time.perf_counter() - t0
    rss_load = rss_mb()

    gen = getattr(backend, "generator", None)
    model = getattr(gen, "model", None)
    if model is None or not hasattr(model, "generate"):
        return {"error": f"{args.model}: not a local transformers model; this benchmark measures --mentee model"}
    torch = gen.torch
    torch.manual_seed(args.seed)
    weights_mb = sum(p.numel() * p.element_size() for p in model.parameters()) / 2**20
    params = sum(p.numel() for p in model.parameters())

    # Time every generation the rehearsal makes: wrap the model's generate() and its
    # streamer's put(), which transformers calls once with the prompt, then once per new token.
    gens: list[dict] = []
    original = model.generate

    def timed_generate(*a, **kw):
        stamps: list[float] = []
        streamer = kw.get("streamer")
        if streamer is not None:
            put = streamer.put

            def stamped(value):
                stamps.append(time.perf_counter())
                return put(value)

            streamer.put = stamped
        prompt_len = kw["input_ids"].shape[1] if "input_ids" in kw else a[0].shape[1]
        start = time.perf_counter()
        out = original(*a, **kw)
        end = time.perf_counter()
        new = int(out.shape[1] - prompt_len)
        token_times = stamps[1:]  # the first put() is the prompt
        rec = {"prompt_tokens": int(prompt_len), "new_tokens": new, "total_s": end - start}
        if token_times:
            rec["first_token_s"] = token_times[0] - start
            if len(token_times) > 1:
                rec["decode_tokens"] = len(token_times) - 1
                rec["decode_s"] = token_times[-1] - token_times[0]
        gens.append(rec)
        return out

    model.generate = timed_generate

    rehearsal = Rehearsal(scenario, backend=backend, seed=0)
    turns, reply_s = [], []
    for line in lines:
        t = time.perf_counter()
        turn = rehearsal.take_turn(line)
        reply_s.append(time.perf_counter() - t)
        turns.append({"mentor": line, "mentee": turn.mentee, "source": turn.source, "model_raw": turn.model_raw,
                      "seconds": round(reply_s[-1], 2)})
    reasons = Counter()
    for t in turns:
        for raw_line in (t["model_raw"] or "").splitlines():
            m = _REJECTED.match(raw_line.strip())
            if m:
                reasons[reason_key(m.group(1))] += 1
    firsts = [g["first_token_s"] for g in gens if "first_token_s" in g]
    dec_tokens = sum(g.get("decode_tokens", 0) for g in gens)
    dec_s = sum(g.get("decode_s", 0.0) for g in gens)
    return {
        "load_s": load_s, "rss_load_mb": rss_load, "rss_end_mb": rss_mb(), "weights_mb": weights_mb,
        "params": params, "device": gen.device, "dtype": str(gen.dtype).replace("torch.", ""),
        "threads": torch.get_num_threads(), "chat_template": bool(gen.has_chat_template),
        "generations": len(gens), "new_tokens": sum(g["new_tokens"] for g in gens),
        "prompt_tokens_median": statistics.median(g["prompt_tokens"] for g in gens) if gens else None,
        "first_token_s": statistics.median(firsts) if firsts else None,
        "tokens_per_s": dec_tokens / dec_s if dec_s > 0 else None,
        "reply_s": statistics.median(reply_s) if reply_s else None, "reply_max_s": max(reply_s, default=None),
        "replies": len(turns), "model": sum(t["source"] == "model" for t in turns),
        "fallback": sum(t["source"] == "fallback" for t in turns), "reasons": dict(reasons), "turns": turns,
    }


# -- the parent: N runs, medians, a table row ------------------------------------------------

def _med(runs: list[dict], key: str):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def _fmt(value, spec: str, none: str = "–") -> str:
    return none if value is None else format(value, spec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="a Hugging Face model folder or a .gguf file")
    ap.add_argument("--runs", type=int, default=3, help="runs, each in a new process (default 3)")
    ap.add_argument("--threads", type=int, help="torch CPU threads (sets MENTOR_SIM_THREADS; default: torch's)")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios/first-meeting.yaml"))
    ap.add_argument("--script", default=str(DEFAULT_SCRIPT), help="mentor turns, one a line ('...' = pause)")
    ap.add_argument("--turns", type=int, help="play only the script's first N turns")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per reply, as --timeout (default 60)")
    ap.add_argument("--show", type=int, default=0, help="print the first N turns of the first run (raw text, verdict)")
    ap.add_argument("--json", action="store_true", help="print every run's figures as JSON as well")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args), ensure_ascii=False))
        return 0
    if args.runs < 1 or (args.threads is not None and args.threads < 1):
        ap.error("--runs and --threads must be 1 or more")

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               TRANSFORMERS_NO_ADVISORY_WARNINGS="1", TQDM_DISABLE="1")
    if args.threads is not None:
        env["MENTOR_SIM_THREADS"] = str(args.threads)
    # The children run in the project folder: make the user's paths absolute first.
    for key in ("model", "scenario", "script"):
        setattr(args, key, str(Path(getattr(args, key)).expanduser().resolve()))
    runs = []
    for i in range(args.runs):
        cmd = [sys.executable, __file__, "--child", "--seed", str(i), "--model", args.model,
               "--scenario", args.scenario, "--script", args.script, "--timeout", str(args.timeout)]
        if args.turns:
            cmd += ["--turns", str(args.turns)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            sys.stderr.write(proc.stderr[-4000:])
            print(f"run {i + 1}: the child process failed (exit {proc.returncode})", file=sys.stderr)
            return 1
        if "error" in result:
            print(f"cannot measure: {result['error']}", file=sys.stderr)
            return 2
        runs.append(result)
        print(f"run {i + 1}/{args.runs}: load {result['load_s']:.1f} s, first token "
              f"{_fmt(result['first_token_s'], '.2f')} s, {_fmt(result['tokens_per_s'], '.1f')} tokens/s, "
              f"reply {_fmt(result['reply_s'], '.2f')} s, peak {result['rss_end_mb']:.0f} MB, "
              f"model {result['model']}/{result['replies']}", file=sys.stderr, flush=True)

    first = runs[0]
    reasons = Counter()
    for r in runs:
        reasons.update(r["reasons"])
    replies = sum(r["replies"] for r in runs)
    kept = sum(r["model"] for r in runs)
    fell = sum(r["fallback"] for r in runs)
    gens = sum(r["generations"] for r in runs)
    name = Path(args.model).name
    threads = first["threads"]

    if args.show:
        for t in first["turns"][:args.show]:
            print(f"\nMentor: {t['mentor'] or '...'}\n  {t['source']} ({t['seconds']} s): {t['mentee']}")
            for raw_line in (t["model_raw"] or "").splitlines():
                print(f"    | {raw_line}")
    print(f"\n{name}: {first['params'] / 1e6:.3g} M parameters, {first['dtype']} on {first['device']}, "
          f"{threads} thread(s), weights {first['weights_mb']:.0f} MB as loaded, "
          f"chat template: {'yes' if first['chat_template'] else 'no (plain transcript prompt)'}; "
          f"{args.runs} run(s) of {first['replies']} turns, {gens} generations, median prompt "
          f"{_fmt(_med(runs, 'prompt_tokens_median'), '.0f')} tokens")
    print(f"peak memory after loading {_med(runs, 'rss_load_mb'):.0f} MB, at the end {_med(runs, 'rss_end_mb'):.0f} MB"
          f"; slowest reply {max(r['reply_max_s'] for r in runs):.1f} s")
    print("rejected attempts: " + (", ".join(f"{k} {v}" for k, v in reasons.most_common()) or "none"))
    if args.json:
        print(json.dumps(runs, ensure_ascii=False, indent=1))
    top = "; ".join(f"{k} {v}" for k, v in reasons.most_common(3)) or "–"
    print("\n| model | threads | load (s) | first token (s) | tokens/s | reply (s) | peak RSS (MB) "
          "| kept / fallback | main rejections |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {name} | {threads} | {_med(runs, 'load_s'):.1f} | {_fmt(_med(runs, 'first_token_s'), '.2f')} "
          f"| {_fmt(_med(runs, 'tokens_per_s'), '.1f')} | {_fmt(_med(runs, 'reply_s'), '.2f')} "
          f"| {_med(runs, 'rss_end_mb'):.0f} | {kept} / {fell} of {replies} | {top} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
