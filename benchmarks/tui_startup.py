#!/usr/bin/env python3
"""How fast the terminal app is ready on the scripted mentee, from process start.

    .venv/bin/python benchmarks/tui_startup.py [--runs 7] [--no-tmux] [--write-doc]

Two measures, each the median of `--runs` fresh processes after one warm-up run
that is not counted (it compiles bytecode and fills the disk cache):

headless  `mentor-sim play first-meeting --no-save` through the CLI's own `main`,
          with `App.run` switched to Textual's headless driver and an autopilot.
          The clock starts just before the parent spawns the process (so the
          interpreter's own start is included) and stops when the practice screen
          is mounted and its input has focus; then the autopilot presses one key
          (is it echoed?) and sends one turn (time to the mentee's reply). At the
          ready moment the child lists `sys.modules`: torch, transformers and httpx
          must not be there (the run fails if they are).

tmux      the same command in a real terminal: a detached tmux session of 80x24
          on a private tmux socket. The clock starts just before `tmux new-session`
          and stops when `tmux capture-pane` first shows the practice screen (the
          mentee's opening line and the input's placeholder); then "Hej" is sent
          as keys and the time until it shows in the input is the echo time.
          Polling costs a few ms, so these are upper bounds.

For comparison it also times a bare interpreter (`python -c pass`), and
`--importtime` prints the slowest imports of one headless start
(`python -X importtime`). Wall clock on a shared machine: other jobs run
beside this one, so single runs scatter; read the medians, and the spread.
"""

from __future__ import annotations

import sys
import time

CHILD_FLAG = "--child"
HEAVY = ("torch", "transformers", "httpx")          # must never load on the scripted path
NOTABLE = ("numpy", "pydantic", "jinja2", "yaml", "huggingface_hub", "tokenizers", "requests", "rich", "textual")


def child() -> None:
    """Run the app headless through the CLI and print the moments as JSON (one line on stdout)."""
    import json

    marks: dict[str, object] = {"entry": time.time()}
    from simulator import cli
    from simulator.tui import app as tui_app

    marks["imported"] = time.time()

    async def autopilot(pilot) -> None:
        app = pilot.app
        while not (type(app.screen).__name__ == "PracticeScreen" and app.focused is not None
                   and app.focused.id == "mentor-input"):
            await pilot.pause()
        marks["ready"] = time.time()
        marks["cpu_ready"] = time.process_time()  # CPU seconds of this process so far, all threads
        marks["heavy"] = [m for m in HEAVY if m in sys.modules]
        marks["notable"] = [m for m in NOTABLE if m in sys.modules]
        marks["modules"] = len(sys.modules)
        t = time.time()
        await pilot.press("H")
        assert app.focused.value == "H", app.focused.value
        marks["key_ms"] = (time.time() - t) * 1000
        app.focused.value = "Hvad tænker du selv?"
        t = time.time()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.session.turns and app.screen.session.turns[-1].mentee
        marks["reply_ms"] = (time.time() - t) * 1000
        app.exit(0)

    def run_headless(self, *args, **kwargs):
        marks["run"] = time.time()
        return tui_app.App.run(self, headless=True, size=(80, 24), auto_pilot=autopilot)

    tui_app.SamtaleApp.run = run_headless
    rc = cli.main(["play", "first-meeting", "--no-save"])
    marks["rc"] = rc
    print(json.dumps(marks))


def main(argv: list[str] | None = None) -> int:
    import argparse
    import datetime
    import json
    import os
    import platform
    import shutil
    import statistics
    import subprocess
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from benchmarks.docblock import replace_block

    doc = root / "docs" / "performance.md"
    begin, end = "<!-- bench:startup:begin -->", "<!-- bench:startup:end -->"
    python = sys.executable
    mentor_sim = str(Path(python).with_name("mentor-sim"))

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-tmux", action="store_true", help="skip the real-terminal measure")
    ap.add_argument("--importtime", action="store_true", help="list the slowest imports of one headless start")
    ap.add_argument("--write-doc", action="store_true", help=f"put the table into {doc.relative_to(root)}")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="tui-startup-"))
    # No user config (it could choose a model backend) and no user data folder.
    env = dict(os.environ, MENTOR_SIM_CONFIG=str(tmp / "no-config.toml"), MENTOR_SIM_DATA=str(tmp / "data"),
               PYTHONPATH=str(root))
    env.pop("TEXTUAL", None)

    def stats(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} | {min(values):.0f}–{max(values):.0f}"

    # -- a bare interpreter ------------------------------------------------------------
    bare = []
    for i in range(args.runs + 1):
        t0 = time.time()
        subprocess.run([python, "-c", "pass"], check=True, env=env)
        if i:
            bare.append((time.time() - t0) * 1000)

    # -- headless -----------------------------------------------------------------------
    ready, cpu, imports, textual_ms, key, reply = [], [], [], [], [], []
    heavy, notable, modules = set(), set(), 0
    for i in range(args.runs + 1):
        t0 = time.time()
        out = subprocess.run([python, __file__, CHILD_FLAG], capture_output=True, text=True, env=env, cwd=root)
        if out.returncode != 0:
            print(out.stdout, out.stderr, file=sys.stderr)
            return 1
        marks = json.loads(out.stdout.strip().splitlines()[-1])
        if not i:
            continue
        ready.append((marks["ready"] - t0) * 1000)
        cpu.append(marks["cpu_ready"] * 1000)
        imports.append((marks["imported"] - marks["entry"]) * 1000)
        textual_ms.append((marks["ready"] - marks["run"]) * 1000)
        key.append(marks["key_ms"])
        reply.append(marks["reply_ms"])
        heavy |= set(marks["heavy"])
        notable |= set(marks["notable"])
        modules = marks["modules"]

    if args.importtime:
        out = subprocess.run([python, "-X", "importtime", __file__, CHILD_FLAG], capture_output=True, text=True,
                             env=env, cwd=root)
        rows = []
        for line in out.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            _, cumulative, name = (part.strip(" ") for part in line.split(":", 1)[1].split("|"))
            depth = (len(name) - len(name.lstrip(" "))) // 2
            if depth <= 1:
                rows.append((int(cumulative), name.strip()))
        print("slowest imports (cumulative, top-level and first nested level):")
        for us, name in sorted(rows, reverse=True)[:15]:
            print(f"  {us / 1000:7.1f} ms  {name}")

    # -- tmux -----------------------------------------------------------------------------
    shown, echo = [], []
    if not args.no_tmux:
        if not shutil.which("tmux"):
            print("tmux not found: skipping the real-terminal measure", file=sys.stderr)
        else:
            sock = f"tui-startup-{os.getpid()}"
            tmux = ["tmux", "-L", sock]
            cmd = (f"cd {root} && MENTOR_SIM_CONFIG={tmp}/no-config.toml MENTOR_SIM_DATA={tmp}/data "
                   f"exec {mentor_sim} play first-meeting --no-save")
            # a session that keeps the private server alive, so no run pays for starting it
            subprocess.run([*tmux, "new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600"], check=True)
            socket_path = subprocess.run([*tmux, "display-message", "-p", "#{socket_path}"], capture_output=True,
                                         text=True).stdout.strip()

            def pane(name: str) -> str:
                return subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True,
                                      text=True).stdout

            def wait_for(name: str, ok, limit: float = 20.0) -> float | None:
                start = time.time()
                while time.time() - start < limit:
                    if ok(pane(name)):
                        return time.time()
                    time.sleep(0.005)
                return None

            try:
                for i in range(args.runs + 1):
                    name = f"run{i}"
                    t0 = time.time()
                    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", cmd], check=True)
                    t_shown = wait_for(name, lambda s: "Rania:" in s and "Enter sender" in s)
                    if t_shown is None:
                        print(f"run {i}: the practice screen did not appear:\n{pane(name)}", file=sys.stderr)
                        return 1
                    t1 = time.time()
                    subprocess.run([*tmux, "send-keys", "-t", name, "-l", "Hej"], check=True)
                    t_echo = wait_for(name, lambda s: "Hej" in s and "Enter sender" not in s)
                    subprocess.run([*tmux, "kill-session", "-t", name], check=True)
                    if t_echo is None:
                        print(f"run {i}: typed keys did not show", file=sys.stderr)
                        return 1
                    if i:
                        shown.append((t_shown - t0) * 1000)
                        echo.append((t_echo - t1) * 1000)
            finally:
                subprocess.run([*tmux, "kill-server"], check=False)
                if socket_path:
                    Path(socket_path).unlink(missing_ok=True)  # tmux leaves the socket file behind
    shutil.rmtree(tmp, ignore_errors=True)

    # -- report ---------------------------------------------------------------------------------
    load = os.getloadavg()
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        f"(a shared machine: other jobs ran beside this one). {args.runs} runs each after one uncounted warm-up; "
        "milliseconds, median | min–max.",
        "",
        "| measure | median ms | min–max ms |",
        "|---|---:|---:|",
        f"| bare interpreter, `python -c pass` | {stats(bare)} |",
        f"| headless: process start → practice screen mounted, input focused | {stats(ready)} |",
        f"| headless: the same, CPU time of the process (less sensitive to other jobs) | {stats(cpu)} |",
        f"| … of which importing `simulator.cli` and `simulator.tui.app` | {stats(imports)} |",
        f"| … of which `App.run` → practice screen ready (Textual start, CSS, compose, mount) | "
        f"{stats(textual_ms)} |",
        f"| headless: first key press → echoed in the input | {stats(key)} |",
        f"| headless: Enter → scripted mentee's reply shown | {stats(reply)} |",
    ]
    if shown:
        lines += [
            f"| tmux 80x24: `tmux new-session` → practice screen on the terminal | {stats(shown)} |",
            f"| tmux 80x24: keys sent → shown in the input | {stats(echo)} |",
        ]
    lines += [
        "",
        f"Heavy modules loaded at the ready moment: {', '.join(sorted(heavy)) or 'none'} "
        f"(checked: {', '.join(HEAVY)}); {modules} modules in all; of the notable ones loaded: "
        f"{', '.join(sorted(notable)) or 'none'}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write_doc:
        replace_block(doc, begin, end, text)
    return 1 if heavy else 0


if __name__ == "__main__":
    if CHILD_FLAG in sys.argv:
        child()
    else:
        sys.exit(main())
