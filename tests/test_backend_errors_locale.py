"""A mentee backend that cannot start says so in the session's language, with what to do,
and the technical reason short at the end; the command line speaks its own language (Danish unless --lang en)."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import pytest

from simulator import launch
from simulator.locale import entries
from simulator.mentee.base import BackendError
from simulator.mentee.factory import build_backend
from simulator.mentee.shared import AppBackends
from simulator.scenario import load_scenario
from simulator.tui.app import make_app
from simulator.tui.errorline import error_line

ROOT = Path(__file__).resolve().parents[1]
MENTEE = ROOT / "simulator" / "mentee"


def _down_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens here now
    return f"http://127.0.0.1:{port}"


def _server_error(url: str) -> BackendError:
    with pytest.raises(BackendError) as caught:
        build_backend("server", launch.BackendOptions(mentee="server", endpoint=url, timeout=2), config=_no_config())
    return caught.value


def _no_config():
    from simulator.config import Config

    return Config()


def test_an_unreachable_server_is_said_in_danish_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "config.toml"))
    url = _down_url()
    exc = _server_error(url)
    da = error_line("da", exc)
    assert da.startswith(f"{url}: modelserveren svarer ikke.")
    assert "--mentee scripted" in da and f"endpoint i {tmp_path / 'config.toml'}" in da
    assert re.search(r"Årsag: [^.]*refused$", da, re.IGNORECASE), da  # the reason, short, last
    assert "cannot reach" not in da
    en = error_line("en", exc)
    assert en.startswith(f"{url}: cannot reach the model server.") and "Reason:" in en
    assert str(exc) == en  # the command line's line is the English one


def test_a_plain_backend_message_is_shown_as_written():
    exc = BackendError("/m/x.gguf: something the loader said")
    assert error_line("da", exc) == error_line("en", exc) == "/m/x.gguf: something the loader said"


def _backend_keys_raised() -> set[str]:
    keys = set()
    for path in MENTEE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                if name in ("of", "_error"):
                    keys.add(f"backend.{node.args[0].value}")
    return keys


def test_every_backend_error_has_danish_and_english_words_and_none_is_unused():
    raised = _backend_keys_raised()
    assert len(raised) > 15  # the scan finds the raises
    for lang in ("da", "en"):
        written = {k for k in entries(lang) if k.startswith("backend.")}
        assert raised == written, lang
    assert all(entries("da")[k] != entries("en")[k] for k in raised)


SCENARIO = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")


@pytest.mark.anyio
async def test_the_app_lands_on_the_picker_with_a_danish_notice(monkeypatch, tmp_path):
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "config.toml"))
    url = _down_url()
    factory = AppBackends(launch.BackendOptions(mentee="server", endpoint=url, timeout=2), build=launch.make_backend)
    app = make_app(lang="da", scenario=SCENARIO, store=None, backend_factory=factory, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "PickerScreen"
        notes = [n for n in app._notifications if n.severity == "error"]
        assert len(notes) == 1 and notes[0].title == "Samtalen kunne ikke startes"
        assert notes[0].message.startswith(f"{url}: modelserveren svarer ikke. Start med manuskriptets mentee")


@pytest.mark.anyio
async def test_a_model_that_cannot_load_is_said_in_the_app_language(monkeypatch, tmp_path):
    from simulator.mentee.transformers_backend import check_model_path

    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "config.toml"))
    missing = str(tmp_path / "missing.gguf")

    def load(options, scenario):
        return check_model_path(options.model)  # raises: no such file

    factory = AppBackends(launch.BackendOptions(mentee="model", model=missing), build=load, kind="model")
    app = make_app(lang="da", scenario=SCENARIO, store=None, backend_factory=factory, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if any("ingen sådan modelmappe" in n.message for n in app._notifications):
                break
        failed = [n.message for n in app._notifications if "ingen sådan modelmappe" in n.message]
        assert failed and "--mentee scripted" in failed[0] and "no such" not in failed[0]


def test_command_line_says_it_in_its_own_language(tmp_path):
    """The CLI is Danish first: its error line for a server that cannot be reached is Danish,
    and English with the global --lang en."""
    from tests.cli_support import run_cli

    url = _down_url()
    env = {"MENTOR_SIM_CONFIG": str(tmp_path / "none.toml")}
    args = ("rehearse", "first-meeting", "--mentee", "server", "--endpoint", url, "--no-save")
    da = run_cli(*args, stdin="Hej\n", env=env)
    en = run_cli("--lang", "en", *args, stdin="Hej\n", env=env)
    assert da.returncode == en.returncode == 2
    assert "modelserveren svarer ikke" in da.stderr and "Årsag:" in da.stderr
    assert "cannot reach the model server" in en.stderr and "Reason:" in en.stderr
