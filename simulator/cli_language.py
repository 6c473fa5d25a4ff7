"""The command line's language, and argparse's own words ("usage:", "options", its errors) in it.

The CLI speaks Danish unless the global `--lang` (before the command) says
otherwise; the parser is built before arguments are parsed, so `language_of`
reads that one option from the raw arguments. A command's own `--lang` (the
utterances' language of `code`, a cohort page's) does not change the CLI's words.

argparse takes its words from gettext (`argparse._`). No .mo files: the English
catalogue's `cli.argparse.*` texts are argparse's message ids, and the chosen
language's texts under the same keys are their translations. `argparse_words`
swaps the lookup in while a parser is built and parses, and puts gettext back.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager

from simulator.locale.catalogue import DEFAULT, LANGS, entries, tr

_HEAD = "cli.argparse."
_chosen = [DEFAULT]


def current() -> str:
    """The language of the command line's words in this run."""
    return _chosen[0]


def choose(lang: str | None) -> str:
    """Use `lang` (Danish when None or unknown) for the command line's words from now on."""
    _chosen[0] = lang if lang in LANGS else DEFAULT
    return _chosen[0]


def language_of(argv: list[str], commands) -> str | None:
    """The global `--lang` in raw arguments: only before the command's name (`--lang en`, `--lang=en`)."""
    for i, arg in enumerate(argv):
        if arg in commands:
            return None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


@contextmanager
def argparse_words(lang: str):
    """argparse's messages in `lang` inside the block (English ids it lacks stay English)."""
    ids = {text: key for key, text in entries("en").items() if key.startswith(_HEAD)}
    original = argparse._

    def translated(message: str) -> str:
        key = ids.get(message)
        return tr(key, lang) if key else original(message)

    argparse._ = translated
    try:
        yield
    finally:
        argparse._ = original
