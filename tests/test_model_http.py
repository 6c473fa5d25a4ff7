"""The OpenAI-compatible server mentee against a small fake server on 127.0.0.1.

The fake speaks just enough of the chat API (GET /v1/models, POST
/v1/chat/completions, plain JSON or server-sent events) to check what is sent,
what is streamed, and what happens when the server errs, is slow or is down.
"""

from __future__ import annotations

import json
import socket
import time
from argparse import Namespace
from pathlib import Path

import pytest

from simulator.config import Config
from simulator.engine.rehearsal import Rehearsal
from simulator.mentee.factory import BackendError, build_backend
from simulator.mentee.http_backend import api_base
from simulator.scenario import load_scenario
from tests.local_server import JsonHandler, LocalServer
from tests.test_model_guards import GOOD, request

ROOT = Path(__file__).resolve().parents[1]


class FakeServer(LocalServer):
    """A tiny OpenAI-compatible chat server: replies in order, records every request."""

    def __init__(self, replies=(GOOD,), models=("tiny",), status=200, delay=0.0, models_status=200):
        self.replies = list(replies)
        self.models = list(models)
        self.status = status
        self.models_status = models_status
        self.delay = delay
        self.requests: list[dict] = []
        server = self

        class Handler(JsonHandler):
            def do_GET(self):
                if self.path == "/v1/models":
                    self.send_json(code=server.models_status, data={"object": "list",
                                                      "data": [{"id": m, "object": "model"} for m in server.models]})
                else:
                    self.send_json(code=404, data={"error": "not found"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body})
                if self.path != "/v1/chat/completions":
                    return self.send_json(code=404, data={"error": "not found"})
                if server.status != 200:
                    return self.send_json(code=server.status, data={"error": {"message": "model exploded"}})
                if server.delay:
                    time.sleep(server.delay)
                reply = server.replies[min(len(server.requests) - 1, len(server.replies) - 1)]
                if not body.get("stream"):
                    return self.send_json(code=200, data={"id": "x", "object": "chat.completion", "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}]})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = reply.split(" ")
                first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
                self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
                for i, w in enumerate(words):
                    piece = w if i == 0 else " " + w
                    chunk = {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        self._serve(Handler)


def server_backend(endpoint, model="tiny", timeout=10.0):
    return build_backend("server", Namespace(model=model, endpoint=endpoint, timeout=timeout), None, config=Config())


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/", "/v1/chat/completions"])
def test_the_endpoint_works_with_or_without_v1(suffix):
    assert api_base("http://127.0.0.1:8080" + suffix) == "http://127.0.0.1:8080/v1"


def test_non_streaming_reply():
    with FakeServer() as srv:
        backend = server_backend(srv.url)
        reply = backend.reply(request())
    assert backend.name == "server:tiny"
    assert (reply.source, reply.text, reply.raw) == ("model", GOOD, GOOD)
    body = srv.requests[0]["body"]
    assert body["model"] == "tiny" and body["stream"] is False and body["max_tokens"] > 0
    roles = [m["role"] for m in body["messages"]]
    assert roles[0] == "system" and roles[-1] == "user"
    assert body["messages"][-1]["content"] == "Hvordan går det?"


def test_streaming_reply_reaches_on_token():
    text = "Hej. Jeg hedder Rania. Jeg kommer fra Syrien."
    with FakeServer(replies=[text]) as srv:
        got: list[str] = []
        reply = server_backend(srv.url + "/v1").reply(request(), on_token=got.append)
    assert srv.requests[0]["body"]["stream"] is True
    assert reply.source == "model" and reply.text == text and "".join(got) == text and len(got) >= 2


def test_bad_replies_from_the_server_fall_back():
    with FakeServer(replies=["Mentor: Hvad laver du?", "As an AI, I cannot answer."]) as srv:
        reply = server_backend(srv.url).reply(request("Ja. Okay."), on_token=lambda s: None)
    assert len(srv.requests) == 2
    assert reply.source == "fallback" and reply.text == "Ja. Okay."
    assert "[afvist: taler som mentoren]" in reply.raw and "[afvist: træder ud af rollen]" in reply.raw


def test_a_server_error_during_a_reply_is_recorded_and_falls_back():
    with FakeServer(status=500) as srv:
        reply = server_backend(srv.url).reply(request("Ja."))
    assert reply.source == "fallback" and reply.text == "Ja."
    assert "HTTP 500" in reply.raw and "model exploded" in reply.raw


def test_a_slow_server_hits_the_time_limit():
    with FakeServer(delay=1.5) as srv:
        started = time.monotonic()
        reply = server_backend(srv.url, timeout=0.5).reply(request("Ja."))
    assert reply.source == "fallback" and "[afvist: tidsgrænsen på 0.5 s nået]" in reply.raw
    assert time.monotonic() - started < 1.5


def test_a_rehearsal_through_the_server():
    with FakeServer(replies=["Hej. Jeg er glad for at møde dig.", "Jeg har det godt i dag, tak.",
                             "Ja, det er rigtigt.", "Tak, vi ses."]) as srv:
        backend = server_backend(srv.url)
        r = Rehearsal(load_scenario(ROOT / "scenarios" / "first-meeting.yaml"), backend=backend)
        for line in ["Hej Rania, jeg hedder Jens.", "Hvordan har du det?", "...", "Tak for i dag."]:
            t = r.take_turn(line)
            assert t.mentee and t.model_raw is not None and t.source in ("model", "fallback")
    assert r.session.mentee_backend == "server:tiny"
    assert r.session.turns[0].source == "model"
    # The history reaches the server as alternating mentor/mentee messages.
    last = srv.requests[-1]["body"]["messages"]
    assert [m["role"] for m in last[1:]][:2] == ["user", "assistant"]


# -- a server that is not there, or not right -------------------------------------------------

def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_server_down_names_the_endpoint():
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(BackendError, match=f"{url}: cannot reach the model server"):
        server_backend(url)


def test_not_an_openai_server_names_the_endpoint():
    with FakeServer(models_status=404) as srv:
        with pytest.raises(BackendError, match=rf"{srv.url}: not an OpenAI-compatible model server"):
            server_backend(srv.url)


def test_unknown_model_lists_what_is_served():
    with FakeServer(models=["llama3.2:latest", "qwen2.5:0.5b"]) as srv:
        with pytest.raises(BackendError, match=r"does not serve model 'mistral'; it serves: llama3.2:latest"):
            server_backend(srv.url, model="mistral")
        assert server_backend(srv.url, model="llama3.2").name == "server:llama3.2"  # Ollama's ":latest"


def test_the_only_model_is_used_when_none_is_named():
    with FakeServer(models=["only-one"]) as srv:
        assert server_backend(srv.url, model=None).name == "server:only-one"


def test_server_kind_needs_an_endpoint():
    with pytest.raises(BackendError, match="needs --endpoint URL"):
        server_backend(None)


def test_a_malformed_endpoint():
    with pytest.raises(BackendError, match="must be an http:// or https:// URL"):
        server_backend("127.0.0.1:11434")
