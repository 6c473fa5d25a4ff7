"""The literal prefilter may only skip patterns that cannot match."""

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.coding.coder import normalise
from simulator.coding.lexicon import load_lexicon
from simulator.coding.prefilter import Alternatives, grams, required_grams

DATA = Path(__file__).parent / "data"


def _sets(lang):
    lex = load_lexicon(lang)
    for r in [*lex.rules, *lex.tags]:
        for alt in (r.any, r.unless):
            if alt is not None:
                yield alt


def _texts():
    for f in sorted(DATA.glob("da_*.csv")):
        for row in csv.DictReader(f.open(encoding="utf-8")):
            yield "da", normalise(row["utterance"])
    for f in sorted((DATA / "scripts").glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            yield ("en" if "-en" in f.name else "da"), normalise(line)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_same_answer_as_every_pattern_on_the_labelled_sets(lang):
    sets = list(_sets(lang))
    joined = [re.compile("|".join(f"(?:{p})" for p in s.patterns)) for s in sets]
    texts = [t for lg, t in _texts() if lg == lang or lang == "en"]
    assert len(texts) > 500
    for text in texts:
        g = grams(text)
        for alt, rx in zip(sets, joined):
            assert alt.search(text, g) == bool(rx.search(text)), (text, alt.patterns)


WORDS = ["du", "jeg", "ikke", "tortur", "fængslet", "stakkels", "lover", "job", "angst", "mareridt",
         "koordinatoren", "så", "hvad", "you", "sounds", "like", "so", "your", "tell me", "i", "på",
         "psykolog", "uden", "helt sikkert", "aftaler", "næste gang", "hvorfor ikke", "flot", "at"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå '", max_size=8)),
                max_size=14))
def test_same_answer_on_generated_text(words):
    text = " ".join(words)
    g = grams(text)
    for alt, compiled in _compiled_sets():
        assert alt.search(text, g) == any(rx.search(text) for rx in compiled)


@lru_cache(maxsize=1)
def _compiled_sets():
    """Every pattern compiled once: over a thousand of them overflow `re`'s own cache, and
    recompiling them for each of the 300 examples took half a minute."""
    return [(alt, [re.compile(p) for p in alt.patterns]) for lang in ("da", "en") for alt in _sets(lang)]


def test_required_literals_are_read_from_the_pattern():
    assert required_grams(r"\bstakkel\b") == {"sta"}
    assert required_grams(r"\b(?:og |men )?(?:flugt|tortur)\b") == {"flu", "tor"}
    assert required_grams(r"\w*angst") == {"ang"}
    assert required_grams(r"^(?=.*\b(?:angst|sorg)\b).*\bbearbejd") in ({"bea"}, {"ang", "sor"})
    assert required_grams(r"(?i)tortur") is None  # case-folded patterns are always tried
    assert required_grams(r"\b(?:du|i)\b") is None  # nothing three letters long is required
    assert Alternatives([r"\bdu\b", r"\btortur\b"]).search("du er her")
