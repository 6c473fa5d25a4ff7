"""Authoring errors that say the fix: did-you-mean for unknown keys, the expected type in
words, quotes for a colon in a line, and a plain hint for indentation (docs/authoring.md)."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, load_scenario
from tests.conftest import SCENARIOS

FIRST = (SCENARIOS / "first-meeting.yaml").read_text(encoding="utf-8")


def _dedent_after(text: str, key: str) -> str:
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(key))
    lines[i + 1] = " " + lines[i + 1].lstrip()
    return "\n".join(lines)


CASES = [
    (FIRST.replace("    lines:", "    line:", 1), "reactions.default.line: unknown field (did you mean 'lines'?)"),
    (FIRST.replace("difficulty: 1", "difficulty: en", 1), "difficulty: write a whole number, not 'en'"),
    ((SCENARIOS / "culture-too-early.yaml").read_text(encoding="utf-8").replace("volunteer: false", "volunteer: nej", 1),
     "volunteer: write true or false, not 'nej'"),
    (FIRST.replace('opening:\n  - "Hej. Jeg er Rania. Er du min mentor?"', "opening:\n  - Til mentor: Hej", 1),
     "opening[0]: write a text; it contains ': ', so put the whole line in quotes"),
    (FIRST.replace("title: ", "title: Rania siger: hej ", 1), "a text with ': ' in it must be put in quotes"),
    (_dedent_after(FIRST, "  name:"), "broken YAML: expected <block end>, but found '<block mapping start>': "
                                      "the indentation is off"),
    (FIRST.replace("persona:\n", "persona:\n  shoe_size: 41\n", 1),
     "persona.shoe_size: unknown field (check the spelling; the fields here are: "),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_message_says_the_fix(tmp_path, text, expected):
    path = tmp_path / "first-meeting.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert expected in str(info.value)
    assert str(info.value).startswith(f"{path}:")
