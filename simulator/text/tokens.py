"""The product's one tokeniser, and the stop words it is read with.

Three readers cut a text slightly differently, on purpose; the differences are
named options of one function, not three regular expressions:

- ``words`` (default): letters only, joined by a hyphen or straight apostrophe
  ("13" is not a word for LIX, the coder or the engine; "don't" is one word).
- ``speech_words``: what a speaker says, lower-cased, numbers included and
  curly apostrophes joined too ("13år", "it’s"): the guards on a model's line.
- ``words(text, digits="split", joiners="-")``: story recall reads "13år" as a
  number and a word, and "Rania's" as "rania" + "s".

Stop words live in ``stopwords.yaml`` (one list per language), read once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from simulator.yamlfile import load_model

_LETTERS = r"[^\W\d_]+"
_ALNUM = r"[^\W_]+"


@lru_cache(maxsize=8)
def _pattern(digits: str, joiners: str) -> re.Pattern:
    """digits: "drop" (letters only), "join" (digits belong to words) or "split" (numbers apart)."""
    if digits not in ("drop", "join", "split"):
        raise ValueError(f"digits must be 'drop', 'join' or 'split', not {digits!r}")
    run = _ALNUM if digits == "join" else _LETTERS
    word = f"{run}(?:[{re.escape(joiners)}]{run})*" if joiners else run
    return re.compile(rf"\d+|{word}" if digits == "split" else word)


def words(text: str, *, digits: str = "drop", joiners: str = "-'") -> list[str]:
    """The words of a text, in order, as written."""
    return _pattern(digits, joiners).findall(text)


def tokens(text: str) -> list[str]:
    """Lower-cased words of a text, in order."""
    return [w.lower() for w in words(text)]


SPEECH_JOINERS = "'’-"


def speech_words(text: str) -> list[str]:
    """A spoken line's words, lower-cased, numbers included ("13år" stays one word)."""
    return words(text.lower(), digits="join", joiners=SPEECH_JOINERS)


class WordLists(BaseModel):
    """One language's lists: words separated by spaces (or a YAML list)."""
    model_config = ConfigDict(extra="forbid")
    stop: str | list[str] = ""
    markers: str | list[str] = ""


class StopwordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    da: WordLists
    en: WordLists
    both: WordLists = WordLists()


STOPWORDS_FILE = Path(__file__).with_name("stopwords.yaml")


@lru_cache(maxsize=1)
def _word_lists() -> StopwordsFile:
    """stopwords.yaml, checked on load (file:line errors), read once."""
    return load_model(STOPWORDS_FILE, StopwordsFile)


def _listed(lang: str, key: str) -> frozenset[str]:
    lists = getattr(_word_lists(), lang, None) if lang in StopwordsFile.model_fields else None
    raw = getattr(lists, key) if lists is not None else []
    return frozenset(str(w).lower() for w in (raw.split() if isinstance(raw, str) else raw))


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    """Words that carry no content in `lang` (empty for a language without a list)."""
    return _listed(lang, "stop")


@lru_cache(maxsize=8)
def marker_words(lang: str) -> frozenset[str]:
    """Everyday words that mark a line as `lang` (the language guard on very short lines)."""
    return _listed(lang, "markers")


@lru_cache(maxsize=1)
def shared_words() -> frozenset[str]:
    """Words Danish and English share in writing ("i", "for", "man"): they mark neither."""
    return _listed("both", "markers")
