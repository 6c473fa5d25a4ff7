"""Sentences of a mentee's line: the engine answers with the one that fits best, or the first."""

from __future__ import annotations

import re


def sentences(text: str) -> list[str]:
    """The sentences of `text`, split after ".", "!" or "?" and a space; `text` itself if none."""
    return [x for x in re.split(r"(?<=[.!?])\s+", text) if x.strip()] or [text]


def first_sentence(text: str) -> str:
    for i, ch in enumerate(text):
        # "Måske... arbejde i et bageri?" is one sentence: a trailing-off "..." does not end it
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " ") and i > 2 and text[i - 1] != ".":
            return text[: i + 1]
    return text
