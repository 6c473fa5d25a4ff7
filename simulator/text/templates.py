"""Jinja2 rendering of scenario and prompt templates, always sandboxed.

Scenario files come from trainers and may be shared between groups; a template
must never reach Python internals or the file system, so every template goes
through `SandboxedEnvironment` and undefined names fail loudly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False,
                                         keep_trailing_newline=False)


@lru_cache(maxsize=2048)
def _compiled(text: str):
    return environment().from_string(text)


def check_template(text: str) -> None:
    """Raise jinja2.TemplateSyntaxError if `text` does not parse."""
    if "{" in text:
        environment().parse(text)


def render(text: str, context: dict[str, Any]) -> str:
    if "{" not in text:
        return text
    return _compiled(text).render(**context)
