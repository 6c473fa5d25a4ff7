"""Every command the README shows runs as written, in a fresh copy of the repository.

The copy holds only the files git knows (a fresh clone's view), so a command that
leans on a file outside the repository, or on one made by an earlier session,
fails here. Commands run in-process through `main` (fast); the ones that open the
app build it (scenario, drill and session lookups included) but do not start it.
Inline commands with a placeholder in capitals (ID, DIR, PATH) are prose, not recipes.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess

import pytest

from simulator.cli import main
from tests.conftest import ROOT

README = ROOT / "README.md"
PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]{1,}\b")


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines += [line.strip() for line in block.splitlines() if line.strip()]
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    lines += [c for c in re.findall(r"`((?:\.venv/bin/)?mentor-sim[^`]*)`", prose) if not PLACEHOLDER.search(c)]
    return lines


def fresh_copy(dest):
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def test_readme_shows_commands():
    commands = readme_commands()
    assert len(commands) >= 10 and any(c.startswith("make run") for c in commands)


def test_every_readme_command_runs_as_written(tmp_path, monkeypatch, capsys):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    clone = fresh_copy(tmp_path / "clone")
    monkeypatch.chdir(clone)
    opened = []
    from simulator.tui.app import SamtaleApp

    monkeypatch.setattr(SamtaleApp, "run", lambda self, *a, **k: opened.append(self))
    for line in readme_commands():
        words = shlex.split(line, comments=True)
        if words[0] == "make":  # the quick start: the target exists (running it would build a venv)
            assert subprocess.run(["make", "-n", *words[1:]], cwd=clone, capture_output=True).returncode == 0, line
            continue
        stdin = "/slut\n"
        if "|" in words:  # echo "..." | mentor-sim ...
            cut = words.index("|")
            assert words[0] == "echo", line
            stdin, words = " ".join(words[1:cut]) + "\n", words[cut + 1:]
        assert words[0] in (".venv/bin/mentor-sim", "mentor-sim"), line
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        before = len(opened)
        code = main(words[1:])
        out, err = capsys.readouterr()
        assert code == 0, f"{line}\n{err}"
        assert "unexpected error" not in err, line
        if "--json" in words:  # one document, or one per line (`code --json`): nothing else on stdout
            try:
                json.loads(out)
            except ValueError:
                [json.loads(x) for x in out.splitlines()]
        if len(opened) > before:
            assert words[1:2] in ([], ["play"], ["drill"]), line
    assert (clone / "debrief.html").is_file() and (clone / "evening.html").is_file()
    assert "Ida" not in (clone / "debrief.html").read_text(encoding="utf-8")  # --anonymise
