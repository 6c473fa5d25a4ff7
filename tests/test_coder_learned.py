"""The optional learned coder: offline from the project's own file, same answers as at training."""

import csv
import json
from pathlib import Path

import pytest

from simulator.coding.choice import get_coder
from simulator.coding.learned import load_model
from simulator.config import ConfigError, load_config
from tests.cli_support import run_cli


def test_reader_reproduces_the_training_libraries_predictions():
    model = load_model("da")
    assert len(model.checks) >= 50
    for text, code, tags in model.checks:
        assert model.predict(text) == (code, tags), text


def test_learned_coder_keeps_the_rules_segmentation_and_pause():
    coder = get_coder("da", "learned")
    assert coder.kind == "learned"
    turn = coder.code_turn("Tak fordi du kom. Hvad tænker du selv om praktikken?")
    assert len(turn.segments) == 2 and turn.primary == "open_question"
    assert coder.code_turn("...").is_pause


def test_no_english_model_means_the_rules():
    assert get_coder("en", "learned").kind == "rules"


def _run(*args, env_config=None, tmp_path=None):
    env = {}
    if env_config is not None:
        cfg = tmp_path / "config.toml"
        cfg.write_text(env_config, encoding="utf-8")
        env["MENTOR_SIM_CONFIG"] = str(cfg)
    return run_cli(*args, env=env)


def test_eval_names_the_coder_it_used(tmp_path):
    data = tmp_path / "e.csv"
    data.write_text("utterance,code\nHvad tænker du selv?,open_question\n", encoding="utf-8")
    out = _run("eval", str(data), "--coder", "learned", "--json")
    assert json.loads(out.stdout)["coder"] == "learned (da)"
    assert json.loads(_run("eval", str(data), "--json").stdout)["coder"] == "combined (da)"  # the default (validity.md)


def test_config_chooses_the_coder_for_rehearsals_and_the_session_records_it(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("Hvad tænker du selv?\n", encoding="utf-8")
    out = _run("rehearse", "first-meeting", "--script", str(script), "--json", "--no-save",
               env_config='coder = "learned"\n', tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["coder"] == "learned"


def test_a_bad_coder_value_in_the_config_names_file_and_line(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('backend = "scripted"\ncoder = "neural"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.toml:2: coder must be one of rules, learned"):
        load_config(cfg)


def test_cue_features_name_the_opening_and_a_final_question_mark():
    import re

    from simulator.coding.learned import word_grams

    token = re.compile(r"(?u)\b\w\w+\b")
    grams = word_grams("ka du komme torsdag?", token, 1, 2, cues=True)
    assert "⟨opens: ka⟩" in grams and "⟨opens: ka du⟩" in grams and "⟨ends in ?⟩" in grams
    assert "ka du" in grams and "torsdag" in grams
    assert not any(g.startswith("⟨") for g in word_grams("ka du komme torsdag?", token, 1, 2))
    assert "⟨ends in ?⟩" not in word_grams("jeg er nysgerrig på det", token, 1, 2, cues=True)


def test_a_matched_rule_decides_only_the_codes_the_policy_gives_it():
    from simulator.coding.learned import combine_code

    policy = {"codes_from_rules": ["ask_permission"]}
    assert combine_code("advice", "ask_permission", True, policy) == "ask_permission"
    assert combine_code("advice", "ask_permission", False, policy) == "advice"  # a default, not a pattern
    assert combine_code("advice", "information", True, policy) == "advice"
    assert combine_code("advice", "ask_permission", True, {}) == "advice"


def test_the_combined_coder_explains_a_code_a_rule_decided():
    from simulator.coding.learned import combine_policy

    coder, checked = get_coder("da", "combined"), 0
    for seg in (s for line in _EXPLAIN_LINES for s in coder.explain_turn(line)):
        said = seg["why"]["rules_would_say"]
        if seg["code"] in combine_policy()["codes_from_rules"] and said["rule"].endswith(f"({seg['code']})"):
            assert seg["why"]["code_source"].startswith("rules") and seg["why"]["rule"] == said["rule"]
            assert seg["why"]["words"] == said["words"]
            checked += 1
    assert checked >= 2


_EXPLAIN_LINES = ["Må jeg komme med et forslag?", "Godt gået!", "Skal vi tale om praktikken nu?", "Tak for i dag.",
                  "Kan du komme på torsdag?", "Lad os se på dagsordenen.",
                  "Du synes, det er svært.", "Hvad tænker du?", "Er du ok med at jeg siger noget?"]


def test_a_pause_labelled_as_one_counts_as_right_and_an_unlabelled_one_as_other():
    from simulator.coding.evaluation import Row, evaluate

    rows = [Row("...", "pause", frozenset(), "da"), Row("…", "other", frozenset(), "da"),
            Row("Hvad tænker du?", "open_question", frozenset(), "da")]
    assert evaluate(rows)["accuracy"] == 1.0
    assert evaluate([Row("...", "reflection", frozenset(), "da")])["accuracy"] == 0.0


def test_a_code_typo_in_codes_from_rules_is_named_by_file_and_line(tmp_path):
    from simulator.coding import combined_policy
    from simulator.yamlfile import FileProblems

    text = combined_policy.COMBINED_FILE.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("codes_from_rules:"))
    path = tmp_path / "combined.yaml"
    path.write_text(text.replace("codes_from_rules: [closed_question", "codes_from_rules: [closed_qestion"),
                    encoding="utf-8")
    with pytest.raises(FileProblems) as err:
        combined_policy.load_combined_policy(path)
    assert (f"{path}:{line}: codes_from_rules[0]: unknown code 'closed_qestion' (did you mean 'closed_question'?)"
            in str(err.value))


def test_each_label_correction_names_a_row_its_author_wrote_and_a_codebook_code():
    """scripts/train_coder.py trains on these codes instead of the author's; a correction whose
    row was edited away or whose code is misspelt would silently do nothing."""
    data = Path(__file__).parent / "data"
    codes = {"open_question", "closed_question", "reflection", "affirmation", "advice", "information",
             "self_disclosure", "ask_permission", "structure", "other"}
    with (data / "label_corrections_da.csv").open(encoding="utf-8", newline="") as fh:
        fixes = list(csv.DictReader(fh))
    assert fixes
    for fix in fixes:
        with (data / fix["set"]).open(encoding="utf-8", newline="") as fh:
            written = {(r["utterance"], r["code"]) for r in csv.DictReader(fh)}
        assert (fix["utterance"], fix["author_code"]) in written, fix
        assert fix["code"] in codes and fix["code"] != fix["author_code"] and fix["reason"], fix


def test_a_mentee_name_is_no_evidence_for_the_model():
    """Training sets greet and caricature Adam by name: with names read as words the model
    coded "Hej Adam" as foreigner talk (a live caricature warning for a plain hello; a new user
    saw it on "Hej Aye!")."""
    from simulator.coding.learned import masked

    model = load_model("da")
    assert model.names is not None and model.names.search("adam")
    assert masked("Hej Adam, hvordan går det?", model.names) == "hej, hvordan går det?"
    assert model.features("Hej Adam") == model.features("Hej Olena") == model.features("Hej")
    assert model.features("Hej Aye!") == model.features("Hej!")  # no lone "!" left behind
    # ("HEJ ADAM!" is caricature by its capitals: the rules' to see, not taught to the model)
    for hello in ("Hej Adam", "Hej Olena", "Hej Tesfay, godt at se dig", "Hej Aye!", "Hej Rania! Velkommen."):
        assert "caricature" not in get_coder("da", "combined").code_turn(hello).tags
