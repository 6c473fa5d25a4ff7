"""A trainee never reads an exception's class name, and the app keeps to Textual's public API."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from simulator.errors import UserFacingError
from simulator.mentee.base import BackendError
from simulator.scenario import builtin_scenario_dir, load_scenario
from simulator.store import SessionStore
from simulator.tui.app import make_app
from simulator.tui.errorline import error_line
from simulator.locale import tr
from simulator.tui.settings import UiSettings
from tests.tui_support import SIZE, say

TUI = Path(__file__).resolve().parents[1] / "simulator" / "tui"


@pytest.mark.parametrize("exc, key", [
    (OSError(errno.ENOSPC, "No space left on device"), "error.disk_full"),
    (PermissionError(errno.EACCES, "Permission denied", "/data/x.json"), "error.no_permission"),
    (TimeoutError("timed out"), "error.timeout"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "error.connection"),
    (MemoryError(), "error.memory"),
    (KeyError("turns"), "error.unexpected"),
    (RuntimeError(), "error.unexpected"),
])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_each_failure_is_one_line_in_the_apps_words(exc, key, lang):
    line = error_line(lang, exc)
    assert line == tr(key, lang)
    assert type(exc).__name__ not in line and "\n" not in line


def test_an_unknown_os_error_names_the_file_not_the_class():
    line = error_line("da", FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/scenario.yaml"))
    assert line == tr("error.os", "da", path="/x/scenario.yaml")
    assert "FileNotFoundError" not in line and "Errno" not in line


def test_a_users_problem_is_shown_as_written_on_one_line():
    exc = BackendError("/models/tiny.gguf: no such file\n(give --model a model folder)")
    assert error_line("da", exc) == "/models/tiny.gguf: no such file (give --model a model folder)"
    assert error_line("en", UserFacingError("")) == tr("error.unexpected", "en")
    assert error_line("da", RuntimeError("the model  folder\nis empty")) == "the model folder is empty"


@pytest.mark.anyio
async def test_a_full_disk_under_the_mentee_reads_as_danish_not_oserror_28(tmp_path):
    class Broken:
        name = "broken"

        def reply(self, request, on_token=None):
            raise OSError(errno.ENOSPC, "No space left on device")

    scenario = load_scenario(builtin_scenario_dir() / "first-meeting.yaml")
    app = make_app(scenario=scenario, store=SessionStore(tmp_path / "s"), backend_factory=lambda sc: Broken(),
                   cursor_blink=False, settings=UiSettings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await say(pilot, "Hvad tænker du selv?")
        shown = [str(n.message) for n in app._notifications]
    assert tr("practice.reply_failed", "da", error=tr("error.disk_full", "da")) in shown
    assert not any("OSError" in m or "28" in m for m in shown)


# Textual's private names, and screens told apart by class-name strings, break on a minor upgrade.
PRIVATE = [re.compile(r"\._bindings\b"), re.compile(r"\bapp\._[a-z]"), re.compile(r"type\([^)]*\)\.__name__")]


def test_the_app_uses_textuals_public_api_only():
    found = [f"{path.relative_to(TUI)}:{n}: {line.strip()}"
             for path in sorted(TUI.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if any(rx.search(line) for rx in PRIVATE)]
    assert found == []
