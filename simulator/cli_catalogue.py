"""The files a trainer writes: `validate` (scenario and drill files), `scenarios` and
`drill list`. Every file is checked or listed whatever the one before it held; a
broken one is a line on stderr naming file and line, and the exit code says so.
Called from cli.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cliinput import EXIT_USAGE, say
from simulator.cliinput import print_json as _print_json


def cmd_validate(args) -> int:
    from simulator.scenario import ScenarioError, load_scenario
    from simulator.scenario.catalogue import id_problem

    files: list[Path] = []
    for ref in args.paths:
        p = Path(ref)
        if p.is_dir():
            files += sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml"))
        elif p.is_file():
            files.append(p)
        else:
            print(say("no_such_file_or_folder", path=ref), file=sys.stderr)
            return EXIT_USAGE
    bad = 0
    for f in files:  # every file is checked, whatever the one before it held
        try:
            if "drills" in f.parts:
                from simulator.scenario.drills import load_drill

                load_drill(f)
            else:
                problem = id_problem(f, load_scenario(f).id)
                if problem:
                    raise ScenarioError([problem])
            print(f"ok  {f}")
        except ScenarioError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
        except (OSError, ValueError, MemoryError, RecursionError) as exc:
            bad += 1
            print(_file_error_line(exc, f), file=sys.stderr)
    if not files:
        print(say("validate.none"), file=sys.stderr)
        return EXIT_USAGE
    print(say("validate.summary", ok=len(files) - bad, bad=bad))
    return 1 if bad else 0


def _file_error_line(exc: BaseException, path) -> str:
    from simulator.clierrors import os_error_line, value_error_line

    if isinstance(exc, OSError):
        return os_error_line(exc, path)
    if isinstance(exc, MemoryError):
        return say("validate.too_large", path=path)
    return f"{path}: {value_error_line(exc) or say('validate.unreadable', error=f'{type(exc).__name__}: {exc}')}"


def _load_each(paths, load, error: type[Exception]) -> tuple[list, list[str]]:
    """(path, loaded) for every file that loads; each refusal's message for the rest."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append((path, load(path)))
        except error as exc:
            problems.append(str(exc))
    return loaded, problems


def cmd_scenarios(args) -> int:
    from simulator import launch
    from simulator.scenario import ScenarioError, load_scenario

    loaded, problems = _load_each(launch.scenario_paths(args.dir).values(), load_scenario, ScenarioError)
    items = [{"id": s.id, "title": s.title, "language": s.language, "course_phase": s.course_phase,
              "difficulty": s.difficulty, "level": s.persona.level, "mentee": s.persona.name, "path": str(path)}
             for path, s in loaded]
    if args.json:
        _print_json(items)
    else:
        for i in items:
            print(f"{i['id']:<28} {i['language']}  {i['course_phase']:<16} {say('level')} {i['level']}  "
                  f"{say('difficulty')} {i['difficulty']}  {i['title']}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def cmd_drill_list(args) -> int:
    """`drill list [--dir DIR]`: the drills, Danish first as in the picker."""
    from simulator.scenario.catalogue import drill_files
    from simulator.scenario.drills import find_drills, load_drill
    from simulator.yamlfile import FileProblems

    folder = Path(args.dir) if args.dir else None
    found = find_drills(folder / "drills" if (folder / "drills").is_dir() else folder) if folder else drill_files()
    loaded, problems = _load_each(found.values(), load_drill, FileProblems)
    items = [{"id": d.id, "title": d.title, "language": d.language, "scenarios": d.scenario_ids,
              "path": str(path)} for path, d in loaded]
    items.sort(key=lambda i: (i["language"] != "da", i["id"]))  # Danish first, as in the picker
    if args.json:
        _print_json(items)
    else:
        for i in items:
            print(f"{i['id']:<20} {i['title']:<32}  {' → '.join(i['scenarios'])}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0
