"""Prompts for the model mentee: rendered from prompts/*.j2, sandboxed, telling only what is unlocked."""

from __future__ import annotations

import pytest

from simulator.mentee.prompting import (MAX_WORDS, build_messages, merge_system, plain_prompt, prompts_dir,
                                        system_prompt)
from tests.test_model_guards import FACTS, SCENARIO, request, turn


def test_prompts_live_in_the_top_level_folder():
    d = prompts_dir()
    assert d.name == "prompts" and (d / "mentee_system.da.j2").is_file() and (d / "mentee_system.en.j2").is_file()


def test_the_system_prompt_has_persona_level_facts_and_gist():
    nurse = FACTS["nurse"]
    text = system_prompt(request(nurse, reaction="fact", revealed=["nurse"], allowed=[nurse], trust=0.35))
    p = SCENARIO.persona
    assert p.name in text and str(p.age) in text and p.origin in text and "niveau A2" in text
    assert "korte og enkle sætninger" in text          # how an A2 speaker talks
    assert f"højst {MAX_WORDS['A2']} ord" in text
    assert nurse in text                               # allowed and the gist
    assert "fortælle noget nyt om dig selv" in text    # the reaction's tone


def test_the_system_prompt_holds_no_locked_secret():
    text = system_prompt(request("Ja. Okay."))
    for fid, fact in FACTS.items():
        assert fact not in text, fid
    p = SCENARIO.persona
    for secret in (p.family, p.work_history, p.wants):
        assert secret not in text
    assert "sygeplejerske" not in text.lower() and "Samir" not in text


@pytest.mark.parametrize("level", ["A1", "A2", "B1", "B2"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_level_and_language_renders(level, lang):
    sc = SCENARIO.model_copy(update={"language": lang,
                                     "persona": SCENARIO.persona.model_copy(update={"level": level, "quiet": True})})
    text = system_prompt(request(scenario=sc))
    assert level in text and str(MAX_WORDS[level]) in text
    assert ("dansk" in text) if lang == "da" else ("English" in text)


def test_messages_carry_recent_turns_as_user_and_assistant():
    history = [turn(f"Spørgsmål {i}?", f"Svar {i}.") for i in range(6)]
    msgs = build_messages(request(history=history, mentor="Og nu?"))
    assert msgs[0]["role"] == "system"
    assert [m["role"] for m in msgs[1:]] == ["user", "assistant"] * 4 + ["user"]
    assert msgs[1]["content"] == "Spørgsmål 2?" and msgs[-2]["content"] == "Svar 5." and msgs[-1]["content"] == "Og nu?"


def test_a_pause_is_said_as_a_pause():
    assert build_messages(request(mentor=""))[-1]["content"] == "(Mentoren siger ingenting og venter roligt.)"


def test_mentor_words_are_not_rendered_as_templates():
    msgs = build_messages(request("{{ 7 * 7 }}", mentor="{{ persona.__class__ }} {% for x in [1] %}x{% endfor %}"))
    assert msgs[-1]["content"] == "{{ persona.__class__ }} {% for x in [1] %}x{% endfor %}"
    assert '"{{ 7 * 7 }}"' in msgs[0]["content"]


def test_plain_prompt_is_a_transcript_ending_at_the_mentee():
    text = plain_prompt(request(history=[turn("Hej!", "Hej.")], mentor="Hvordan går det?"))
    assert text.endswith("Mentor: Hej!\nRania: Hej.\nMentor: Hvordan går det?\nRania:")


def test_merge_system_for_templates_without_a_system_role():
    merged = merge_system([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}])
    assert merged == [{"role": "user", "content": "S\n\nU"}]
