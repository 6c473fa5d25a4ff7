"""Jinja2 rendering of scenario and prompt templates, always sandboxed.

Scenario files come from trainers and may be shared between groups; a template
must never reach Python internals or the file system, so every template goes
through `SandboxedEnvironment` and undefined names fail loudly.

The sandbox alone is not enough for a file written by someone else: it refuses
`''.__class__` only when the line is rendered (mid-rehearsal, as a crash), and it
happily builds `{{ 'a' * 10**9 }}`. So a scenario line is held to a small
language, checked when the file is loaded (`check_scenario_template`): names from
the scenario context, fields and items of them, literals, `~`, `and`/`or`/`not`,
comparisons, `x if c else y`, `{% if %}` and a few text filters. No calls, no
arithmetic, no loops, no include/import/extends, no `_private` attributes. The
line is then rendered once in the sandbox with a stand-in context, so an unknown
field is reported with the file and line, not found by a trainee.

The project's own prompt templates (`prompts/*.j2`) are not user files; they use
`render` without these limits. This module must not import the scenario models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# What a scenario line may name (the engine's context, `MenteeState.context`).
SCENARIO_NAMES = ("persona", "name", "trainee", "facts")
# Filters that only reshape text of bounded length (no `replace`, `center`, `indent`,
# `format`: each can multiply the length of its input).
SAFE_FILTERS = frozenset({"upper", "lower", "capitalize", "title", "trim", "default", "d", "first",
                          "last", "length", "count", "string", "join", "e", "escape"})
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.Getattr,
            nodes.Getitem, nodes.Or, nodes.And, nodes.Not, nodes.CondExpr, nodes.If, nodes.Compare,
            nodes.Operand, nodes.Concat, nodes.Filter, nodes.Test)
_WHAT = {
    "Call": "calling a function or method", "Mul": "'*'", "Pow": "'**'", "Add": "'+'", "Sub": "'-'",
    "Div": "'/'", "FloorDiv": "'//'", "Mod": "'%'", "Neg": "'-'", "Pos": "'+'", "For": "a {% for %} loop",
    "Include": "{% include %}", "Import": "{% import %}", "FromImport": "{% from ... import %}",
    "Extends": "{% extends %}", "Macro": "{% macro %}", "CallBlock": "{% call %}", "Block": "{% block %}",
    "Assign": "{% set %}", "AssignBlock": "{% set %}", "FilterBlock": "{% filter %}", "With": "{% with %}",
    "Slice": "slicing", "List": "a list", "Dict": "a dict", "Tuple": "a tuple",
}
# A scenario line, however it is written, renders to at most this many characters (a reaction
# line is at most 600 typed characters; persona fields add a few hundred). `join` is the one
# allowed filter that multiplies its input (`wants|join(wants)` is len(wants)² characters), so
# it is replaced by one that stops at the cap instead of building megabytes first.
MAX_RENDERED = 2000
_TAG_RX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_SPACE_RX = re.compile(r"[ \t]{2,}")


def without_tags(text: str) -> str:
    """A template's plain words: every ``{{ }}``, ``{% %}`` and ``{# #}`` made a space
    (to compare its words with a line's when it is not rendered)."""
    return _TAG_RX.sub(" ", text)


class TemplateRefused(Exception):
    """A scenario line's template cannot be used; str() says why, for a file:line message."""


class TooLong(ValueError):
    """A scenario line rendered (or was about to render) more than MAX_RENDERED characters."""


def _bounded_join(value, d: str = "", attribute=None) -> str:
    sep = str(d)
    parts: list[str] = []
    total = 0
    for i, item in enumerate(value):
        if attribute is not None:
            item = environment().getitem(item, attribute)
        text = (sep if i else "") + str(item)
        total += len(text)
        if total > MAX_RENDERED:
            raise TooLong(f"the line would be longer than {MAX_RENDERED:,} characters")
        parts.append(text)
    return "".join(parts)


@lru_cache(maxsize=1)
def scenario_environment() -> ImmutableSandboxedEnvironment:
    """The sandbox for trainers' lines: as `environment()`, with `join` bounded."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["join"] = _bounded_join
    return env


@lru_cache(maxsize=2048)
def _compiled_line(text: str):
    return scenario_environment().from_string(text)


def render_scenario(text: str, context: dict[str, Any]) -> str:
    """A scenario line rendered in the bounded sandbox; TooLong past MAX_RENDERED characters."""
    if "{" not in text:
        return text
    out = _compiled_line(text).render(**context)
    if len(out) > MAX_RENDERED:
        raise TooLong(f"the line renders {len(out):,} characters; at most {MAX_RENDERED:,}")
    return out


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


def render_line(text: str, context: dict[str, Any]) -> str:
    """A scenario line for the mentee to say; never raises.

    Lines are checked at load time, but the context changes during a rehearsal
    (`facts` holds only what has been told so far). A line that cannot be
    rendered now is said without its placeholders rather than ending the session.
    """
    try:
        return render_scenario(text, context)
    except (TemplateError, RecursionError, TypeError, ValueError, ArithmeticError, LookupError, MemoryError):
        return _SPACE_RX.sub(" ", _TAG_RX.sub("", text)).strip()[:MAX_RENDERED]


# -- scenario lines ---------------------------------------------------------------

def scenario_context(persona: Mapping[str, Any], facts: Mapping[str, str], trainee: str = "") -> dict:
    """The context a scenario line is rendered with (the engine builds the same shape)."""
    return {"persona": dict(persona), "name": persona.get("name", ""), "trainee": trainee, "facts": dict(facts)}


def check_scenario_template(text: str, contexts: Iterable[dict[str, Any]] = ()) -> None:
    """Raise TemplateRefused unless `text` is a harmless scenario line that renders in every context."""
    if "{" not in text:
        return
    try:
        tree = scenario_environment().parse(text)
    except TemplateError as exc:
        raise TemplateRefused(f"template error: {getattr(exc, 'message', None) or exc}") from None
    except RecursionError:
        raise TemplateRefused("template error: nested too deeply") from None
    _check_tree(tree)
    for context in contexts:
        try:
            render_scenario(text, context)
        except TooLong as exc:
            raise TemplateRefused(f"template refused: {exc} (a template may not multiply text, "
                                  "e.g. join a field with itself)") from None
        except TemplateError as exc:  # SecurityError and UndefinedError are TemplateErrors
            raise TemplateRefused(f"template error: {getattr(exc, 'message', None) or exc}") from None
        except (RecursionError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateRefused(f"template error: {type(exc).__name__}: {exc}") from None


def _check_tree(tree: nodes.Node) -> None:
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = type(node).__name__
        if not isinstance(node, _ALLOWED):
            what = _WHAT.get(kind, kind)
            raise TemplateRefused(f"template refused: {what} is not allowed in a scenario line "
                                  f"(allowed: {{{{ name }}}}, {{{{ persona.age }}}}, {{{{ trainee or 'mentor' }}}}, "
                                  "{% if %}, and the filters " + ", ".join(sorted(SAFE_FILTERS)) + ")")
        if isinstance(node, nodes.Name) and node.name not in SCENARIO_NAMES:
            raise TemplateRefused(f"template refused: unknown name {node.name!r}; a scenario line may use "
                                  + ", ".join(SCENARIO_NAMES))
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise TemplateRefused(f"template refused: access to {node.attr!r} (Python internals) is not allowed")
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            raise TemplateRefused(f"template refused: access to {node.arg.value!r} (Python internals) "
                                  "is not allowed")
        if isinstance(node, nodes.Filter) and node.name not in SAFE_FILTERS:
            raise TemplateRefused(f"template refused: the filter {node.name!r} is not allowed; use one of "
                                  + ", ".join(sorted(SAFE_FILTERS)))
        if isinstance(node, (nodes.Filter, nodes.Test)) and (node.dyn_args or node.dyn_kwargs):
            raise TemplateRefused("template refused: *args and **kwargs are not allowed")
        stack.extend(node.iter_child_nodes())
