"""The app's mentee backends: built once, reused across rehearsals, and a local
model loaded in the background so the app opens and takes keys at once.

A local model takes a minute to load on a small machine; the app must not sit
blank meanwhile, nor load it again for every new or resumed rehearsal. So the
app asks ``AppBackends`` for a backend per rehearsal, and gets the same one
each time: for ``--mentee model`` a ``LazyBackend`` whose loading started in a
thread the first time it was asked for. A reply asked of it before the model is
ready waits for it (the trainee sees the mentee "thinking"); a model that
cannot load fails that reply with the loader's message.

Pure Python: no UI import; the app is handed in to ``watch`` duck-typed
(``notify``, ``set_interval``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.errors import UserFacingError
from simulator.locale import tr



class LazyBackend:
    """A backend that is being built in a thread; ``reply`` waits for it."""

    def __init__(self, name: str, build: Callable[[], Any]):
        self.name = name
        self._build = build
        self._ready = threading.Event()
        self._backend = None
        self._error: BaseException | None = None
        self.started = time.monotonic()
        self.took: float | None = None
        threading.Thread(target=self._load, name="mentee-load", daemon=True).start()

    def _load(self) -> None:
        try:
            self._backend = self._build()
        except BaseException as exc:  # noqa: BLE001 - reported on the first reply and by watch()
            self._error = exc
        finally:
            self.took = time.monotonic() - self.started
            self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    @property
    def error(self) -> BaseException | None:
        return self._error

    def wait(self, timeout: float | None = None):
        self._ready.wait(timeout)
        if self._error is not None:
            raise self._error
        return self._backend

    def reply(self, request, on_token=None):
        return self.wait().reply(request, on_token=on_token)

    def take_notices(self) -> list[str]:
        if not self.ready or self._backend is None:
            return []
        return getattr(self._backend, "take_notices", list)()

    def cancel(self) -> None:
        if self._backend is not None and hasattr(self._backend, "cancel"):
            self._backend.cancel()

    def close(self) -> None:
        if self._backend is not None and hasattr(self._backend, "close"):
            self._backend.close()


def model_name(path: str) -> str:
    """The backend name a local model will have (as ``load_transformers_mentee`` names it)."""
    return f"model:{Path(path).expanduser().name}"


class AppBackends:
    """The app's backend factory: one backend for every rehearsal of the app's life."""

    def __init__(self, args: Any, build: Callable[[Any, Any], Any] | None = None, kind: str | None = None):
        from simulator.mentee.factory import resolve_kind

        self.args = args
        self.kind = kind or resolve_kind(args)
        self._build = build
        self._backend = None
        self._lock = threading.Lock()

    def _make(self, scenario):
        if self._build is not None:
            return self._build(self.args, scenario)
        from simulator.mentee.factory import build_backend

        return build_backend(self.kind, self.args, scenario)

    def __call__(self, scenario):
        if self.kind == "scripted":
            from simulator.mentee.scripted import ScriptedMentee

            return ScriptedMentee()
        with self._lock:
            if self._backend is None or (isinstance(self._backend, LazyBackend) and self._backend.error):
                if self.kind in ("model", "transformers"):
                    from simulator.mentee.factory import _arg, load_user_config

                    path = _arg(self.args, "model") or load_user_config().model or "?"
                    self._backend = LazyBackend(model_name(path), lambda: self._make(scenario))
                else:
                    self._backend = self._make(scenario)  # a server answers in seconds, or says why not
            return self._backend

    def watch(self, app, lang: str = "da") -> None:
        """Tell the app's user that the model loads, and when it is ready (or why not)."""
        backend = self._backend
        if not isinstance(backend, LazyBackend) or getattr(backend, "watched", False):
            return
        backend.watched = True
        if not backend.ready:
            app.notify(tr("model.loading", lang, name=backend.name.split(":", 1)[-1]), timeout=8)

        def check() -> None:
            if backend.ready and not getattr(check, "done", False):
                check.done = True
                if backend.error is not None:
                    error = backend.error
                    why = error.text(lang) if isinstance(error, UserFacingError) else str(error)
                    app.notify(tr("model.failed", lang, error=why), severity="error", timeout=12)
                else:
                    app.notify(tr("model.ready", lang, s=backend.took or 0.0), timeout=5)
                timer.stop()

        timer = app.set_interval(0.25, check)
