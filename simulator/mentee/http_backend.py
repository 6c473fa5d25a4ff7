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
from collections.abc import Callable

from simulator.mentee import prompting
from simulator.mentee.base import ReplyRequest
from simulator.mentee.guards import GenerationError, GuardedMentee

CONNECT_TIMEOUT = 10.0


def _error(message: str) -> Exception:
    from simulator.mentee.factory import BackendError

    return BackendError(message)


def api_base(endpoint: str) -> str:
    """``http://host:port[/prefix]/v1`` from the URL the user gave."""
    url = endpoint.strip().rstrip("/")
    if not url.lower().startswith(("http://", "https://")):
        raise _error(f"{endpoint}: the endpoint must be an http:// or https:// URL")
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
            raise _error(f"{self.endpoint}: cannot reach the model server ({_describe(exc)})") from None
        if r.status_code in (401, 403):
            raise _error(f"{self.endpoint}: the model server refused access (HTTP {r.status_code}); "
                         "set MENTOR_SIM_API_KEY if it needs a key")
        if r.status_code >= 400:
            raise _error(f"{self.endpoint}: not an OpenAI-compatible model server "
                         f"(GET {url} answered HTTP {r.status_code})")
        try:
            served = [m["id"] for m in r.json().get("data", []) if isinstance(m, dict) and "id" in m]
        except (ValueError, AttributeError, TypeError):
            raise _error(f"{self.endpoint}: not an OpenAI-compatible model server "
                         f"(GET {url} did not answer with a model list)") from None
        if not self.model:
            if len(served) == 1:
                self.model = served[0]
                return
            listing = ", ".join(served) or "none"
            raise _error(f"{self.endpoint}: name the model with --model; the server serves: {listing}")
        # A server with one model (llama.cpp) answers whatever the name; with several, it must match.
        if len(served) > 1 and not any(_same_model(self.model, s) for s in served):
            raise _error(f"{self.endpoint}: the server does not serve model {self.model!r}; "
                         f"it serves: {', '.join(served)}")

    def _payload(self, request: ReplyRequest, attempt: int, stream: bool) -> dict:
        return {
            "model": self.model,
            "messages": prompting.build_messages(request),
            "max_tokens": prompting.max_words(request) * 3 + 16,
            "temperature": round(0.7 + 0.2 * attempt, 2),
            "top_p": 0.9,
            "stream": stream,
        }

    def generate(self, request: ReplyRequest, *, attempt: int, on_text: Callable[[str], None],
                 should_stop: Callable[[], bool], deadline: float, stream: bool) -> str:
        import time

        httpx = self.httpx
        url = f"{self.base}/chat/completions"
        left = max(0.5, deadline - time.monotonic())
        timeout = httpx.Timeout(left, connect=min(left, CONNECT_TIMEOUT))
        payload = self._payload(request, attempt, stream)
        parts: list[str] = []
        try:
            if not stream:
                r = self.client.post(url, json=payload, timeout=timeout)
                self._raise_for_status(r, r.text)
                try:
                    text = r.json()["choices"][0]["message"]["content"] or ""
                except (ValueError, KeyError, IndexError, TypeError):
                    raise GenerationError(f"{self.endpoint}: the answer has no choices[0].message.content") from None
                on_text(text)
                return text
            with self.client.stream("POST", url, json=payload, timeout=timeout) as r:
                if r.status_code >= 400:
                    r.read()
                    self._raise_for_status(r, r.text)
                for line in r.iter_lines():
                    if should_stop():
                        break
                    line = line.strip()
                    if not line.startswith("data:"):
                        continue  # blank keep-alives, "event:" and ": comment" lines
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    try:
                        chunk = json.loads(data)
                    except ValueError:
                        continue
                    if isinstance(chunk, dict) and chunk.get("error"):
                        raise GenerationError(f"{self.endpoint}: {chunk['error']}", "".join(parts))
                    choices = (chunk.get("choices") or []) if isinstance(chunk, dict) else []
                    piece = ((choices[0].get("delta") or {}).get("content") or "") if choices else ""
                    if piece:
                        parts.append(piece)
                        on_text(piece)
            return "".join(parts)
        except httpx.TimeoutException:
            raise GenerationError(f"{self.endpoint}: no answer within {left:.1f} s", "".join(parts)) from None
        except httpx.HTTPError as exc:
            raise GenerationError(f"{self.endpoint}: {_describe(exc)}", "".join(parts)) from None

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
