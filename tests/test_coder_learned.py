"""The optional learned coder: offline from the project's own file, same answers as at training."""

import json

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
