"""The retry-then-fallback loop around a generator, and streaming through the guards.

A rejected reply (see ``guards.check``) gets one retry; then the scripted line
(the engine's own words) is said instead, with source ``fallback``.
``Reply.raw`` keeps what the model wrote before the guards: every rejected
attempt is followed by a line ``[afvist: <reason>]`` (``[rejected: ...]`` in
English scenarios), and attempts are separated by a line ``---``.

Streaming: the model's text is passed on to ``on_token`` a sentence at a time,
and only once the text so far has passed the guards that can only get worse
as it grows (role, markup, read-back, voice, coaching, locked facts, length).
What was streamed is provisional: ``Reply.text`` is the final word. A watcher
that can take text back may give ``on_token`` a ``reset()`` method: it is called
when streamed text was rejected, and the retry (or the scripted line) is
streamed afresh. Otherwise nothing more is streamed after a rejection, and a
front end shows ``Reply.text`` when the reply is done.

Out of time, the whole sentences said so far are kept if they pass the guards.
The backend also keeps one-line notices for the trainee (``take_notices``): the
first time a server stops answering, when it answers again, and the first
reply that ran out of time.

Pure Python: this module never imports torch, transformers or httpx.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from simulator.locale import tr
from simulator.mentee.base import Reply, ReplyRequest
from simulator.mentee.content_guards import warm_up
from simulator.mentee.guards import Verdict, _label_rx, check, reason_text
from simulator.mentee.prompting import max_words
from simulator.text.tokens import speech_words as words


# -- the loop around a generator ---------------------------------------------------

class GenerationError(Exception):
    """One generation failed (a server error, a broken connection); ``partial`` is what came."""

    def __init__(self, message: str, partial: str = ""):
        super().__init__(message)
        self.partial = partial


class Generator(Protocol):
    """Turns one reply request into the model's raw text.

    ``on_text`` gets pieces of text as they come (may never be called);
    ``should_stop()`` is checked between tokens and ends generation early
    (cancelled, out of time, or the guards already rejected the text);
    ``stream`` says whether anyone is watching the tokens.
    """

    def generate(self, request: ReplyRequest, *, attempt: int, on_text: Callable[[str], None],
                 should_stop: Callable[[], bool], deadline: float, stream: bool) -> str: ...


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»)]*\s")


class StreamGate:
    """Passes the model's text on a sentence at a time, once it has passed the guards."""

    def __init__(self, request: ReplyRequest, on_token: Callable[[str], None] | None):
        self.request = request
        self.on_token = on_token
        self.raw = ""
        self.shown = ""
        self.rejected: Verdict | None = None
        self.done = False  # the model began another speaker's line: the mentee's turn is over
        self._label = _label_rx(request.scenario.persona.name)
        self._limit = max_words(request)

    @property
    def stopped(self) -> bool:
        return self.rejected is not None or self.done

    def feed(self, piece: str) -> None:
        if self.stopped or not piece:
            return
        self.raw += piece
        lines = self.raw.split("\n")
        if len(lines) > 1 and any(self._label.match(line) for line in lines[1:]) and lines[0].strip():
            self.done = True
        verdict = check(self.raw, self.request, final=False)
        if not verdict.ok:
            self.rejected = verdict
            return
        if len(words(verdict.text)) > self._limit:
            return
        text = verdict.text + (" " if self.raw[-1:].isspace() or self.done else "")
        ends = list(_SENTENCE_END.finditer(text))
        if not ends:
            return
        upto = text[:ends[-1].end()]
        self._emit(upto)

    def _emit(self, upto: str) -> None:
        if self.on_token is None or not upto.startswith(self.shown) or len(upto) <= len(self.shown):
            return
        piece = upto[len(self.shown):]
        self.shown = upto
        self.on_token(piece)

    def finish(self, text: str) -> None:
        if self.shown and not text.startswith(self.shown):
            return  # should not happen; the final text replaces what was shown
        self._emit(text)


def _record(attempts: list[tuple[str, str | None]], lang: str) -> str | None:
    if not attempts:
        return None
    word = reason_text(lang, "word")
    parts = [raw if reason is None else f"{raw}\n[{word}: {reason}]".lstrip("\n") for raw, reason in attempts]
    return "\n---\n".join(parts)


@dataclass
class _ReplyRun:
    """One reply's tries: what each attempt wrote and why it was refused, errors, time."""

    request: ReplyRequest
    on_token: Callable[[str], None] | None
    deadline: float
    attempts: list[tuple[str, str | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timed_out: bool = False
    shown: bool = False  # rejected text was shown and cannot be taken back: nothing more is streamed

    @property
    def lang(self) -> str:
        return self.request.scenario.language

    def take_back(self, gate: StreamGate) -> None:
        # A watcher that can take back streamed text offers `on_token.reset()`;
        # without it, once rejected text was shown nothing more is streamed.
        if gate.shown:
            reset = getattr(self.on_token, "reset", None)
            if callable(reset):
                reset()
            else:
                self.shown = True

    def keep(self, raw: str, text: str) -> Reply:
        self.attempts.append((raw, None))
        return Reply(text=text, source="model", raw=self.record())

    def record(self) -> str | None:
        return _record(self.attempts, self.lang)


class GuardedMentee:
    """A mentee backend around any generator: guards, one retry, then the scripted line."""

    def __init__(self, name: str, generator: Generator, *, timeout: float = 60.0, retries: int = 1):
        self.name = name
        self.generator = generator
        self.timeout = float(timeout)
        self.retries = retries
        self._cancel = threading.Event()
        self._notices: list[str] = []
        self._down = False       # the last reply got no answer from the generator at all
        self._told_slow = False  # the slow-reply notice is given once
        self.on_notice: Callable[[str], None] | None = None
        # The language identifier loads its models in about a second or more:
        # now, in the background, rather than in the trainee's first reply.
        threading.Thread(target=warm_up, name="guard-warm-up", daemon=True).start()

    def take_notices(self) -> list[str]:
        """One-line notices for the trainee since the last call (and forget them)."""
        notices, self._notices = self._notices, []
        return notices

    def _notify(self, text: str) -> None:
        self._notices.append(text)
        if self.on_notice is not None:
            self.on_notice(text)

    def _after(self, reply: Reply, lang: str, errors: list[str], timed_out: bool) -> Reply:
        """Notices from how this reply went; returns the reply."""
        no_answer = bool(errors) and reply.source == "fallback" and len(errors) == self._attempts_made
        if no_answer and not self._down:
            self._down = True
            self._notify(tr("source.server_down", lang, why=errors[-1]))
        elif not no_answer and self._down:
            self._down = False
            self._notify(tr("source.server_back", lang))
        if timed_out and reply.source == "fallback" and not self._told_slow:
            self._told_slow = True
            self._notify(tr("source.slow", lang, timeout=self.timeout))
        return reply

    def cancel(self) -> None:
        """Stop the reply being generated (from another thread); it falls back to the script."""
        self._cancel.set()

    def close(self) -> None:
        close = getattr(self.generator, "close", None)
        if close:
            close()

    @staticmethod
    def _complete_part(raw: str, request: ReplyRequest, gate: "StreamGate") -> str | None:
        """Out of time: the whole sentences said so far, if they pass the guards."""
        if not raw or gate.rejected is not None:
            return None
        ends = list(_SENTENCE_END.finditer(raw + " "))
        if not ends:
            return None
        verdict = check(raw[:ends[-1].end()], request)
        if not verdict.ok:
            return None
        gate.finish(verdict.text)
        return verdict.text

    def reply(self, request: ReplyRequest, on_token: Callable[[str], None] | None = None) -> Reply:
        self._cancel.clear()
        self._attempts_made = 0
        run = _ReplyRun(request, on_token, deadline=time.monotonic() + self.timeout)
        for attempt in range(1 + self.retries):
            outcome = self._attempt(run, attempt)
            if isinstance(outcome, Reply):
                return self._after(outcome, run.lang, run.errors, run.timed_out)
            if not outcome:  # cancelled or out of time: no retry
                break
        if on_token is not None and not run.shown:
            on_token(request.cue.text)
        return self._after(Reply(text=request.cue.text, source="fallback", raw=run.record()),
                           run.lang, run.errors, run.timed_out)

    def _attempt(self, run: "_ReplyRun", attempt: int) -> Reply | bool:
        """One generation through the guards: the reply, or whether another try may follow."""
        gate = StreamGate(run.request, None if run.shown else run.on_token)
        why: list[str] = []

        def should_stop() -> bool:
            if self._cancel.is_set():
                why.append("cancelled")
                return True
            if time.monotonic() > run.deadline:
                why.append("timeout")
                return True
            return gate.stopped

        raw = ""
        self._attempts_made += 1
        if time.monotonic() > run.deadline:
            why.append("timeout")
        else:
            try:
                raw = self.generator.generate(run.request, attempt=attempt, on_text=gate.feed,
                                              should_stop=should_stop, deadline=run.deadline,
                                              stream=run.on_token is not None)
            except GenerationError as exc:
                return self._failed(run, gate, exc)
        if why:
            return self._stopped(run, gate, raw, why[0])
        verdict = gate.rejected or check(raw, run.request)
        if verdict.ok:
            gate.finish(verdict.text)
            return run.keep(raw, verdict.text)
        run.take_back(gate)
        run.attempts.append((raw, verdict.reason))
        return True

    def _failed(self, run: "_ReplyRun", gate: StreamGate, exc: GenerationError) -> Reply | bool:
        """The generator failed: out of time, what came may do; else the error is noted, and retried."""
        if time.monotonic() > run.deadline and not self._cancel.is_set():
            run.timed_out = True
            kept = self._complete_part(exc.partial, run.request, gate)
            if kept is not None:
                return run.keep(exc.partial, kept)
        else:
            run.errors.append(str(exc).split(": ", 1)[-1][:80])
        run.take_back(gate)
        run.attempts.append((exc.partial, reason_text(run.lang, "error", msg=str(exc))))
        return True

    def _stopped(self, run: "_ReplyRun", gate: StreamGate, raw: str, why: str) -> Reply | bool:
        """Cancelled or out of time: out of time, the whole sentences so far may do; never a retry."""
        run.timed_out = why == "timeout"
        kept = self._complete_part(raw, run.request, gate) if run.timed_out else None
        if kept is not None:
            return run.keep(raw, kept)
        run.take_back(gate)
        run.attempts.append((raw, reason_text(run.lang, why, s=self.timeout)))
        return False
