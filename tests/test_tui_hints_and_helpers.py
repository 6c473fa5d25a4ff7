"""The pure parts behind the terminal app: hints, step states, figures, filters, words.

No terminal here: these run in milliseconds and pin the behaviour the screens
only display. Also checks that the hint picker and the helpers stay free of
textual (the core and the helpers must be usable without the TUI).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from simulator.coding.labels import labels
from simulator.engine.hints import HINTS_FILE, SITUATIONS, hints_for, pick_hint, situations
from simulator.engine.rehearsal import Rehearsal
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.locale import entries, tr
from simulator.locale.numbers import fmt_figure, fmt_number, fmt_share
from simulator.tui.present import (clip, help_markdown, live_figures,
                                   matches, step_states, trust_bar, validity_note)
from simulator.tui.settings import UiSettings, load_settings, save_settings


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(builtin_scenario_dir() / "first-meeting.yaml")


def play(scenario, lines):
    r = Rehearsal(scenario)
    for line in lines:
        r.take_turn(line)
    return r.session


# -- hints -----------------------------------------------------------------------

def test_every_hint_has_both_languages_a_known_situation_and_a_section():
    entries = yaml.safe_load(HINTS_FILE.read_text(encoding="utf-8"))["hints"]
    steps = set(labels()["steps"]) | {"any"}
    for e in entries:
        assert e["situation"] in SITUATIONS, e
        assert e["step"] in steps, e
        assert e["da"].strip() and e["en"].strip() and e["section"].strip(), e
    for step in labels()["steps"]:  # every step has a default hint
        assert any(e["step"] == step and e["situation"] == "default" for e in entries), step


def test_first_hint_is_about_making_contact(scenario):
    session = play(scenario, [])
    hint = pick_hint(session, "da")
    assert (hint.step, hint.situation) == ("establish_contact", "default")
    assert pick_hint(session, "en").text != hint.text


def test_advice_without_permission_is_named_first(scenario):
    session = play(scenario, ["Du kunne søge job i et køkken."])
    assert situations(session)[0] == "advice_without_permission"
    assert pick_hint(session, "da").section == "Erfaring"


def test_boundary_beats_everything(scenario):
    session = play(scenario, ["Har du børn?", "Sad du i fængsel i Syrien?"])
    assert situations(session)[0] == "boundary"


def test_no_reflection_yet_after_questions_only(scenario):
    session = play(scenario, ["Hvad laver du?", "Hvad kan du lide?"])
    assert "no_reflection_yet" in situations(session)
    session = play(scenario, ["Hvad laver du?", "Så du er glad for dit arbejde.", "Hvad kan du lide?"])
    assert "no_reflection_yet" not in situations(session)


def test_no_agreement_near_the_end(scenario):
    lines = ["Hej Rania, jeg hedder Lars.", "Fortæl lidt om dig selv.", "Så du har to børn.",
             "Hvad vil du gerne opnå? Hvad er dit mål?", "Hvad tænker du selv kunne være et næste skridt?",
             "Så du vil gerne arbejde med de gamle.", "Hvad skal der til for at tage det skridt?",
             "Hvem kan hjælpe dig med det?", "Hvad kunne være hjælpsomt lige nu?",
             "Så du vil spørge din leder.", "Hvordan vil du gøre det?"]
    session = play(scenario, lines)
    assert session.turns[-1].step in ("develop", "round_off")
    assert "no_agreement_near_end" in situations(session)
    agreed = play(scenario, lines + ["Lad os aftale, at du spørger din leder inden fredag."])
    assert "no_agreement_near_end" not in situations(agreed)


def test_pressing_again_cycles_through_the_fitting_hints(scenario):
    session = play(scenario, ["Du kunne søge job i et køkken."])
    all_hints = hints_for(session, "da")
    assert len(all_hints) >= 2
    assert [pick_hint(session, "da", nth=i) for i in range(len(all_hints))] == all_hints
    assert pick_hint(session, "da", nth=len(all_hints)) == all_hints[0]
    assert all_hints[-1].situation == "default"


# -- present -------------------------------------------------------------------------

def test_step_states_mark_done_current_skipped_and_todo(scenario):
    session = play(scenario, ["Hvad tænker du selv?", "Hvad vil du gerne opnå? Hvad er dit mål?"])
    states = dict(step_states(session.turns))
    assert states["establish_contact"] == "skipped"
    assert states["unfold_story"] == "done"
    assert states["set_goal"] == "current"
    assert states["develop"] == states["round_off"] == "todo"
    assert all(s == "todo" for _, s in step_states([]))


def test_numbers_follow_the_language():
    assert fmt_share(0.667, "da") == "67 %" and fmt_share(0.667, "en") == "67%"
    assert fmt_number(0.5, "da") == "0,5" and fmt_number(0.5, "en") == "0.5"
    assert fmt_number(None, "da") == "–" and fmt_number(2.0, "da") == "2"
    assert fmt_figure("agreement_at_end", 1.0, "da") == "ja"
    assert fmt_figure("mentor_talk_share", 0.45, "en") == "45%"
    assert clip("Abdulrahman taler om alt andet", 12) == "Abdulrahman…"


def test_live_figures_carry_band_words(scenario):
    from simulator.scoring.figures import compute_figures

    session = play(scenario, ["Har du et job?", "Har du børn?"])
    rows = live_figures(compute_figures(session), "da")
    assert rows[0][:4] == ("Åbne spm.", "0 %", "not_yet", "ikke endnu")
    assert rows[2][2] in ("good", "fair", "not_yet") and rows[2][3]


def test_trust_bar():
    assert trust_bar(0.0, 10) == "░" * 10
    assert trust_bar(0.5, 10) == "█" * 5 + "░" * 5
    assert trust_bar(1.0, 10) == "█" * 10


def test_picker_filter_matches_word_starts(scenario):
    assert matches(scenario, "", "da")
    assert matches(scenario, "første rania", "da")
    assert matches(scenario, "afkl a2", "da")
    assert matches(scenario, "clarif", "en")  # the phase in the interface language
    assert not matches(scenario, "rania en", "da")
    assert not matches(scenario, "olena", "da")


def test_help_text_explains_bands_and_the_overall_formula(tmp_path):
    text = help_markdown("da", [("^t", "Tip")])
    assert "Åbent spørgsmål" in text and "⚠ faldgrube" in text and "Tip" in text
    assert "GOD" in text and "NOGENLUNDE" in text and "IKKE ENDNU" in text
    assert "100 × summen af vægt × point" in text
    assert "ikke målt" in validity_note("da", tmp_path / "missing.yaml")
    summary = tmp_path / "validity_summary.yaml"
    summary.write_text("source: docs/validity.md\nsummary: |\n  Accuracy 0.81 on 200 rows.\n", encoding="utf-8")
    note = validity_note("en", summary)
    assert note.startswith("Accuracy 0.81 on 200 rows.") and "docs/validity.md" in note
    summary.write_text("summary: [not, text]\n", encoding="utf-8")
    assert "not been measured" in validity_note("en", summary)
    assert "not yet" in help_markdown("en").lower()


# -- words and settings --------------------------------------------------------------

def test_danish_and_english_strings_have_the_same_keys():
    assert set(entries("da")) == set(entries("en"))
    assert tr("practice.busy", "en", name="Rania") == "Wait for Rania's reply."
    assert tr("key.hint", "xx") == "Tip"   # unknown language falls back to Danish


def test_settings_round_trip_and_bad_files(tmp_path):
    path = tmp_path / "s.json"
    assert load_settings(path) == UiSettings()
    save_settings(path, UiSettings(show_trust=False, type_out=True))
    assert load_settings(path) == UiSettings(show_trust=False, type_out=True)
    path.write_text('{"show_trust": "no", "type_out": true}', encoding="utf-8")
    assert load_settings(path) == UiSettings(type_out=True)
    path.write_text("not json", encoding="utf-8")
    assert load_settings(path) == UiSettings()
    save_settings(None, UiSettings())  # --no-save: nothing written, no error


@pytest.mark.parametrize("module", ["simulator.engine.hints", "simulator.tui.present", "simulator.locale",
                                    "simulator.tui.settings"])
def test_pure_modules_import_no_ui(module):
    code = (f"import sys, {module}\n"
            "print(','.join(m for m in ('textual', 'torch', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_warning_is_shown_once_per_turn():
    # "Åh, stakkels dig. Det er så synd for dig." raised the pity warning on both sentences;
    # a new user saw it twice on one line
    from simulator.coding import get_coder
    from simulator.tui.widgets.transcript import codes_content

    turn = get_coder("da", "rules").code_turn("Åh, stakkels dig. Det er så synd for dig.")
    assert [s.tags for s in turn.segments] == [["pity"], ["pity"]]
    assert str(codes_content(turn.segments, "da")).count("⚠") == 1
