"""Readability figures for the guide's section "Sproget" (speak in short sentences).

LIX (læsbarhedsindeks) is the Scandinavian readability index:
words per sentence + 100 * share of words longer than six letters.
"""

from __future__ import annotations

from simulator.text.tokens import words

__all__ = ["lix", "long_word_count", "words"]  # words (text/tokens.py) re-exported: coding/, hints.py and figures.py import it here


def lix(word_count: int, sentence_count: int, long_words: int) -> float:
    if word_count == 0 or sentence_count == 0:
        return 0.0
    return word_count / sentence_count + 100.0 * long_words / word_count


def long_word_count(ws: list[str]) -> int:
    return sum(1 for w in ws if len(w) > 6)
