"""Nothing crashes: any scenario or drill file is loaded or refused with a clear message.

Random YAML and random mutations of the shipped scenarios and drills (keys
deleted, duplicated, retyped, numbers changed, junk injected, text truncated).
The only exception allowed out of a loader is `FileProblems`, and each of its
problems names the file and a field or the kind of problem. A share of what
`scripts/fuzz.py` runs.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings

from simulator.scenario import load_scenario
from simulator.yamlfile import MAX_BYTES, FileProblems
from tests.fuzzing import DRILL_FILES, SCENARIO_FILES, check_rejection, write_case, yaml_document

SCENARIO_TEXTS = [p.read_text(encoding="utf-8") for p in SCENARIO_FILES]
DRILL_TEXTS = [p.read_text(encoding="utf-8") for p in DRILL_FILES]
FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _load_drill():
    try:
        from simulator.scenario.drills import load_drill
    except ImportError:  # the drill loader is another engineer's and may not be there yet
        return None
    return load_drill


@FAST
@given(doc=yaml_document(SCENARIO_TEXTS))
@example(doc="id: x\nid: y\n")
@example(doc="a: &a [1, 2]\nb: *a\n<<: *a\n")
@example(doc="- just\n- a list\n")
@example(doc="!!python/object/apply:os.system ['echo pwned']\n")
@example(doc="[" * 5000 + "]" * 5000)
def test_scenario_loader_refuses_clearly_or_loads(tmp_path, doc):
    path = tmp_path / "case.yaml"
    write_case(path, doc)
    try:
        scenario = load_scenario(path)
    except FileProblems as exc:
        check_rejection(exc, path)
    else:
        assert scenario.reactions["default"].lines


@pytest.mark.skipif(not DRILL_FILES or _load_drill() is None, reason="no drill loader or drills yet")
@FAST
@given(doc=yaml_document(DRILL_TEXTS or ["id: x\n"]))
def test_drill_loader_refuses_clearly_or_loads(tmp_path, doc):
    load_drill = _load_drill()
    path = tmp_path / "drills" / "case.yaml"
    path.parent.mkdir(exist_ok=True)
    write_case(path, doc)
    try:
        load_drill(path)
    except FileProblems as exc:
        check_rejection(exc, path)


def test_a_file_over_the_limit_is_refused_at_once_without_being_read(tmp_path):
    path = tmp_path / "huge.yaml"
    base = SCENARIO_TEXTS[0]
    path.write_text(base + "# " + "x" * (MAX_BYTES + 10) + "\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(FileProblems) as info:
        load_scenario(path)
    assert time.perf_counter() - start < 0.5
    [problem] = info.value.problems
    assert str(path) in str(problem) and "at most 1,000,000" in problem.message


def test_a_file_just_under_the_limit_still_loads_quickly(tmp_path):
    # the limit is about size, not about a well-formed file with long comments
    path = tmp_path / "padded.yaml"
    text = SCENARIO_FILES[0].read_text(encoding="utf-8")
    pad = "# " + "x" * 98 + "\n"
    path.write_text(text + pad * ((MAX_BYTES - len(text.encode()) - 200) // len(pad)), encoding="utf-8")
    assert path.stat().st_size <= MAX_BYTES
    start = time.perf_counter()
    load_scenario(path)
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(("doc", "expected"), [
    ("a: &a {x: 1}\nb:\n  <<: *a\n", "merge keys ('<<') are not supported"),
    ("id: !!python/object/apply:os.system ['id']\n", "the tag '!!python/object/apply:os.system' is not allowed"),
    ("id: x\nid: y\n", "key 'id' appears twice (first on line 1)"),
    ("'': 1\n", "'': unknown field"),
])
def test_yaml_tricks_get_plain_words(tmp_path, doc, expected):
    path = tmp_path / "case.yaml"
    write_case(path, doc)
    with pytest.raises(FileProblems) as info:
        load_scenario(path)
    assert expected in str(info.value)
    check_rejection(info.value, path)


def test_a_billion_laughs_is_refused_quickly(tmp_path):
    # Aliases are shared, not copied, by the YAML reader; nothing later may expand them either.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    base = SCENARIO_TEXTS[0]
    for where in ("junk:\n" + "\n".join("  " + x for x in lines) + "\n" + base,
                  base.replace("\ntrains:", "\nlaughs:\n" + "\n".join("  " + x for x in lines) + "\ntrains: *a9\n"
                               "old_trains:", 1)):
        path = tmp_path / "laughs.yaml"
        write_case(path, where)
        start = time.perf_counter()
        with pytest.raises(FileProblems) as info:
            load_scenario(path)
        assert time.perf_counter() - start < 2
        check_rejection(info.value, path)
