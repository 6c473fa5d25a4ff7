"""Scenario files load into typed models, or fail with file:line: field: message."""

from pathlib import Path

import pytest
import yaml

from simulator.scenario import ScenarioError, find_scenarios, load_scenario
from tests.conftest import SCENARIOS
from tests.cli_support import run_cli

REQUIRED = {"first-meeting", "expectations", "family-reunification"}


def test_required_scenarios_ship_and_load():
    found = find_scenarios(SCENARIOS)
    assert REQUIRED <= set(found)
    for path in found.values():
        s = load_scenario(path)
        assert s.id == path.stem
        assert s.language in ("da", "en")


def _base() -> dict:
    return yaml.safe_load((SCENARIOS / "first-meeting.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data, name="s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                 encoding="utf-8")
    return p


def _error(path: Path) -> str:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return str(exc.value)


def test_broken_yaml_names_line(tmp_path):
    p = _write(tmp_path, "id: x\ntitle: [unclosed\nlanguage: da\n")
    msg = _error(p)
    assert msg.startswith(f"{p}:") and "broken YAML" in msg


def test_empty_file(tmp_path):
    assert "empty" in _error(_write(tmp_path, "   \n"))


def test_only_comments(tmp_path):
    assert "no data" in _error(_write(tmp_path, "# nothing here\n"))


def test_top_level_not_mapping(tmp_path):
    msg = _error(_write(tmp_path, "- a\n- b\n"))
    assert ":1:" in msg and "mapping" in msg


def test_nul_bytes(tmp_path):
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"id: x\x00\x01\x02")
    assert "NUL" in _error(p)


def test_not_utf8(tmp_path):
    p = tmp_path / "latin.yaml"
    p.write_bytes("id: første\n".encode("latin-1"))
    assert "UTF-8" in _error(p)


def test_huge_file_refused_without_parsing(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    assert "at most" in _error(p)


def test_absurd_value_names_field_and_line(tmp_path):
    d = _base()
    d["persona"]["age"] = 500
    p = _write(tmp_path, d)
    msg = _error(p)
    line = next(i for i, text in enumerate(p.read_text().splitlines(), 1) if text.strip().startswith("age:"))
    assert f"{p}:{line}: persona.age:" in msg


def test_wrong_type(tmp_path):
    d = _base()
    d["start_trust"] = "high"
    assert "start_trust" in _error(_write(tmp_path, d))


def test_unknown_field(tmp_path):
    d = _base()
    d["persona"]["shoe_size"] = 42
    msg = _error(_write(tmp_path, d))
    assert "persona.shoe_size: unknown field" in msg


def test_dangling_reference(tmp_path):
    d = _base()
    d["facts"][0]["requires"] = "no-such-fact"
    msg = _error(_write(tmp_path, d))
    assert "facts.0.requires" in msg and "no-such-fact" in msg


def test_unreachable_fact(tmp_path):
    d = _base()
    d["facts"][0]["topics"] = []
    d["facts"][0]["volunteer"] = False
    assert "can never be told" in _error(_write(tmp_path, d))


def test_duplicate_key(tmp_path):
    text = (SCENARIOS / "first-meeting.yaml").read_text(encoding="utf-8") + "\nid: again\n"
    assert "appears twice" in _error(_write(tmp_path, text))


def test_template_syntax_error(tmp_path):
    d = _base()
    d["opening"] = ["Hej {{ name "]
    assert "template error" in _error(_write(tmp_path, d))


def test_unknown_reaction_key(tmp_path):
    d = _base()
    d["reactions"]["smiling"] = {"lines": ["hej"]}
    assert "unknown reaction" in _error(_write(tmp_path, d))


def test_several_problems_reported_together(tmp_path):
    d = _base()
    d["persona"]["age"] = -1
    d["difficulty"] = 99
    msg = _error(_write(tmp_path, d))
    assert "persona.age" in msg and "difficulty" in msg


def test_cli_validate_gives_exit_code_and_no_traceback(tmp_path):
    bad = _write(tmp_path, "id: [\n", "bad.yaml")
    out = run_cli("validate", str(bad), str(SCENARIOS))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert f"{bad}:" in out.stderr
    assert "ok  " in out.stdout


def test_no_goodbye_names_a_day_the_talk_may_not_have_agreed():
    # user trial 31: "Vi ses om to uger." right after "vi ses torsdag kl. 16" was agreed
    import re

    when = re.compile(r"\b(?:om (?:en|to|tre|fjorten|\d+) (?:uge|uger|dage)|i (?:morgen|overmorgen)|"
                      r"på (?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)|next week|on (?:monday|"
                      r"tuesday|wednesday|thursday|friday))\b", re.IGNORECASE)
    for path in find_scenarios(SCENARIOS).values():
        scenario = load_scenario(path)
        for key in ("goodbye", "goodbye_cool"):
            reaction = scenario.reactions.get(key)
            for line in (reaction.lines if reaction else []):
                assert not when.search(line), f"{path.name}: {key}: {line}"


def test_the_better_lines_keep_the_short_sentences_they_teach():
    # user trial 31: the debrief's own better agreement was the only line flagged as hard to follow
    from simulator.scoring.figures import LONG_SENTENCE_WORDS
    from simulator.text.sentences import sentences
    from simulator.text.tokens import words

    for path in find_scenarios(SCENARIOS).values():
        better = yaml.safe_load(path.read_text(encoding="utf-8")).get("better") or {}
        for key, line in better.items():
            for sentence in sentences(str(line).strip("»«")):
                assert len(words(sentence)) <= LONG_SENTENCE_WORDS, f"{path.name}: better.{key}: {sentence}"
