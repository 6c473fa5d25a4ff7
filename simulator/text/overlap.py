"""Content words, and the one answer to "does this text tell that fact?".

Two readers reduce a text to the words that carry its content, with named
differences (``Reading``):

- the guards on a model's line (``GUARD``): simplemma lemmas cut to six letters,
  so inflections and compounds simplemma does not know still meet ("familien",
  "familiesammenføring"); words of three letters or more; the language-marker
  words ("arbejde", "hedder") are not content either;
- story recall (``RECALL``): snowball stems compared by prefix later, numbers
  as digits whether spelt or written ("to børn" = "2 børn").

``tells`` judges whether a text's content words tell a fact's, with the
thresholds of a named ``Telling`` from ``overlap.yaml`` (strict on a model's
line, lenient on a trainee's memory; the file says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from simulator.text.lemmas import lemma, stem
from simulator.text.tokens import marker_words, shared_words, speech_words, stop_words, words
from simulator.yamlfile import load_model


@dataclass(frozen=True)
class Reading:
    """How a text is reduced to its content words."""
    form: str = "lemma"            # "lemma" (simplemma) or "stem" (snowball)
    cut: int = 0                   # keep this many letters of each (0: all)
    min_len: int = 2               # shorter words carry no content (numbers always do)
    speech: bool = True            # speech_words ("13år" one word) or recall's cut (number apart)
    numbers: bool = False          # numbers as values: "to" -> "2", "013" -> "13"
    markers: bool = False          # the language-marker words are not content either


GUARD = Reading(form="lemma", cut=6, min_len=3, speech=True, numbers=False, markers=True)
RECALL = Reading(form="stem", cut=0, min_len=2, speech=False, numbers=True, markers=False)


class Word(str):
    """A stem as compared, that remembers how long the word's dictionary form is: a
    word's weight and specificity are judged on the word ("engineer", 8 letters),
    not on how deep the stemmer cut ("engin")."""

    size: int

    def __new__(cls, stem_: str, size: int) -> Word:
        word = super().__new__(cls, stem_)
        word.size = size
        return word


def _size(word: str) -> int:
    return getattr(word, "size", len(word))


class Telling(BaseModel):
    """Thresholds of one strictness (see overlap.yaml for each field and why)."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    share: float = Field(gt=0, le=1)
    min_hits: int = Field(1, ge=1)
    specific_length: int = Field(0, ge=0)
    long_length: int = Field(0, ge=0)
    long_weight: float = Field(1.0, gt=0)
    min_fact_words: int = Field(1, ge=1)
    prefix: bool = False
    prefix_min: int = Field(4, ge=1)
    prefix_any: int = Field(5, ge=1)
    prefix_ratio: float = Field(0.6, gt=0, le=1)


class OverlapFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tellings: dict[str, Telling]
    spelled_numbers: dict[str, dict[str, int]] = {}


OVERLAP_FILE = Path(__file__).with_name("overlap.yaml")


@lru_cache(maxsize=1)
def _data() -> OverlapFile:
    """overlap.yaml, checked on load (a trainer's typo is named by file, line and field)."""
    return load_model(OVERLAP_FILE, OverlapFile)


@lru_cache(maxsize=8)
def telling(name: str) -> Telling:
    """The named thresholds ("carry", "locked", "recall") from overlap.yaml."""
    return _data().tellings[name]


@lru_cache(maxsize=8)
def spelled_numbers(lang: str) -> dict[str, int]:
    """Number words read as values: English always, plus the text's own language."""
    table = _data().spelled_numbers
    return {**table.get("en", {}), **table.get(lang, {})}


@lru_cache(maxsize=8)
def _stops(markers: bool) -> frozenset[str]:
    base = stop_words("da") | stop_words("en")
    return base | marker_words("da") | marker_words("en") | shared_words() if markers else base


def reduce_word(word: str, lang: str, reading: Reading) -> str:
    """One word as the reading compares it (its lemma or stem, cut)."""
    code = "en" if lang == "en" else "da"
    reduced = lemma(word, code) if reading.form == "lemma" else stem(word, code)
    return reduced[:reading.cut or None]


def content_words(text: str, lang: str, reading: Reading, extra_stop=frozenset()) -> list[str]:
    """The text's content words (lemmas or stems), in order, without repeats."""
    code = "en" if lang == "en" else "da"
    stops, numbers = _stops(reading.markers), spelled_numbers(lang) if reading.numbers else {}
    ws = speech_words(text) if reading.speech else [w.lower() for w in words(text, digits="split", joiners="-")]
    out: list[str] = []
    seen: set[str] = set()
    for w in ws:
        if reading.numbers and (w.isdigit() or w in numbers):
            token = str(int(w)) if w.isdigit() else str(numbers[w])
        elif w in stops or (len(w) < reading.min_len and not w.isdigit()):
            continue
        else:
            token = reduce_word(w, code, reading)
            if reading.form == "stem":
                token = Word(token, len(lemma(w, code)))
            if w in extra_stop or token in extra_stop:
                continue
        if token not in seen:
            seen.add(token)
            out.append(token)
    return out


def content_lemmas(text: str, lang: str = "da") -> set[str]:
    """The guards' content words of a line (see GUARD)."""
    return set(content_words(text, lang, GUARD))


def _same(a: str, b: str, rule: Telling) -> bool:
    if a == b:
        return True
    if not rule.prefix or a.isdigit() or b.isdigit():
        return False  # 13 is not 1
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not long_.startswith(short) or len(short) < rule.prefix_min:
        return False
    # A long stem may begin a compound; a short one only a close inflection ("køkk" ~ "køkken").
    return len(short) >= rule.prefix_any or len(short) / len(long_) >= rule.prefix_ratio


def hits(reference, said, rule: Telling) -> list[str]:
    """The reference words that `said` contains (exactly, or by prefix when the rule allows)."""
    if not rule.prefix:
        said = set(said)
        return [w for w in reference if w in said]
    said = list(said)
    return [w for w in reference if any(_same(w, s, rule) for s in said)]


def _weight(word: str, rule: Telling) -> float:
    """Numbers and long words (usually the specific ones: "sygeplejerske") may weigh more."""
    long_ = rule.long_length and (word.isdigit() or _size(word) >= rule.long_length)
    return rule.long_weight if long_ else 1.0


def tells(fact, said, rule: Telling, not_specific=()) -> bool:
    """Do the content words `said` tell the fact whose content words are `fact`?

    Enough of the fact's weight (`rule.share`) must come back, carried by
    `rule.min_hits` words or by one specific word; a specific word that is also
    in `not_specific` (the agreement, for recall) does not count as specific.
    """
    fact = list(fact)
    if not fact or len(fact) < rule.min_fact_words:
        return False
    found = hits(fact, said, rule)
    share = sum(_weight(w, rule) for w in found) / sum(_weight(w, rule) for w in fact)
    if share < rule.share:
        return False
    if len(found) >= rule.min_hits:
        return True
    return bool(rule.specific_length) and any(
        _size(w) >= rule.specific_length and not w.isdigit() and not hits([w], not_specific, rule) for w in found)
