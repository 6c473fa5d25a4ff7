"""How long a turn takes against a model server that trickles bytes.

    .venv/bin/python benchmarks/http_deadline.py [--timeout 10] [--every 0.5]

Starts an OpenAI-compatible server on 127.0.0.1 that answers every chat
request with a stream sent one byte every ``--every`` seconds (each read is
quick, so a per-read timeout never fires), then runs the real command line

    mentor-sim rehearse first-meeting --mentee server --endpoint URL --timeout T --script (one turn)

in a fresh process and reports the wall time of the whole run and what the
turn's source was. With a total deadline per reply the run ends a little after
T seconds (one reply: the retry has no time left); before that fix, 143 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def trickling_server(every: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = json.dumps({"object": "list", "data": [{"id": "tiny", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            chunk = {"choices": [{"delta": {"content": "Jeg har det fint, tak. Jeg er lidt nervøs i dag."}}]}
            data = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            try:
                for i in range(len(data)):
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    time.sleep(every)
            except (BrokenPipeError, ConnectionResetError):
                pass

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass

    return Quiet(("127.0.0.1", 0), Handler)


def _one_reply(url: str, timeout: float) -> float:
    sys.path.insert(0, str(ROOT))
    from argparse import Namespace

    from simulator.config import Config
    from simulator.mentee.factory import build_backend
    from simulator.mentee.base import ReplyRequest
    from simulator.engine.state import Cue
    from simulator.scenario import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "first-meeting.yaml")
    backend = build_backend("server", Namespace(model="tiny", endpoint=url, timeout=timeout), None, config=Config())
    req = ReplyRequest(scenario=sc, cue=Cue("default", "Ja.", 0.3, 0.3), history=[], mentor="Hej.", trust=0.3)
    started = time.monotonic()
    backend.reply(req, on_token=lambda s: None)
    return time.monotonic() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--every", type=float, default=0.5, help="seconds between bytes")
    args = ap.parse_args(argv)
    httpd = trickling_server(args.every)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text("", encoding="utf-8")
        env = dict(os.environ, MENTOR_SIM_CONFIG=str(config), MENTOR_SIM_DATA=tmp)
        cmd = [sys.executable, "-m", "simulator", "rehearse", "first-meeting", "--mentee", "server",
               "--endpoint", url, "--model", "tiny", "--timeout", f"{args.timeout:g}", "--script", "-",
               "--no-save", "--json"]
        started = time.monotonic()
        out = subprocess.run(cmd, input="Hej, jeg hedder Jens.\n", capture_output=True, text=True, cwd=ROOT, env=env)
        took = time.monotonic() - started
    reply_took = _one_reply(url, args.timeout)
    httpd.shutdown()
    turn = json.loads(out.stdout)["turns"][0] if out.returncode == 0 else {}
    print(f"--timeout {args.timeout:g}, one byte every {args.every:g} s: run took {took:.1f} s "
          f"(exit {out.returncode}), turn source {turn.get('source')}")
    print(f"one reply alone (in process, after the backend is built): {reply_took:.1f} s")
    if turn.get("model_raw"):
        print("raw:", turn["model_raw"].replace("\n", " | "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
