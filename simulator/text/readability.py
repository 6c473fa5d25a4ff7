"""Readability figures for the guide's section "Sproget" (speak in short sentences).

LIX (læsbarhedsindeks) is the Scandinavian readability index:
words per sentence + 100 * share of words longer than six letters.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def lix(word_count: int, sentence_count: int, long_words: int) -> float:
    if word_count == 0 or sentence_count == 0:
        return 0.0
    return word_count / sentence_count + 100.0 * long_words / word_count


def long_word_count(ws: list[str]) -> int:
    return sum(1 for w in ws if len(w) > 6)
