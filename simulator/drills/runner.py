"""Play a drill: its scenarios one after the other, then judge the targets.

`DrillRun` is the drill's counterpart of `Rehearsal` and, like it, the one
object every front end drives: the terminal app asks it for the next
rehearsal and hands each finished one back; the headless `drill run
--script-dir` does the same with scripted turns (`play_scripts`). Each scenario
is an ordinary session, saved by the store after every turn; its `drill` field
says which drill, run and position it belongs to, whether it was an assessment,
and its target results. When the drill ends every session gets the whole
result, so any one of them tells the evening's story. No terminal code here.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from simulator.drills.targets import TargetResult, evaluate, evaluate_overall
from simulator import launch
from simulator.engine.rehearsal import Rehearsal
from simulator.engine.session import Session
from simulator.scenario.drills import Drill, load_drill, scenario_path
from simulator.scenario.loader import load_scenario
from simulator.scenario.models import Scenario


@dataclass
class ScenarioResult:
    position: int
    scenario: Scenario
    session: Session
    overall: int
    targets: list[TargetResult]

    @property
    def passed(self) -> int:
        return sum(t.met for t in self.targets)


@dataclass
class DrillResult:
    drill: Drill
    run_id: str
    assess: bool
    scenarios: list[ScenarioResult]
    overall_targets: list[TargetResult] = field(default_factory=list)

    @property
    def all_targets(self) -> list[TargetResult]:
        return [t for s in self.scenarios for t in s.targets] + self.overall_targets

    @property
    def passed(self) -> int:
        return sum(t.met for t in self.all_targets)

    @property
    def total(self) -> int:
        return len(self.all_targets)

    def to_dict(self, store=None) -> dict:
        first = self.scenarios[0].session if self.scenarios else None
        return {
            "drill": self.drill.id,
            "title": self.drill.title,
            "run": self.run_id,
            "trainee": first.trainee if first else "",
            "seed": first.seed if first else 0,
            "assess": self.assess,
            "scenarios": [{
                "scenario": s.scenario.id,
                "title": s.scenario.title,
                "session_id": s.session.id,
                "session_file": str(store.path_for(s.session.id)) if store else None,
                "turns": len(s.session.turns),
                "overall": s.overall,
                "targets": [t.to_dict() for t in s.targets],
                "passed": s.passed,
            } for s in self.scenarios],
            "overall_targets": [t.to_dict() for t in self.overall_targets],
            "passed": self.passed,
            "total": self.total,
            "all_met": self.passed == self.total,
        }


def load_drill_scenarios(drill_path: Path, drill: Drill) -> list[Scenario]:
    """The drill's scenarios, in order (FileProblems if one of them has errors)."""
    from simulator.scenario.catalogue import id_problem
    from simulator.yamlfile import FileProblems

    out = []
    for sid in drill.scenario_ids:
        path = scenario_path(drill_path, sid)
        scenario = load_scenario(path)
        problem = id_problem(path, scenario.id)
        if problem:  # found by file name, so the id must be the name (else the run cannot match them)
            raise FileProblems([problem])
        out.append(scenario)
    return out


class DrillRun:
    def __init__(self, drill: Drill, scenarios: list[Scenario], *, store=None, trainee: str = "", seed: int = 0,
                 assess: bool = False, backend_factory: Callable[[Scenario], object] | None = None,
                 coder: str | None = None):
        if [s.id for s in scenarios] != drill.scenario_ids:
            raise ValueError("the scenarios must be the drill's, in its order")
        self.drill = drill
        self.scenarios = scenarios
        self.store = store
        self.trainee = trainee
        self.seed = seed
        self.assess = assess
        self.backend_factory = backend_factory
        self.coder = coder  # the coder kind of every rehearsal of the run (None: the default)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.run_id = f"{stamp}-{drill.id}-{secrets.token_hex(2)}"
        self.results: list[ScenarioResult | None] = [None] * len(scenarios)
        self.sessions: list[Session | None] = [None] * len(scenarios)

    @classmethod
    def from_file(cls, path: Path, **kw) -> "DrillRun":
        drill = load_drill(path)
        return cls(drill, load_drill_scenarios(Path(path), drill), **kw)

    def __len__(self) -> int:
        return len(self.scenarios)

    @property
    def done(self) -> int:
        return sum(r is not None for r in self.results)

    def _record(self, position: int) -> dict:
        return {"id": self.drill.id, "title": self.drill.title, "run": self.run_id, "position": position,
                "scenarios": self.drill.scenario_ids, "assess": self.assess}

    def rehearsal(self, position: int) -> Rehearsal:
        """A new rehearsal of the scenario at `position`, marked as part of this drill run."""
        scenario = self.scenarios[position]
        backend = self.backend_factory(scenario) if self.backend_factory else None
        rehearsal = launch.open_rehearsal(scenario, trainee=self.trainee, seed=self.seed, backend=backend,
                                          store=self.store, coder=self.coder)
        rehearsal.session.drill = self._record(position)
        self._save(rehearsal.session)
        self.sessions[position] = rehearsal.session
        return rehearsal

    def complete(self, position: int, rehearsal: Rehearsal) -> ScenarioResult:
        """Finish the rehearsal, score it and judge the scenario's targets."""
        card = launch.finish(rehearsal)
        session, scenario = rehearsal.session, self.scenarios[position]
        targets = evaluate(self.drill.scenarios[position].targets, session, self.drill.language, card.figures)
        session.drill = {**self._record(position), "targets": [t.to_dict() for t in targets]}
        self._save(session)
        result = ScenarioResult(position, scenario, session, card.overall, targets)
        self.results[position] = result
        self.sessions[position] = session
        return result

    def finish(self) -> DrillResult:
        """Judge the drill's own targets and write the whole result into every session played."""
        played = [r for r in self.results if r is not None]
        by_id = {sc.id: (self.sessions[i] if self.results[i] is not None else None)
                 for i, sc in enumerate(self.scenarios)}
        overall = evaluate_overall(self.drill.targets, by_id, self.drill.language)
        result = DrillResult(self.drill, self.run_id, self.assess, played, overall)
        summary = {"sessions": [r.session.id for r in played],
                   "overall_targets": [t.to_dict() for t in overall],
                   "passed": result.passed, "total": result.total, "finished": True}
        for r in played:
            r.session.drill = {**(r.session.drill or self._record(r.position)), **summary}
            self._save(r.session)
        return result

    def _save(self, session: Session) -> None:
        if self.store is not None:
            self.store.save(session)


def play_scripts(run: DrillRun, scripts: dict[str, list[str]], recalls: dict[str, str] | None = None) -> DrillResult:
    """Headless: play each scenario with its script (one mentor turn per line, '...' a pause);
    `recalls` holds the trainee's story recall per scenario id, where they wrote one."""
    for position, scenario in enumerate(run.scenarios):
        rehearsal = run.rehearsal(position)
        for line in scripts.get(scenario.id, []):
            rehearsal.take_turn(launch.turn_text(line))
        text = (recalls or {}).get(scenario.id)
        if text and rehearsal.session.turns:
            from simulator.scoring.recall import attach_recall_text

            attach_recall_text(rehearsal, text)
        run.complete(position, rehearsal)
    return run.finish()
