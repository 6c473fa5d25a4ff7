"""Loading a local model prints no progress bars unless --verbose (they would be
noise in a headless run's output and garbage over the app's screen)."""

from __future__ import annotations

from argparse import Namespace

import pytest

pytest.importorskip("torch")
pytest.importorskip("gguf")

from simulator.config import Config  # noqa: E402
from simulator.mentee.factory import build_backend  # noqa: E402
from tests.test_model_transformers import make_tiny_gguf  # noqa: E402


@pytest.mark.parametrize("verbose", [False, True])
def test_loading_a_gguf_is_quiet_unless_verbose(tmp_path, capfd, monkeypatch, verbose):
    monkeypatch.setenv("MENTOR_SIM_THREADS", "1")
    model = make_tiny_gguf(tmp_path / "tiny.gguf")
    capfd.readouterr()
    build_backend("model", Namespace(model=str(model), endpoint=None, timeout=5.0, verbose=verbose), None,
                  config=Config())
    err = capfd.readouterr().err
    assert ("GGUF tensors" in err) is verbose, err
