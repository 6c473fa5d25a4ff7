"""Load scenario files into `Scenario` models, or explain exactly what is wrong."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from simulator.resources import project_dir
from simulator.scenario.models import Scenario, reference_problems
from simulator.yamlfile import FileProblems, Problem, field_name, line_of, read_yaml, validation_problems
from simulator.text.templates import TemplateRefused, check_scenario_template, scenario_context

ScenarioError = FileProblems


def builtin_scenario_dir() -> Path:
    """The scenarios shipped with the project (top-level `scenarios/`)."""
    return project_dir("scenarios")


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    data, node = read_yaml(path)
    if "persona" not in data and ("drill" in data or "steps" in data or "scenarios" in data):
        raise FileProblems([Problem(str(path), 1, "", "this looks like a drill file, not a scenario")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise FileProblems(validation_problems(path, node, exc, Scenario)) from None
    problems = [Problem(str(path), line_of(node, loc), ".".join(str(x) for x in loc), msg)
                for loc, msg in reference_problems(scenario)]
    problems += _template_problems(path, node, scenario)
    if problems:
        raise FileProblems(problems)
    return scenario


def _template_problems(path: Path, node, scenario: Scenario) -> list[Problem]:
    """Every line the mentee may say is checked and rendered now, in the sandbox, so a
    template that reaches for Python internals, a file or an unknown field is refused
    with its file and line instead of failing mid-rehearsal."""
    out = []
    fields: list[tuple[tuple, str]] = [(("opening", i), t) for i, t in enumerate(scenario.opening)]
    fields += [(("facts", i, "text"), f.text) for i, f in enumerate(scenario.facts)]
    fields += [(("facts", i, "short"), f.short) for i, f in enumerate(scenario.facts) if f.short]
    fields += [(("facts", i, "more", j), t) for i, f in enumerate(scenario.facts) for j, t in enumerate(f.more)]
    for key, r in scenario.reactions.items():
        fields += [(("reactions", key, "lines", i), t) for i, t in enumerate(r.lines)]
    for key, lines in scenario.better.items():
        fields += [(("better", key, i), t) for i, t in enumerate(lines)]
    persona = scenario.persona.model_dump()
    facts = {f.id: f.text for f in scenario.facts}
    # Both sides of `trainee or 'mentor'`: with and without a trainee name.
    contexts = [scenario_context(persona, facts, ""), scenario_context(persona, facts, "Mentor")]
    for loc, text in fields:
        try:
            check_scenario_template(text, contexts)
        except TemplateRefused as exc:
            out.append(Problem(str(path), line_of(node, loc), field_name(loc), str(exc)))
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
