"""Word forms to lemmas, so "praktikken", "praktikker" and "praktik" are one word.

simplemma (Danish and English, pure Python, data bundled) does the work; when it
is missing, snowballstemmer's stems are used instead, and when both are missing the
lower-cased word is its own lemma. Results are cached: a rehearsal asks for the same
few hundred words again and again.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.text.readability import words

try:  # pragma: no cover - which branch runs depends on the installed extras
    import simplemma as _simplemma
except ImportError:  # pragma: no cover
    _simplemma = None

_SNOWBALL = {"da": "danish", "en": "english"}


@lru_cache(maxsize=20000)
def lemma(word: str, lang: str) -> str:
    w = word.lower()
    if _simplemma is not None:
        try:
            return _simplemma.lemmatize(w, lang=lang).lower()
        except (ValueError, KeyError):  # a language simplemma does not know
            return w
    try:  # pragma: no cover
        import snowballstemmer

        return snowballstemmer.stemmer(_SNOWBALL.get(lang, "danish")).stemWord(w)
    except (ImportError, KeyError):  # pragma: no cover
        return w


def tokens(text: str) -> list[str]:
    """Lower-cased words of a text, in order."""
    return [w.lower() for w in words(text)]


def lemmas(text: str, lang: str) -> list[str]:
    return [lemma(w, lang) for w in tokens(text)]
