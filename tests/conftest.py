"""Shared fixtures. Sockets are blocked except loopback: tests never reach the network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SCRIPTS = Path(__file__).parent / "data" / "scripts"

_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")) or self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    raise RuntimeError(f"network access in tests is not allowed: {address!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    # Nothing a test does may land in the real user data folder.
    monkeypatch.setenv("MENTOR_SIM_DATA", str(tmp_path / "userdata"))
    monkeypatch.setenv("MENTOR_SIM_CONFIG", str(tmp_path / "no-config.toml"))
    yield
    from simulator.scenario.catalogue import use_scenario_dirs

    use_scenario_dirs([])  # a test's --scenarios folders do not follow the next test


def script_lines(name: str) -> list[str]:
    return [line for line in (SCRIPTS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def anyio_backend():
    # Pilot tests run on asyncio only.
    return "asyncio"
