"""Typed models of drill files, their loader and their validation messages.

A drill is a trainer's plan for a training evening: a sequence of scenarios,
played one after the other, with targets per scenario and for the drill as a
whole. A target is either a threshold on one of the scorer's figures
(`figure: NAME` with `min` and/or `max`, any name in `models.FIGURES`) or one
of a few named sequence rules that look at the order of the saved turns:

    reflections_before_advice: N   at least N reflections before the first advice
    permission_before_advice       every advice follows an ask_permission
    agreement_at_end               the conversation ends with a concrete agreement
    no_taboo_probe                 no question into flight, prison, torture, war

Like the scenario loader, every mistake in a drill file becomes
`file:line: field: message` (FileProblems), and a scenario the drill names
must exist. This module only describes and checks drills; playing one and
evaluating its targets is `simulator.drills`. It knows nothing of the terminal.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from simulator.scenario.loader import builtin_scenario_dir
from simulator.scenario.models import _ID, FIGURES, Strict
from simulator.yamlfile import FileProblems, Problem, line_of, read_yaml, validation_problems

# The named sequence rules. Each one but reflections_before_advice is a plain switch.
RULES = ("reflections_before_advice", "permission_before_advice", "agreement_at_end", "no_taboo_probe")
SWITCH_RULES = RULES[1:]
TARGET_FIELDS = ("figure", "min", "max", "label") + RULES


class DrillTarget(Strict):
    """One target: a figure threshold or one named rule, with an optional label for the trainee."""

    figure: str | None = None
    min: float | None = None
    max: float | None = None
    reflections_before_advice: int | None = Field(default=None, ge=1, le=20, strict=True)
    permission_before_advice: bool | None = None
    agreement_at_end: bool | None = None
    no_taboo_probe: bool | None = None
    label: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data):
        # `- no_taboo_probe` reads better than `- no_taboo_probe: true`.
        if isinstance(data, str):
            name = data.strip()
            if name in SWITCH_RULES:
                return {name: True}
            if name == "reflections_before_advice":
                raise ValueError("reflections_before_advice needs a number, e.g. 'reflections_before_advice: 2'")
            raise ValueError(f"unknown target {name!r}{_did_you_mean(name, RULES)}; write "
                             f"'figure: NAME' with min/max, or one of the rules: {', '.join(RULES)}")
        return data

    @field_validator("figure")
    @classmethod
    def _figure(cls, v: str | None) -> str | None:
        if v is not None and v not in FIGURES:
            raise ValueError(f"unknown figure {v!r}{_did_you_mean(v, FIGURES)}; known: {', '.join(FIGURES)}")
        return v

    @model_validator(mode="after")
    def _one_check(self) -> "DrillTarget":
        rules = [r for r in RULES if getattr(self, r) is not None]
        for r in SWITCH_RULES:
            if getattr(self, r) is False:
                raise ValueError(f"{r}: false checks nothing; write {r}: true, or leave the target out")
        if self.figure is None and not rules:
            raise ValueError(f"a target needs 'figure: NAME' with min/max, or one of the rules: {', '.join(RULES)}")
        if (self.figure is not None and rules) or len(rules) > 1:
            names = (["figure"] if self.figure else []) + rules
            raise ValueError(f"one check per target, this one has {' and '.join(names)}; "
                             "make a separate '- ' item for each")
        if self.figure is not None:
            if self.min is None and self.max is None:
                raise ValueError(f"figure {self.figure!r} needs min or max")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError("min is larger than max")
        elif self.min is not None or self.max is not None:
            raise ValueError(f"min and max belong to figure targets, not to the rule {rules[0]}")
        return self

    @property
    def name(self) -> str:
        """The figure or rule this target checks."""
        return self.figure or next(r for r in RULES if getattr(self, r) is not None)

    @property
    def kind(self) -> Literal["figure", "rule"]:
        return "figure" if self.figure else "rule"


class DrillStep(Strict):
    """One scenario of the drill, with what the trainer asks of this conversation."""

    scenario: str
    note: str | None = Field(default=None, min_length=1, max_length=600)  # shown before the scenario starts
    targets: list[DrillTarget] = Field(default_factory=list, max_length=20)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data):
        return {"scenario": data} if isinstance(data, str) else data


class Drill(Strict):
    id: str
    title: str = Field(min_length=1, max_length=120)
    language: Literal["da", "en"] = "da"  # language of the default target labels and of the text output
    description: str | None = Field(default=None, min_length=1, max_length=2000)
    scenarios: list[DrillStep] = Field(min_length=1, max_length=12)
    targets: list[DrillTarget] = Field(default_factory=list, max_length=20)  # over the whole drill

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("use lower-case letters, digits and '-' (e.g. 'first-evening')")
        return v

    @property
    def scenario_ids(self) -> list[str]:
        return [step.scenario for step in self.scenarios]


# -- loading -------------------------------------------------------------------------

def builtin_drill_dir() -> Path:
    return builtin_scenario_dir() / "drills"


def scenario_dirs_for(path: Path) -> list[Path]:
    """Where a drill's scenario ids are looked up: the folder its `drills` folder sits in, then the shipped ones."""
    path = Path(path).resolve()
    dirs = []
    if path.parent.name == "drills":
        dirs.append(path.parent.parent)
    from simulator.scenario.catalogue import scenario_dirs  # the trainer's folders, then the shipped one

    seen = {d.resolve() for d in dirs}
    dirs += [d for d in scenario_dirs() if d.resolve() not in seen]
    return dirs


def known_scenarios(dirs: list[Path]) -> dict[str, Path]:
    from simulator.scenario.catalogue import scenario_files  # one id in two folders is an error

    return scenario_files(dirs)


def load_drill(path: str | Path, scenario_dirs: list[Path] | None = None) -> Drill:
    """Read and check a drill file; raise FileProblems with file:line: field: messages."""
    path = Path(path)
    data, node = read_yaml(path)
    if "persona" in data or "facts" in data:
        raise FileProblems([Problem(str(path), 1, "", "this looks like a scenario file, not a drill; "
                                    "drills live in a folder named 'drills'")])
    drill, problems = None, []
    try:
        drill = Drill.model_validate(data)
    except ValidationError as exc:
        problems += [_explain(p) for p in validation_problems(path, node, exc, Drill)]
    # Checked on the raw data too, so a misspelt scenario shows up together with a misspelt field.
    problems += _reference_problems(path, node, data, scenario_dirs or scenario_dirs_for(path))
    if problems or drill is None:
        raise FileProblems(sorted(problems, key=lambda p: p.line or 0))
    return drill


def _reference_problems(path: Path, node, data: dict, scenario_dirs: list[Path]) -> list[Problem]:
    problems = []
    drill_id = data.get("id")
    if isinstance(drill_id, str) and _ID.match(drill_id) and drill_id != path.stem:
        problems.append(Problem(str(path), line_of(node, ("id",)), "id",
                                f"{drill_id!r} is not the file's name ({path.name}); drills are found by "
                                f"file name: rename the file to {drill_id}.yaml or change the id"))
    steps = data.get("scenarios")
    if not isinstance(steps, list):
        return problems
    known = known_scenarios(scenario_dirs)
    first_seen: dict[str, int] = {}
    for i, step in enumerate(steps):
        sid = step.get("scenario") if isinstance(step, dict) else step
        if not isinstance(sid, str):
            continue  # the model reports the wrong type
        sid = sid.strip()
        line = line_of(node, ("scenarios", i, "scenario"))
        field = f"scenarios[{i}].scenario"
        if sid not in known:
            problems.append(Problem(str(path), line, field,
                                    f"unknown scenario {sid!r}{_did_you_mean(sid, known)}; "
                                    f"known scenarios: {', '.join(sorted(known)) or 'none'}"))
        elif sid in first_seen:
            problems.append(Problem(str(path), line, field,
                                    f"scenario {sid!r} is already in the drill (line {first_seen[sid]}); "
                                    "each scenario may be played once per drill"))
        first_seen.setdefault(sid, line or 0)
    return problems


def scenario_path(drill_path: Path, scenario_id: str) -> Path:
    """The file of a scenario the (already checked) drill names."""
    return known_scenarios(scenario_dirs_for(drill_path))[scenario_id]


def find_drills(directory: Path | None = None) -> dict[str, Path]:
    """Map drill id (the file name) -> file for every drill file in `directory`."""
    directory = directory or builtin_drill_dir()
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in sorted(directory.glob("*.yaml"))}


def _did_you_mean(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _explain(problem: Problem) -> Problem:
    """Name the target vocabulary when an unknown field sits in a target."""
    last = problem.field.rsplit(".", 1)[-1]
    if problem.message.startswith("unknown field") and "targets[" in problem.field:
        problem.message = (f"unknown target field {last!r}{_did_you_mean(last, TARGET_FIELDS)}; a target is "
                           f"'figure: NAME' with min/max, or one of the rules: {', '.join(RULES)}")
    elif problem.field == "scenarios" and problem.message.startswith("List should have at least"):
        problem.message = "a drill needs at least one scenario"
    return problem
