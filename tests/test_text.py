"""The one text module (simulator/text/): tokens, stop words, lemmas and stems, and
"does this text tell that fact", in Danish (compounds, inflections) and English."""

from __future__ import annotations

import pytest

from simulator.text import overlap
from simulator.text.lemmas import lemma, lemmas, stem
from simulator.text.overlap import GUARD, RECALL, content_words, hits, telling, tells
from simulator.text.tokens import marker_words, speech_words, stop_words, tokens, words


# -- tokens ---------------------------------------------------------------------------

def test_words_are_letters_joined_by_hyphen_or_apostrophe():
    assert words("Hun er 13 år, bor i Aarhus-Vest og siger don't.") == \
        ["Hun", "er", "år", "bor", "i", "Aarhus-Vest", "og", "siger", "don't"]
    assert tokens("Praktikken ER god") == ["praktikken", "er", "god"]


def test_speech_words_keep_numbers_and_curly_apostrophes():
    assert speech_words("Han er 13år og it’s fint") == ["han", "er", "13år", "og", "it’s", "fint"]


def test_recall_cut_splits_numbers_and_apostrophes():
    assert words("Rania's søn er 13år", digits="split", joiners="-") == ["Rania", "s", "søn", "er", "13", "år"]


def test_an_unknown_digit_mode_is_refused():
    with pytest.raises(ValueError):
        words("13 år", digits="keep")


# -- stop words -----------------------------------------------------------------------

def test_stop_words_come_from_the_data_file_per_language():
    assert {"og", "jeg", "ikke"} <= stop_words("da") and "praktik" not in stop_words("da")
    assert {"the", "and", "she"} <= stop_words("en") and "og" not in stop_words("en")
    assert stop_words("xx") == frozenset()
    assert "hedder" in marker_words("da") and "please" in marker_words("en")


# -- lemmas and stems -----------------------------------------------------------------

@pytest.mark.parametrize("form", ["praktikken", "praktikker", "praktik"])
def test_danish_inflections_share_a_lemma(form):
    assert lemma(form, "da") == "praktik"


def test_lemma_gives_the_dictionary_form_and_stem_keeps_the_written_root():
    assert lemma("børnene", "da") == lemma("børn", "da") == "barn"
    assert stem("børnene", "da") == stem("børn", "da") == "børn"
    assert lemma("children", "en") == "child" and stem("running", "en") == "run"
    assert lemmas("Børnene leger", "da")[0] == "barn"


# -- content words --------------------------------------------------------------------

def test_guard_reading_cuts_lemmas_so_compounds_meet():
    got = content_words("Familien venter på familiesammenføring, og hun vil gerne arbejde.", "da", GUARD)
    assert got == ["famili", "vente"]  # both family words meet; "arbejde" marks Danish, carries nothing


def test_recall_reading_reads_numbers_spelt_or_written():
    assert content_words("Hun har to børn og 013 høns", "da", RECALL) == ["2", "børn", "13", "høn"]
    assert content_words("She has two kids", "en", RECALL) == ["2", "kid"]
    assert "2" not in content_words("I want to go", "en", RECALL)  # "to" is no number in English


def test_recall_prefix_matches_compounds_but_not_short_stems():
    rule = telling("recall")
    assert hits(["plejecentr"], ["plejecent"], rule) == ["plejecentr"]
    assert hits(["arbejd"], ["arb"], rule) == []
    assert hits(["13"], ["1"], rule) == []  # 13 is not 1
    assert hits(["plejecentr"], ["plejecent"], telling("carry")) == []  # the guard compares exactly


# -- does this text tell that fact ------------------------------------------------------

def _recall(fact: str, said: str, lang: str = "da", agreement: str = "") -> bool:
    read = lambda t: content_words(t, lang, RECALL)  # noqa: E731
    return tells(read(fact), read(said), telling("recall"), not_specific=read(agreement))


def test_recall_is_lenient_on_a_trainees_memory():
    fact = "Jeg er i praktik i køkkenet på plejecentret."
    assert _recall(fact, "praktik i et køkken på et plejecenter")
    assert not _recall(fact, "Hun kan lide at lave mad")
    assert _recall("She worked as a nurse in a big hospital in Aleppo", "nurse at a hospital", "en")


def test_one_specific_word_is_enough_unless_it_belongs_to_the_agreement():
    fact = "Jeg var sygeplejerske i elleve år."
    assert _recall(fact, "Hun var sygeplejerske.")
    assert not _recall(fact, "Hun var sygeplejerske.", agreement="Ring til sygeplejersken i morgen")
    assert not _recall("Jeg har 2 børn på 13 og 9 år.", "Hun har 13.")  # a lone number is not recall


def test_a_word_is_specific_by_its_length_not_by_how_deep_the_stemmer_cuts():
    assert stem("engineer", "en") == "engin"
    assert _recall("I worked as an engineer in Aleppo for ten years.", "He was an engineer.", "en")
    assert not _recall("I worked as a cook in Aleppo for ten years.", "He was a cook.", "en")


def test_the_guard_thresholds_are_stricter_where_it_matters():
    fact = content_words("Min datter går i skole", "da", GUARD)
    one_word = content_words("Min datter er sød", "da", GUARD)
    assert tells(fact, one_word, telling("carry"))  # half the fact carried: said in other words
    assert not tells(fact, one_word, telling("locked"))  # not enough to give a locked fact away
    assert not tells(["homs"], ["homs"], telling("locked"))  # one word alone is checked as a name, not here
    assert not tells([], ["noget"], telling("carry"))


def test_thresholds_are_data():
    assert telling("recall").share < telling("carry").share < telling("locked").share
    assert overlap.spelled_numbers("da")["tre"] == 3 and "tre" not in overlap.spelled_numbers("en")


def _with_line(tmp_path, source, old: str, new: str):
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if old in line)
    lines[n] = lines[n].replace(old, new)
    path = tmp_path / source.name
    path.write_text("".join(lines), encoding="utf-8")
    return path, n + 1


def test_a_typo_in_the_word_data_is_named_by_file_line_and_field(tmp_path):
    from simulator.text.tokens import STOPWORDS_FILE, StopwordsFile
    from simulator.yamlfile import FileProblems, load_model

    path, line = _with_line(tmp_path, overlap.OVERLAP_FILE, "    share: 0.34", "    shar: 0.34")
    with pytest.raises(FileProblems) as err:
        load_model(path, overlap.OverlapFile)
    assert f"{path}:{line}: tellings.carry.shar: unknown field (did you mean 'share'?)" in str(err.value)
    path, line = _with_line(tmp_path, overlap.OVERLAP_FILE, "    share: 0.6", "    share: 6")
    with pytest.raises(FileProblems, match=f":{line}: tellings.locked.share"):
        load_model(path, overlap.OverlapFile)
    path, line = _with_line(tmp_path, STOPWORDS_FILE, "  markers: >-", "  marker: >-")
    with pytest.raises(FileProblems, match=f":{line}: da"):
        load_model(path, StopwordsFile)
