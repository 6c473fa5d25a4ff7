"""Build the mentee backend a rehearsal is handed: the one place the CLI, the
TUI and the tests choose between a local model and a model server.

``build_backend(kind, args, scenario)`` loads the model or reaches the server
*now*, so a missing folder or a server that is down is reported before the
rehearsal starts, as a ``BackendError`` whose message names the path or the
endpoint. Nothing here falls back silently to the scripted mentee: that
happens per reply, inside the guards, and is recorded on the turn.

Values missing from ``args`` come from the user's configuration file
(``simulator/config.py``). Heavy imports (torch, transformers, httpx) happen
inside the backends' loaders, never at import time of this module.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BackendError", "build_backend", "load_user_config", "resolve_kind"]

from simulator.mentee.base import BackendError

DEFAULT_TIMEOUT = 60.0
KINDS = {"model": "model", "transformers": "model", "server": "server", "http": "server"}


def _arg(args: Any, name: str):
    value = getattr(args, name, None) if args is not None else None
    if isinstance(value, str):
        value = value.strip() or None
    return value


def load_user_config():
    """The configuration file's values (read by config.py); a broken file is a BackendError here."""
    from simulator import config

    try:
        return config.load_user_config()
    except config.ConfigError as exc:
        raise BackendError(str(exc)) from None


def resolve_kind(args: Any = None) -> str:
    """The backend kind from ``args.mentee``, else the config file's ``backend``, else scripted.

    For a CLI whose ``--mentee`` defaults to None; the scripted path reads
    only a small TOML file and imports nothing heavy.
    """
    kind = _arg(args, "mentee")
    if kind:
        return kind
    return load_user_config().backend or "scripted"


def build_backend(kind: str | None, args: Any = None, scenario: Any = None, *, config=None):
    """A ready mentee backend of `kind` ('model' or 'server'; None: the config's backend).

    `args` carries ``model``, ``endpoint`` and ``timeout`` (``simulator.launch.BackendOptions``;
    any object with those attributes); each missing one comes from the config file.
    `scenario` is accepted for symmetry with the CLI and is not needed to load.
    """
    cfg = config if config is not None else load_user_config()
    kind = kind or cfg.backend or "scripted"
    if kind == "scripted":
        from simulator.mentee.scripted import ScriptedMentee

        return ScriptedMentee()
    if kind not in KINDS:
        raise BackendError.of("unknown_kind", kind=kind)
    model = _arg(args, "model") or cfg.model
    endpoint = _arg(args, "endpoint") or cfg.endpoint
    timeout = _arg(args, "timeout")
    timeout = float(timeout if timeout is not None else (cfg.timeout or DEFAULT_TIMEOUT))
    if timeout <= 0:
        raise BackendError.of("bad_timeout", timeout=timeout)

    if KINDS[kind] == "model":
        if not model:
            raise BackendError.of("model_needs_path")
        from simulator.mentee.transformers_backend import load_transformers_mentee

        return load_transformers_mentee(model, timeout=timeout, verbose=bool(getattr(args, "verbose", False)))

    if not endpoint:
        raise BackendError.of("server_needs_endpoint")
    from simulator.mentee.http_backend import connect_http_mentee

    return connect_http_mentee(endpoint, model, timeout=timeout)
