"""The user's configuration file: which mentee backend to use by default.

A small TOML file at ``platformdirs.user_config_dir("samtaletraener")/config.toml``
(the environment variable ``MENTOR_SIM_CONFIG`` names another file). It holds
defaults for the mentee backend and the coder; command-line options always win:

    backend = "server"                     # scripted | model | server
    model = "llama3.2"                     # model folder, .gguf file, or served model name
    endpoint = "http://127.0.0.1:11434"    # OpenAI-compatible server (server)
    timeout = 60                           # seconds per reply
    coder = "learned"                      # combined (default) | rules | learned: who codes the replies
    scenario_dirs = ["~/kursus/scenarier"] # the trainer's scenario folders (relative: to this file)

A missing file is no error (everything stays at its default). A broken file is:
the message names the file and the line, and nothing guesses around it.
This module must stay cheap to import: no torch, no transformers, no network.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.errors import UserFacingError

APP_NAME = "samtaletraener"
ENV_VAR = "MENTOR_SIM_CONFIG"
BACKENDS = ("scripted", "model", "server")
_KEYS = ("backend", "model", "endpoint", "timeout", "coder", "scenario_dirs")
CODERS = ("rules", "learned", "combined")


class ConfigError(UserFacingError):
    """The configuration file cannot be used; the message names file (and line)."""


@dataclass(frozen=True)
class Config:
    backend: str | None = None
    model: str | None = None
    endpoint: str | None = None
    timeout: float | None = None
    coder: str | None = None      # rules | learned (docs/validity.md)
    scenario_dirs: tuple[Path, ...] = ()  # searched before the shipped scenarios
    path: Path | None = None      # the file these values came from, if any


def config_path() -> Path:
    """Where the configuration file is looked for (it need not exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def load_config(path: Path | str | None = None) -> Config:
    """Read the configuration file; an absent file gives an empty Config."""
    path = Path(path) if path is not None else config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()  # no file: every value stays at its default
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the configuration file is not UTF-8 text") from None
    table = _parse_toml(text, path)
    return _validate(table, path)


def load_user_config() -> Config:
    """The user's configuration file (config_path()), read afresh: the one way every part of the
    program reads it (the CLI's coder and scenario folders, the mentee backends)."""
    return load_config()


def _parse_toml(text: str, path: Path) -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ConfigError(f"{path}: reading TOML needs Python 3.11 or the 'tomli' package") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position into the message: "Invalid value (at line 3, column 9)".
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", msg)
        if m:
            line, col = m.group(1), m.group(2)
            msg = msg[: m.start()]
            raise ConfigError(f"{path}:{line}: {msg} (column {col})") from None
        m = re.search(r"\s*\(at end of document\)\s*$", msg)
        if m:
            last = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
            raise ConfigError(f"{path}:{last}: {msg[: m.start()]} (at end of file)") from None
        raise ConfigError(f"{path}: {msg}") from None


def _line_of(text_key: str, path: Path) -> str:
    """`file:line` of a key, for messages about values (best effort)."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(text_key)}\s*=", line):
                return f"{path}:{n}"
    except OSError:
        pass
    return str(path)


def _validate(table: dict, path: Path) -> Config:
    unknown = [k for k in table if k not in _KEYS]
    if unknown:
        key = unknown[0]
        what = "table" if isinstance(table[key], dict) else "key"
        raise ConfigError(f"{_line_of(key, path)}: unknown {what} {key!r}; known keys: {', '.join(_KEYS)}")
    values: dict = {}
    for key in ("backend", "model", "endpoint", "coder"):
        if key in table:
            v = table[key]
            if not isinstance(v, str) or not v.strip():
                raise ConfigError(f"{_line_of(key, path)}: {key} must be a non-empty text in quotes")
            values[key] = v.strip()
    if "backend" in values and values["backend"] not in BACKENDS:
        raise ConfigError(f"{_line_of('backend', path)}: backend must be one of {', '.join(BACKENDS)}, "
                          f"not {values['backend']!r}")
    if "coder" in values and values["coder"] not in CODERS:
        raise ConfigError(f"{_line_of('coder', path)}: coder must be one of {', '.join(CODERS)}, "
                          f"not {values['coder']!r}")
    if "timeout" in table:
        v = table["timeout"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 3600:
            raise ConfigError(f"{_line_of('timeout', path)}: timeout must be a number of seconds "
                              "between 0 and 3600")
        values["timeout"] = float(v)
    if "scenario_dirs" in table:
        v = table["scenario_dirs"]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(d, str) and d.strip() for d in v):
            raise ConfigError(f"{_line_of('scenario_dirs', path)}: scenario_dirs must be a list of folder "
                              'names in quotes, e.g. scenario_dirs = ["~/kursus/scenarier"]')
        # A relative folder is read from the configuration file's own folder, wherever the command runs.
        values["scenario_dirs"] = tuple(path.parent / Path(d.strip()).expanduser() for d in v)
    return Config(path=path, **values)
