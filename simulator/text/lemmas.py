"""Word forms to lemmas and stems, so "praktikken", "praktikker" and "praktik" are one word.

- ``lemma``: simplemma (Danish and English, pure Python, data bundled) gives the
  dictionary form ("børnene" -> "barn"); when it is missing, snowballstemmer's
  stem is used instead, and when both are missing the lower-cased word itself.
  The engine, the guards and the fact matcher compare lemmas.
- ``stem``: snowballstemmer's stem ("børnene" -> "børn"). Story recall compares
  stems by prefix (a stem that begins a compound counts), which a dictionary
  form like "barn" for "børn" would defeat.

Results are cached: a rehearsal asks for the same few hundred words again and again.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.text.tokens import tokens

try:  # pragma: no cover - which branch runs depends on the installed extras
    import simplemma as _simplemma
except ImportError:  # pragma: no cover
    _simplemma = None

_SNOWBALL = {"da": "danish", "en": "english"}


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer(_SNOWBALL.get(lang, "danish"))


@lru_cache(maxsize=20000)
def stem(word: str, lang: str) -> str:
    """The snowball stem of a word (Danish unless `lang` is "en"); the word itself without snowball."""
    w = word.lower()
    try:
        return _stemmer(lang).stemWord(w)
    except ImportError:  # pragma: no cover - snowballstemmer is a dependency
        return w


@lru_cache(maxsize=20000)
def lemma(word: str, lang: str) -> str:
    w = word.lower()
    if _simplemma is not None:
        try:
            return _simplemma.lemmatize(w, lang=lang).lower()
        except (ValueError, KeyError):  # a language simplemma does not know
            return w
    return stem(w, lang)  # pragma: no cover


def lemmas(text: str, lang: str) -> list[str]:
    return [lemma(w, lang) for w in tokens(text)]
