"""Load scenario files into `Scenario` models, or explain exactly what is wrong."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateSyntaxError
from pydantic import ValidationError

from simulator.resources import project_dir
from simulator.scenario.models import Scenario, reference_problems
from simulator.scenario.yamlfile import FileProblems, Problem, line_of, read_yaml, validation_problems
from simulator.text.templates import check_template

ScenarioError = FileProblems


def builtin_scenario_dir() -> Path:
    """The scenarios shipped with the project (top-level `scenarios/`)."""
    return project_dir("scenarios")


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    data, node = read_yaml(path)
    if "drill" in data or "steps" in data and "persona" not in data:
        raise FileProblems([Problem(str(path), 1, "", "this looks like a drill file, not a scenario")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise FileProblems(validation_problems(path, node, exc)) from None
    problems = [Problem(str(path), line_of(node, loc), ".".join(str(x) for x in loc), msg)
                for loc, msg in reference_problems(scenario)]
    problems += _template_problems(path, node, scenario)
    if problems:
        raise FileProblems(problems)
    return scenario


def _template_problems(path: Path, node, scenario: Scenario) -> list[Problem]:
    out = []
    fields: list[tuple[tuple, str]] = [(("opening", i), t) for i, t in enumerate(scenario.opening)]
    fields += [(("facts", i, "text"), f.text) for i, f in enumerate(scenario.facts)]
    for key, r in scenario.reactions.items():
        fields += [(("reactions", key, "lines", i), t) for i, t in enumerate(r.lines)]
    for loc, text in fields:
        try:
            check_template(text)
        except TemplateSyntaxError as exc:
            out.append(Problem(str(path), line_of(node, loc), ".".join(str(x) for x in loc),
                               f"template error: {exc.message}"))
    return out


def find_scenarios(directory: Path | None = None) -> dict[str, Path]:
    """Map scenario id -> file for every scenario file under `directory` (drills excluded)."""
    directory = directory or builtin_scenario_dir()
    found: dict[str, Path] = {}
    for p in sorted(directory.rglob("*.yaml")):
        if "drills" in p.parts:
            continue
        found[p.stem] = p
    return found
