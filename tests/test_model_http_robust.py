"""The server mentee against misbehaving OpenAI-compatible servers on 127.0.0.1.

Each odd answer the issue met (content as a list of parts or a number, a
string ``delta``, a server that trickles bytes, the bad lines a small model
writes) must end in a kept line or a visible fallback, never a crash or a
turn that outlasts its time limit.
"""

from __future__ import annotations

import json
import time
from argparse import Namespace

import pytest

from simulator.config import Config
from simulator.mentee.factory import build_backend
from tests.local_server import JsonHandler, LocalServer
from tests.test_model_guards import FACTS, GOOD, request


class OddServer(LocalServer):
    """Answers every chat request with `answer(body, handler)`; GET /v1/models lists one model."""

    def __init__(self, answer):
        self.requests: list[dict] = []
        server = self

        class Handler(JsonHandler):
            def do_GET(self):
                self.send_json({"object": "list", "data": [{"id": "tiny", "object": "model"}]})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(body)
                try:
                    answer(body, self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._serve(Handler)


def backend(url, timeout=10.0):
    return build_backend("server", Namespace(model="tiny", endpoint=url, timeout=timeout), None, config=Config())


def message(content):
    def answer(body, h):
        h.send_json({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})
    return answer


def sse(chunks):
    def answer(body, h):
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        for c in chunks:
            h.wfile.write(f"data: {json.dumps(c)}\n\n".encode())
            h.wfile.flush()
        h.wfile.write(b"data: [DONE]\n\n")
    return answer


def test_content_as_a_list_of_parts_is_read():
    parts = [{"type": "text", "text": "Jeg har det fint, tak. "}, {"type": "text", "text": "Jeg er lidt nervøs i dag."}]
    with OddServer(message(parts)) as srv:
        reply = backend(srv.url).reply(request())
    assert (reply.source, reply.text) == ("model", GOOD)


def test_content_as_a_number_falls_back_visibly():
    with OddServer(message(42)) as srv:
        reply = backend(srv.url).reply(request("Ja."))
    assert reply.source == "fallback" and reply.text == "Ja." and "42" in reply.raw


@pytest.mark.parametrize("body", [{"choices": []}, {"choices": "nope"}, ["a list"], {"choices": [{"message": None}]}])
def test_an_answer_without_a_message_falls_back(body):
    def answer(b, h):
        h.send_json(body)
    with OddServer(answer) as srv:
        reply = backend(srv.url).reply(request("Ja."))
    assert reply.source == "fallback" and "choices[0].message.content" in reply.raw


def test_a_string_delta_is_streamed():
    chunks = [{"choices": [{"delta": "Jeg har det fint, tak. "}]}, {"choices": [{"delta": "Jeg er lidt nervøs i dag."}]}]
    with OddServer(sse(chunks)) as srv:
        got: list[str] = []
        reply = backend(srv.url).reply(request(), on_token=got.append)
    assert (reply.source, reply.text) == ("model", GOOD) and "".join(got) == GOOD


def test_odd_stream_chunks_are_skipped():
    chunks = [{"choices": [{"delta": {"content": [{"type": "text", "text": "Jeg har det fint, tak. "}]}}]},
              {"choices": None}, "just a string", 7, {"choices": [{"delta": None}]},
              {"choices": [{"delta": {"content": "Jeg er lidt nervøs i dag."}}]}]
    with OddServer(sse(chunks)) as srv:
        reply = backend(srv.url).reply(request(), on_token=lambda s: None)
    assert (reply.source, reply.text) == ("model", GOOD)


def trickle(text, every=0.05):
    def answer(body, h):
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        data = f"data: {json.dumps({'choices': [{'delta': {'content': text}}]})}\n\n".encode()
        for i in range(len(data)):
            h.wfile.write(data[i:i + 1])
            h.wfile.flush()
            time.sleep(every)
    return answer


@pytest.mark.parametrize("stream", [True, False])
def test_a_trickling_server_ends_the_turn_at_the_time_limit(stream):
    # Each byte comes well within httpx's read timeout; only a total deadline ends the reply.
    with OddServer(trickle(GOOD)) as srv:
        started = time.monotonic()
        reply = backend(srv.url, timeout=1.0).reply(request("Ja."), on_token=(lambda s: None) if stream else None)
        took = time.monotonic() - started
    assert reply.source == "fallback" and reply.text == "Ja." and "[afvist: tidsgrænsen på 1 s nået]" in reply.raw
    assert took < 1.6, took


def test_a_complete_sentence_is_kept_when_time_runs_out():
    def answer(body, h):
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        h.wfile.write(f"data: {json.dumps({'choices': [{'delta': {'content': 'Ja, det er rigtigt. '}}]})}\n\n".encode())
        h.wfile.flush()
        time.sleep(3)  # then nothing: the model is still "thinking" when time is up
    with OddServer(answer) as srv:
        reply = backend(srv.url, timeout=1.0).reply(request(mentor="Du kommer fra Syrien, ikke?"),
                                                    on_token=lambda s: None)
    assert (reply.source, reply.text) == ("model", "Ja, det er rigtigt.")


def test_the_request_stops_at_the_end_of_the_line():
    with OddServer(message(GOOD)) as srv:
        backend(srv.url).reply(request())
    assert "\n" in srv.requests[0]["stop"]


@pytest.mark.parametrize("line, reason", [
    ("Hej Rania, fortæl mig lidt om dig selv.", "ved navn"),
    ("Jeg hedder Lars og er pensioneret tømrer.", "giver sig ud for at være en anden"),
    ("Goddag Lars. M.: Velkommen, Rania.", "talers navn"),
    ("I am fine, thank you. How are you today?", "ikke dansk (engelsk)"),
    ("Jag har två barn och bor i en liten lägenhet.", "ikke dansk (svensk)"),
    ("Jeg jobbet på sykehus i mange år.", "ikke dansk (norsk)"),
    ("**Det går fint**, tak.", "opmærkning"),
    ('{"svar": "Det går fint, tak."}', "opmærkning"),
    ("Se www.borger.dk for mere.", "opmærkning"),
    ("Du er Rania, 38 år, fra Syrien (Homs). Du har boet i Danmark i tre år.", "instruktionerne"),
    ("Jeg arbejdede som sygeplejerske i mange år derhjemme.", "ikke er låst op"),
    ("Hvordan går det?", "mentorens ord"),
])
def test_each_bad_line_from_a_server_falls_back_with_its_reason(line, reason):
    with OddServer(message(line)) as srv:
        reply = backend(srv.url).reply(request("Mm. Det går okay."))
    assert reply.source == "fallback" and reply.text == "Mm. Det går okay."
    assert f"[afvist: " in reply.raw and reason in reply.raw, reply.raw


def test_a_told_fact_not_carried_falls_back_to_the_fact():
    nurse = FACTS["nurse"]
    with OddServer(message("Det er lang tid siden.")) as srv:
        reply = backend(srv.url).reply(request(nurse, reaction="fact", revealed=["nurse"], allowed=[nurse]))
    assert reply.source == "fallback" and reply.text == nurse and "(nurse)" in reply.raw
