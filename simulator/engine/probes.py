"""Measure whether the scripted mentee answers what was asked (issue 13).

A probe file (YAML list; tests/data/probes_da.yaml) holds natural mentor lines over
the scenarios, each with the fact it should reach (`expect`, or `none`). Each probe is
played in a fresh rehearsal (seed 0), after its `before` lines, with trust set to the
probe's `trust` if given. Figures:

- on topic: share of topic and follow-up probes whose reply speaks to the expected
  fact (`about`, which also covers a guarded reply about that topic);
- unrelated reveal: share of all probes that newly tell a fact other than the expected;
- quiet on non-topic: share of non-topic probes (greetings, thanks, permission, small
  talk) that tell nothing new;
- checked: share of topic probes she answers with a check ("Spørger du om …?"), which
  counts as on topic only when it names the expected fact.

Run: python -m simulator.engine.probes tests/data/probes_da.yaml [--misses]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"


@dataclass
class ProbeResult:
    probe: dict
    about: str | None
    revealed: list[str]
    move: str
    reply: str


@lru_cache(maxsize=64)
def _scenario(path: Path):
    from simulator.scenario import load_scenario

    return load_scenario(path)  # read once: many probes share a scenario, none changes it


def run_probe(probe: dict, scenario_dir: Path = SCENARIO_DIR) -> ProbeResult:
    from simulator.engine.rehearsal import Rehearsal

    scenario = _scenario(scenario_dir / f"{probe['scenario']}.yaml")
    r = Rehearsal(scenario, seed=0)
    if probe.get("trust") is not None:
        r.state.trust = float(probe["trust"])
    for line in probe.get("before", []):
        r.take_turn(line)
    turn = r.take_turn(probe["line"])
    return ProbeResult(probe, turn.about, list(turn.revealed), turn.move, turn.mentee)


def counts(results: list[ProbeResult]) -> dict[str, int]:
    """The counts behind the figures (scripts/loso.py pools them over many sets)."""
    topic = [r for r in results if r.probe["kind"] in ("topic", "followup")]
    non = [r for r in results if r.probe["kind"] == "nontopic"]
    return {"probes": len(results), "topic": len(topic), "nontopic": len(non),
            "on": sum(1 for r in topic if r.about == r.probe.get("expect")),
            "unrelated": sum(1 for r in results if any(f != r.probe.get("expect") for f in r.revealed)),
            "quiet": sum(1 for r in non if not r.revealed),
            "checked": sum(1 for r in topic if r.move == "clarify")}  # "Spørger du om …?" instead of an answer


def figures(results: list[ProbeResult]) -> dict:
    c = counts(results)
    topic, non, n = c["topic"], c["nontopic"], c["probes"]
    return {"probes": n, "topic_probes": topic, "nontopic_probes": non,
            "on_topic": round(c["on"] / topic, 3) if topic else None,
            "unrelated_reveal": round(c["unrelated"] / n, 3) if n else None,
            "nontopic_reveal_nothing": round(c["quiet"] / non, 3) if non else None,
            "topic_checked": round(c["checked"] / topic, 3) if topic else None}


def describe(r: ProbeResult) -> str:
    """One probe's line, what was expected and what she did: a miss as listed."""
    return (f"[{r.probe['scenario']}/{r.probe['kind']}] {r.probe['line']!r} expect={r.probe.get('expect')} "
            f"move={r.move} about={r.about} revealed={r.revealed}: {r.reply}")


def is_miss(r: ProbeResult) -> bool:
    expect = r.probe.get("expect")
    if r.probe["kind"] == "nontopic":
        return bool(r.revealed)
    return r.about != expect or any(f != expect for f in r.revealed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--misses", action="store_true", help="list the probes that missed")
    args = ap.parse_args(argv)
    probes = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
    results = [run_probe(p) for p in probes]
    for k, v in figures(results).items():
        print(f"{k}: {v}")
    if args.misses:
        for r in results:
            if is_miss(r):
                print(f"- {describe(r)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
