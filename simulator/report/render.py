"""The Jinja2 environment of the report templates, always sandboxed.

Templates live in `simulator/report/templates/`. They render through Jinja's
`ImmutableSandboxedEnvironment` like every other template in the project
(`simulator/text/templates.py`), with undefined names failing loudly. HTML
templates autoescape; on top of that every printed value passes `_defang`,
which writes the colon of a "scheme://" as an entity: a trainee who typed a URL
still sees it, but the file holds no "http://" that a checker (or a mail
filter) could take for an external resource. Markdown templates escape the
characters that would turn a trainee's words into markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from simulator.locale.numbers import fmt_figure, fmt_number, fmt_share, long_date

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_<>|#]|\](?=\())")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*):(?=//)")


def md(value) -> str:
    """Text safe inside a Markdown line: markup characters escaped, line breaks made spaces."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_quote(value) -> str:
    """A multi-line text as a Markdown block quote, each line escaped."""
    lines = ("" if value is None else str(value)).strip().splitlines() or [""]
    return "\n".join("> " + _MD_SPECIAL.sub(r"\\\1", line.strip()) if line.strip() else ">" for line in lines)


def _defang(value):
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    text = str(escape(value))
    return Markup(_SCHEME.sub(lambda m: m.group(1) + "&#58;", text))


def _num(value, lang: str = "da", digits: int = 2) -> str:
    return fmt_number(value, lang, digits)


def _pct(value, lang: str = "da") -> str:
    return fmt_share(value, lang)


def _fig(value, figure: str, lang: str = "da") -> str:
    return fmt_figure(figure, value, lang)


def _signed(value, lang: str = "da") -> str:
    if value is None:
        return ""
    text = fmt_number(abs(value), lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@lru_cache(maxsize=2)
def environment(html: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=html,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        finalize=_defang if html else None)
    env.filters.update(md=md, md_quote=md_quote, num=_num, pct=_pct, fig=_fig, signed=_signed, date=long_date)
    return env


def render(template: str, **context) -> str:
    html = template.endswith(".html.j2")
    return environment(html).get_template(template).render(**context)
