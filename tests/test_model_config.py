"""The configuration file (TOML) and how build_backend takes its defaults from it."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from simulator.config import Config, ConfigError, config_path, load_config
from simulator.mentee.factory import BackendError, build_backend, resolve_kind


@pytest.fixture
def cfg_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(path))
    return path


def test_the_default_place_is_the_user_config_folder(monkeypatch):
    monkeypatch.delenv("MENTOR_SIM_CONFIG", raising=False)
    p = config_path()
    assert p.name == "config.toml" and p.parent.name.lower() == "samtaletraener"


def test_a_missing_default_file_is_an_empty_config(tmp_path):
    assert load_config(tmp_path / "absent.toml") == Config()


def test_a_missing_file_named_by_the_environment_is_an_empty_config(cfg_file):
    assert load_config() == Config()


def test_values_are_read(cfg_file):
    cfg_file.write_text('backend = "server"\nmodel = "llama3.2"\nendpoint = "http://127.0.0.1:11434"\n'
                        "timeout = 45\n", encoding="utf-8")
    c = load_config()
    assert (c.backend, c.model, c.endpoint, c.timeout) == ("server", "llama3.2", "http://127.0.0.1:11434", 45.0)
    assert c.path == cfg_file


def test_bad_toml_names_file_and_line(cfg_file):
    cfg_file.write_text('backend = "model"\nmodel = /models/qwen\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config()
    assert str(err.value).startswith(f"{cfg_file}:2: ")


def test_unknown_key_names_the_line(cfg_file):
    cfg_file.write_text('backend = "model"\nmodle = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml:2: unknown key 'modle'; known keys: backend, model"):
        load_config()


@pytest.mark.parametrize("text, message", [
    ('backend = "gpt"\n', "backend must be one of scripted, model, server"),
    ("timeout = -3\n", "timeout must be a number of seconds"),
    ('timeout = "soon"\n', "timeout must be a number of seconds"),
    ("model = 3\n", "model must be a non-empty text"),
])
def test_bad_values_are_named(cfg_file, text, message):
    cfg_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config()


def test_not_utf8(cfg_file):
    cfg_file.write_bytes(b'model = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config()


def test_build_backend_takes_missing_values_from_the_config(cfg_file, tmp_path):
    missing = tmp_path / "from-config-model"
    cfg_file.write_text(f'backend = "model"\nmodel = "{missing}"\n', encoding="utf-8")
    with pytest.raises(BackendError, match="from-config-model: no such model folder"):
        build_backend(None, Namespace(model=None, endpoint=None, timeout=None), None)
    # The command line wins over the file.
    with pytest.raises(BackendError, match="from-args: no such model folder"):
        build_backend("model", Namespace(model=str(tmp_path / "from-args"), endpoint=None, timeout=None), None)


def test_a_broken_config_is_a_backend_error_for_the_cli(cfg_file):
    cfg_file.write_text("model = [\n", encoding="utf-8")
    with pytest.raises(BackendError, match=str(cfg_file)):
        build_backend("model", Namespace(model=None, endpoint=None, timeout=None), None)


def test_resolve_kind(cfg_file):
    assert resolve_kind(Namespace(mentee="model")) == "model"
    assert resolve_kind(Namespace(mentee=None)) == "scripted"  # the file does not exist yet
    cfg_file.write_text('backend = "server"\n', encoding="utf-8")
    assert resolve_kind(Namespace(mentee=None)) == "server"


def test_config_timeout_is_used_when_args_have_none(cfg_file):
    from tests.test_model_http import FakeServer

    cfg_file.write_text("timeout = 7\n", encoding="utf-8")
    with FakeServer() as srv:
        b = build_backend("server", Namespace(model="tiny", endpoint=srv.url, timeout=None), None)
        assert b.timeout == 7.0
        b = build_backend("server", Namespace(model="tiny", endpoint=srv.url, timeout=3.0), None)
        assert b.timeout == 3.0


def test_scripted_needs_nothing(tmp_path):
    assert build_backend("scripted", None, None, config=Config()).name == "scripted"


def test_docs_example_parses(tmp_path):
    """The example in docs/model-mentee.md is a valid configuration file."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "model-mentee.md").read_text(encoding="utf-8")
    block = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "c.toml"
    f.write_text(block, encoding="utf-8")
    c = load_config(f)
    assert c.backend in ("model", "server") and c.timeout
