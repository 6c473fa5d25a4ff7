"""What the trainee types or scripts, read so that nothing is lost, whatever the locale.

Under `C.UTF-8` Python reads stdin with `surrogateescape`; under `da_DK.UTF-8` it
reads strictly, and one byte that is not UTF-8 ended the rehearsal (exit 70) and
lost the good lines before it. Here stdin is always read as UTF-8 with
`surrogateescape`: a stray byte becomes a lone surrogate that the store keeps as
a `\\udcXX` escape. A script file is read, decoded and checked completely before
any session file exists, so a missing, binary or non-UTF-8 script leaves nothing
behind but one line naming the file and the fix.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from simulator.errors import UserFacingError
from simulator.cli_language import current
from simulator.locale.catalogue import tr

EXIT_USAGE = 2  # the exit code of a mistake the user can fix (argparse uses it too)
MAX_SCRIPT_BYTES = 8 * 1024 * 1024  # a script is lines a person would say; megabytes are a mistake


def say(key: str, **values) -> str:
    """The command line's words (catalogue group cli), in the command line's language."""
    return tr(f"cli.{key}", current(), **values)


class ScriptError(UserFacingError):
    """A script cannot be used; the message names the file and the fix."""


def robust_stdio() -> None:
    """stdout/stderr write what stdin read, lone surrogates included, in any locale."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="surrogateescape" if stream is sys.stdout else "backslashreplace")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass  # a replaced stream (tests, an embedding program) keeps its own rules


def stdin_lines():
    """stdin as UTF-8 text with surrogateescape, line by line (interactive: as lines arrive)."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a StringIO in tests: already text
        yield from stream
        return
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape", newline=None)
    try:
        # Not `yield from`: closing this generator early (`/slut`) would close the wrapper, and
        # with it sys.stdin's buffer, and detach() below would fail ("Exception ignored" on stderr).
        for line in wrapper:
            yield line
    finally:
        wrapper.detach()  # a collected wrapper would close sys.stdin's buffer with it


def read_script(ref: str) -> list[str]:
    """The mentor turns of a script (a file, or `-` for stdin); raises ScriptError before anything starts."""
    if ref == "-":
        text = "".join(stdin_lines())
        where = "stdin"
    else:
        where = ref
        text = _read_script_file(Path(ref))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScriptError(say("script.nul", where=where, line=line))
    # One turn per line; "..." is a deliberate pause; blank lines and # comments are skipped.
    return [line.rstrip("\r") for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _read_script_file(path: Path) -> str:
    if not path.exists():
        raise ScriptError(say("script.missing", path=path))
    if path.is_dir():
        raise ScriptError(say("script.folder", path=path))
    try:
        # Not only regular files: `--script <(make-lines)` is a pipe. The cap keeps /dev/zero out.
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SCRIPT_BYTES + 1)
    except OSError as exc:
        raise ScriptError(say("script.unreadable", path=path, error=exc.strerror or exc)) from None
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(say("script.too_large", path=path, max=MAX_SCRIPT_BYTES))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScriptError(say("script.not_utf8", path=path, line=line)) from None


class UserError(UserFacingError):
    """A problem the user can fix; the message is printed as it is."""


def print_json(data) -> None:
    # A lone surrogate (a stray byte read from stdin) is written as the JSON escape \udcXX,
    # so the output is valid UTF-8 JSON that reads back as what was typed.
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))
