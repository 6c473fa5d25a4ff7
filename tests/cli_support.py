"""`mentor-sim ARGS` for the tests, in this process: the CLI's own `main` with stdin, stdout and
stderr of its own, returned the way `subprocess.run(..., text=True)` returns it.

A new Python process per command paid about a second of start-up each time (the
lemmatiser's dictionary, the lexicons, the learned coder) and dominated the suite's
time on two busy cores. What a test of a command checks (exit code, stdout, stderr,
the files written) is the same in-process: `main` catches every error the same way.
The tests that are about the process itself (SIGKILL, locales, `python -m`, what gets
imported) still start one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    from simulator.cli import main

    saved = sys.stdin, sys.stdout, sys.stderr
    saved_env = dict(os.environ)
    out, err = io.BytesIO(), io.BytesIO()
    # Byte streams under UTF-8 text, as a pipe is: the CLI reads stdin's buffer and reconfigures stdout.
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8", "surrogateescape")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        os.environ.update(env or {})
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "surrogateescape")
        stderr = err.getvalue().decode("utf-8", "surrogateescape")
    finally:
        for stream in (sys.stdin, sys.stdout, sys.stderr):
            stream.detach()  # the byte buffers stay readable; nothing closes them under us
        sys.stdin, sys.stdout, sys.stderr = saved
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["mentor-sim", *args], code, stdout, stderr)
