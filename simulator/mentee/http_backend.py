"""The mentee voiced by a model server with an OpenAI-compatible chat API.

``--mentee server --endpoint URL --model NAME`` works with Ollama
(``http://127.0.0.1:11434``), vLLM (``http://127.0.0.1:8000``), the llama.cpp
server (``http://127.0.0.1:8080``) and others that speak
``POST /v1/chat/completions``. The endpoint may be given with or without
``/v1``. Replies stream as server-sent events when someone watches the tokens.

The server is asked for its models (``GET /v1/models``) when the backend is
built, so a server that is down or is not such a server is reported before the
rehearsal starts, naming the endpoint. A failure during a reply (timeout,
broken connection, HTTP error) is that reply's problem: it is retried once and
then the scripted line is said, with the error written into ``Reply.raw``.

Set ``MENTOR_SIM_API_KEY`` for servers that want a bearer token. Nothing else
leaves the machine than what is sent to the endpoint the user configured.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from collections.abc import Callable

from simulator.mentee import prompting
from simulator.mentee.base import BackendError, ReplyRequest
from simulator.mentee.guarded import GenerationError, GuardedMentee

CONNECT_TIMEOUT = 10.0
STOP_SEQUENCES = ("\n",)
_DONE = object()


def _text_of(content) -> str | None:
    """Text from a message's ``content``: a string, a list of content parts
    (``[{"type": "text", "text": ...}]``), or a bare number; None when there is none."""
    if content is None:
        return None
    if isinstance(content, str):
        return content
    if isinstance(content, bool):
        return None
    if isinstance(content, (int, float)):
        return str(content)
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, str):
                texts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
        return "".join(texts)
    if isinstance(content, dict) and isinstance(content.get("text"), str):
        return content["text"]
    return None


def _first_choice(data) -> dict | None:
    choices = data.get("choices") if isinstance(data, dict) else None
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        return choices[0]
    return None


def _message_text(data) -> str | None:
    """``choices[0].message.content`` of a chat answer, whatever its form; None if missing."""
    choice = _first_choice(data)
    if choice is None:
        return None
    message = choice.get("message")
    if isinstance(message, dict):
        text = _text_of(message.get("content"))
        return "" if text is None and "content" in message else text
    return _text_of(choice.get("text"))  # a completions-style answer


def _delta_text(chunk, endpoint: str, partial: str) -> str:
    """The text one stream chunk adds: ``delta.content`` as a string or parts, or a bare string delta."""
    if isinstance(chunk, dict) and chunk.get("error"):
        raise GenerationError(f"{endpoint}: {chunk['error']}", partial)
    choice = _first_choice(chunk)
    if choice is None:
        return ""
    delta = choice.get("delta")
    if isinstance(delta, dict):
        return _text_of(delta.get("content")) or ""
    if delta is not None:
        return _text_of(delta) or ""
    return _text_of(choice.get("text")) or ""


class _SSELines:
    """Server-sent events from bytes as they come: yields parsed ``data:`` payloads."""

    def __init__(self):
        self.buffer = b""

    def feed(self, data: bytes):
        self.buffer += data
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            line = line.decode("utf-8", errors="replace").strip()
            if not line.startswith("data:"):
                continue  # blank keep-alives, "event:" and ": comment" lines
            payload = line[5:].strip()
            if payload == "[DONE]":
                yield _DONE
                return
            try:
                yield json.loads(payload)
            except ValueError:
                continue


class _Reader(threading.Thread):
    """Posts one request and passes the answer's bytes on through a queue.

    Items: ("status", (code, text)) for an HTTP error, ("bytes", b"...") as they
    arrive, ("error", message), ("end", None). ``stop()`` makes it quit at the
    next bytes and closes the response.
    """

    def __init__(self, generator: "OpenAIChatGenerator", url: str, payload: dict, left: float):
        super().__init__(name="mentee-http", daemon=True)
        self.generator, self.url, self.payload, self.left = generator, url, payload, left
        self.queue: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._response = None

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            try:
                response.close()
            except Exception:  # noqa: BLE001 - closing from another thread is best effort
                pass

    def run(self) -> None:
        httpx = self.generator.httpx
        timeout = httpx.Timeout(self.left, connect=min(self.left, CONNECT_TIMEOUT))
        try:
            with self.generator.client.stream("POST", self.url, json=self.payload, timeout=timeout) as r:
                self._response = r
                if r.status_code >= 400:
                    r.read()
                    self.queue.put(("status", (r.status_code, r.text)))
                    return
                for data in r.iter_bytes():
                    if self._stop.is_set():
                        return
                    if data:
                        self.queue.put(("bytes", data))
            self.queue.put(("end", None))
        except httpx.TimeoutException:
            self.queue.put(("error", f"no answer within {self.left:.1f} s"))
        except Exception as exc:  # noqa: BLE001 - any failure is this reply's, reported in raw
            if not self._stop.is_set():
                self.queue.put(("error", _describe(exc)))


_error = BackendError.of  # the error of catalogue key ``backend.<key>``, in the app's language


def _config_file() -> str:
    from simulator.config import config_path

    return str(config_path())


def api_base(endpoint: str) -> str:
    """``http://host:port[/prefix]/v1`` from the URL the user gave."""
    url = endpoint.strip().rstrip("/")
    if not url.lower().startswith(("http://", "https://")):
        raise _error("bad_url", endpoint=endpoint)
    for tail in ("/chat/completions", "/completions", "/models"):
        if url.endswith(tail):
            url = url[: -len(tail)]
    return url if url.endswith("/v1") else url + "/v1"


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _same_model(name: str, served: str) -> bool:
    a, b = name.strip().lower(), served.strip().lower()
    return a == b or a.removesuffix(":latest") == b.removesuffix(":latest") or b.endswith("/" + a)


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class OpenAIChatGenerator:
    """Talks to one OpenAI-compatible chat endpoint."""

    def __init__(self, endpoint: str, model: str | None, *, timeout: float = 60.0, client=None):
        import httpx

        self.httpx = httpx
        self.endpoint = endpoint
        self.base = api_base(endpoint)
        self.model = model
        self.timeout = float(timeout)
        headers = {"Accept": "application/json"}
        key = os.environ.get("MENTOR_SIM_API_KEY")
        if key:
            headers["Authorization"] = f"Bearer {key}"
        # Proxy settings from the environment must not catch a server on this machine.
        self.client = client or httpx.Client(headers=headers, trust_env=not _is_loopback(self.base),
                                             timeout=httpx.Timeout(self.timeout, connect=CONNECT_TIMEOUT))

    def connect(self) -> None:
        """Check now that the server is there and serves the model (BackendError if not)."""
        httpx = self.httpx
        url = f"{self.base}/models"
        try:
            r = self.client.get(url, timeout=httpx.Timeout(min(self.timeout, CONNECT_TIMEOUT)))
        except httpx.HTTPError as exc:
            raise _error("cannot_reach", endpoint=self.endpoint, config=_config_file(), reason=_describe(exc)) from None
        if r.status_code in (401, 403):
            raise _error("refused_access", endpoint=self.endpoint, status=r.status_code)
        if r.status_code >= 400:
            raise _error("not_openai", endpoint=self.endpoint, url=url, status=r.status_code)
        try:
            served = [m["id"] for m in r.json().get("data", []) if isinstance(m, dict) and "id" in m]
        except (ValueError, AttributeError, TypeError):
            raise _error("no_model_list", endpoint=self.endpoint, url=url) from None
        if not self.model:
            if len(served) == 1:
                self.model = served[0]
                return
            raise _error("name_the_model", endpoint=self.endpoint, listing=", ".join(served) or "–")
        # A server with one model (llama.cpp) answers whatever the name; with several, it must match.
        if len(served) > 1 and not any(_same_model(self.model, s) for s in served):
            raise _error("not_served", endpoint=self.endpoint, model=self.model, served=", ".join(served))

    def _payload(self, request: ReplyRequest, attempt: int, stream: bool) -> dict:
        return {
            "model": self.model,
            "messages": prompting.build_messages(request),
            "max_tokens": prompting.max_words(request) * 3 + 16,
            "temperature": round(0.7 + 0.2 * attempt, 2),
            "top_p": 0.9,
            "stream": stream,
            # The mentee's turn is one line: stop there, so a short complete answer
            # ("Ja.") is done at once instead of running on into the mentor's next line.
            "stop": list(STOP_SEQUENCES),
        }

    def generate(self, request: ReplyRequest, *, attempt: int, on_text: Callable[[str], None],
                 should_stop: Callable[[], bool], deadline: float, stream: bool) -> str:
        """One reply, over within ``deadline`` (a total, not per read).

        httpx times each read, so a server that trickles a byte at a time never
        times out; the bytes are read in a helper thread instead and this thread
        waits for them only until the deadline, then gives up on the reply.
        """
        left = max(0.5, deadline - time.monotonic())
        reader = _Reader(self, f"{self.base}/chat/completions", self._payload(request, attempt, stream), left)
        reader.start()
        parts: list[str] = []
        lines = _SSELines() if stream else None
        body = bytearray()
        while True:
            if should_stop():
                reader.stop()
                return "".join(parts)
            wait = min(0.1, deadline - time.monotonic())
            if wait <= 0:
                reader.stop()
                raise GenerationError(f"{self.endpoint}: no answer within {left:.1f} s (a total for the reply)", "".join(parts))
            try:
                kind, item = reader.queue.get(timeout=wait)
            except queue.Empty:
                continue
            if kind == "error":
                raise GenerationError(f"{self.endpoint}: {item}", "".join(parts))
            if kind == "status":
                status, text = item
                raise GenerationError(f"{self.endpoint}: HTTP {status}: {text.strip()[:200]}")
            if kind == "end":
                break
            if lines is None:
                body += item
                continue
            for event in lines.feed(item):
                if event is _DONE:
                    reader.stop()
                    return "".join(parts)
                piece = _delta_text(event, self.endpoint, "".join(parts))
                if piece:
                    parts.append(piece)
                    on_text(piece)
        if lines is not None:
            return "".join(parts)
        try:
            data = json.loads(bytes(body).decode("utf-8", errors="replace"))
        except ValueError:
            raise GenerationError(f"{self.endpoint}: the answer is not JSON") from None
        text = _message_text(data)
        if text is None:
            raise GenerationError(f"{self.endpoint}: the answer has no choices[0].message.content")
        on_text(text)
        return text

    def _raise_for_status(self, r, body: str) -> None:
        if r.status_code >= 400:
            raise GenerationError(f"{self.endpoint}: HTTP {r.status_code}: {body.strip()[:200]}")

    def close(self) -> None:
        self.client.close()


def connect_http_mentee(endpoint: str, model: str | None, *, timeout: float = 60.0,
                        client=None) -> GuardedMentee:
    """Reach the server now (BackendError if it cannot be reached) and wrap it in the guards."""
    generator = OpenAIChatGenerator(endpoint, model, timeout=timeout, client=client)
    try:
        generator.connect()
    except Exception:
        generator.close()
        raise
    return GuardedMentee(f"server:{generator.model}", generator, timeout=timeout)
