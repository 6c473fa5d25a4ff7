"""No network: the suite cannot reach past loopback, and a scripted rehearsal and
the TUI open no connection at all, not even to loopback, and resolve no name.
"""

from __future__ import annotations

import socket

import pytest

from simulator import cli
from simulator.mentee.scripted import ScriptedMentee
from simulator.scenario import load_scenario
from simulator.store import SessionStore
from tests.conftest import SCENARIOS


def test_a_non_loopback_connect_fails_in_the_suite():
    for address in (("192.0.2.1", 80), ("10.0.0.1", 443), ("2001:db8::1", 80, 0, 0)):
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            with pytest.raises(RuntimeError, match="network access in tests is not allowed"):
                s.connect(address)
    with pytest.raises(RuntimeError, match="not allowed"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_still_works_for_local_test_servers():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            conn, _ = server.accept()
            conn.close()


@pytest.fixture
def recorded(monkeypatch):
    """Every connection attempt and name lookup, refused and written down."""
    calls: list[tuple] = []

    def refuse(kind):
        def fn(*args, **kwargs):
            calls.append((kind, args[1:] if kind.startswith("socket.") else args))
            raise OSError(f"{kind} attempted during an offline test")
        return fn

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return calls


def test_a_scripted_rehearsal_opens_no_connection(tmp_path, recorded, capsys):
    script = tmp_path / "s.txt"
    script.write_text("Hej Rania.\nHvad tænker du selv?\n...\nSå du savner dit arbejde.\n", encoding="utf-8")
    assert cli.main(["rehearse", "first-meeting", "--script", str(script), "--save-dir", str(tmp_path / "s")]) == 0
    assert cli.main(["rehearse", "first-meeting-en", "--script", str(script), "--no-save", "--json"]) == 0
    assert cli.main(["scenarios"]) == 0
    assert cli.main(["validate", str(SCENARIOS)]) == 0
    assert recorded == []


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_tui_opens_no_connection(tmp_path, recorded, anyio_backend):
    from simulator.tui.app import make_app

    store = SessionStore(tmp_path / "s")
    app = make_app(scenario=load_scenario(SCENARIOS / "first-meeting.yaml"), store=store,
                   backend_factory=lambda sc: ScriptedMentee(), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for text in ("Hej Rania.", "Hvad tænker du selv?", ""):
            app.screen.query_one("#mentor-input").value = text
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.action_history()
        await pilot.pause()
        app.action_help()
        await pilot.pause()
    assert len(store.list()) == 1
    assert recorded == []
