"""What a model's line says, not only its form: checks the guards run on content.

- language: is the line in the scenario's language? ``lingua`` (a maintained
  n-gram language identifier) tells Danish from Swedish, Norwegian and English;
  lines of one or two words are judged by marker words instead, since no
  identifier can tell "Ja." apart across the Nordic languages.
- voice: the mentee speaks as herself: her own name only in a self-introduction
  ("Jeg hedder Rania"), no other name introduced as hers, no volunteer's
  identity, no speaker label anywhere in the line ("Goddag. M.: Velkommen").
- read-back: no run of words from the instructions the model was given.
- markup: no Markdown, list, JSON, HTML or link.
- echo: not the mentor's own line said back.
- facts: no locked fact (lemma overlap), and when the engine's cue tells a fact
  now, the line must carry that fact's content.

Words, stop words, lemmas and "does this line tell that fact" come from the
product's text module (``simulator/text/``: tokens, lemmas, overlap). The phrase
lists live in ``guard_lexicon.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.mentee.base import ReplyRequest
from simulator.text.overlap import content_lemmas, telling, tells
from simulator.text.tokens import marker_words, shared_words
from simulator.text.tokens import speech_words as words

# -- marker words for very short lines ---------------------------------------------

# Everyday words that mark a language (text/stopwords.yaml). Words Danish and English
# share ("i", "at", "for", "man", "to", "under") are removed from both.
_SHARED = (marker_words("da") & marker_words("en")) | shared_words()
DA_WORDS = frozenset(marker_words("da") - _SHARED)
EN_WORDS = frozenset(marker_words("en") - _SHARED)


def _non_latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other / len(letters)


def _marker_words_fit(ws: list[str], lang: str) -> bool:
    da = sum(1 for w in ws if w in DA_WORDS) + sum(1 for w in ws if any(c in w for c in "æøå"))
    en = sum(1 for w in ws if w in EN_WORDS)
    own, other = (da, en) if lang != "en" else (en, da)
    return not (other >= 1 and other > own)


# -- language identification ----------------------------------------------------------

# The languages a model voicing a Danish or English mentee drifts into.
_LINGUA = {"da": "DANISH", "sv": "SWEDISH", "nb": "BOKMAL", "nn": "NYNORSK", "en": "ENGLISH",
           "de": "GERMAN", "nl": "DUTCH"}
# Their names for a trainer live in the locale catalogue (group language).
# Another language must be this many times as likely as the scenario's before the
# line is rejected. Danish and Norwegian (Bokmål and Nynorsk counted together)
# share most short sentences, so Norwegian needs a clear lead, or a lead and a
# word spelled the Norwegian way (measured on tests/data/mentee_lines.csv).
LEAD = {"no": 3.0}
MARKED_LEAD = 1.3
UNMARKED_NO_MIN_WORDS = 6
DEFAULT_LEAD = 1.5
MIN_WORDS_FOR_ID = 3


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in _LINGUA.values())).build()


def warm_up() -> None:
    """Load the language models now (about a second), not in the first reply."""
    detect_language("Jeg har boet her i to år.", "da")
    detect_language("Jag har två barn.", "da")


def detect_language(text: str, lang: str) -> str | None:
    """The code of the language the line is in when it is not ``lang``, else None."""
    if _non_latin_share(text) > 0.2:
        return "other"
    ws = words(text)
    if len(ws) < MIN_WORDS_FOR_ID:
        if _marker_words_fit(ws, lang):
            return None
        return "en" if lang != "en" else "da"
    by_name = {v: k for k, v in _LINGUA.items()}
    scores: dict[str, float] = {}
    for c in _detector().compute_language_confidence_values(text):
        code = by_name[c.language.name]
        code = "no" if code in ("nb", "nn") else code
        scores[code] = scores.get(code, 0.0) + c.value
    own = scores.get(lang, 0.0)
    top = max(scores, key=scores.get)
    if top == lang:
        return None
    markers = lexicon()["marker_words"].get(top, frozenset())
    if top == "no" and lang != "da" and not markers & set(ws) and scores["no"] < LEAD["no"] * scores.get("da", 0.0):
        top = "da"  # not the scenario's language either way; without a Norwegian spelling, call it Danish
    marked = bool(markers & set(ws))
    if top == "no" and not marked and len(ws) < UNMARKED_NO_MIN_WORDS:
        return None  # "Tak. Det er rart." is Danish and Norwegian alike
    lead = MARKED_LEAD if marked else LEAD.get(top, DEFAULT_LEAD)
    if scores[top] >= lead * own:
        return top
    return None


# -- the lexicon --------------------------------------------------------------------

@lru_cache(maxsize=1)
def lexicon() -> dict:
    path = Path(__file__).with_name("guard_lexicon.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    compiled = {}
    for key in ("other_identity", "mentor_identity", "markup", "list_item"):
        flags = re.M if key == "list_item" else re.I
        if key == "other_identity":
            flags = 0  # the captured name must be capitalised
        compiled[key] = [re.compile(p, flags) for p in data.get(key, [])]
    compiled["marker_words"] = {k: frozenset(str(w).lower() for w in v)
                                for k, v in (data.get("marker_words") or {}).items()}
    compiled["self_intro"] = [s.lower() for s in data.get("self_intro_before_name", [])]
    return compiled


# -- voice --------------------------------------------------------------------------

# A speaker label anywhere: a capitalised word or initial opening a sentence, then a colon.
_LABEL_ANYWHERE = re.compile(r"(?:^|[.!?…]\s+|\s[-–—]\s+)[\"'“„*]*[A-ZÆØÅ][\wæøåÆØÅ]{0,20}\.?[\"'”*]*\s*:(?!\d)")


def voice_problem(text: str, request: ReplyRequest) -> str | None:
    """Why the line is not the mentee speaking as herself ('name', 'identity', 'label'), or None."""
    lex = lexicon()
    name = request.scenario.persona.name
    if _LABEL_ANYWHERE.search(text):
        return "label"
    for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
        before = " ".join(words(text[:m.start()])[-3:])
        if not any(before.endswith(intro) for intro in lex["self_intro"]):
            return "name"
    for rx in lex["other_identity"]:
        for m in rx.finditer(text):
            if m.group(1).lower() != name.lower():
                return "identity"
    if any(rx.search(text) for rx in lex["mentor_identity"]):
        return "identity"
    return None


# -- markup -------------------------------------------------------------------------

def markup_in(text: str, raw_lines: list[str] | None = None) -> bool:
    lex = lexicon()
    if any(rx.search(text) for rx in lex["markup"]):
        return True
    return any(rx.search(line) for line in (raw_lines or []) for rx in lex["list_item"])


# -- read-back and echo ----------------------------------------------------------------

def _grams(ws: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


READ_BACK_N = 4
READ_BACK_MIN = 2  # shared runs of READ_BACK_N words that make a read-back


@lru_cache(maxsize=4)
def _template_grams(lang: str) -> frozenset:
    """Runs of words in the prompt template's fixed text: every tone and level line,
    also those this turn's prompt did not use."""
    from simulator.mentee.prompting import prompts_dir

    path = prompts_dir() / f"mentee_system.{'en' if lang == 'en' else 'da'}.j2"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    grams: set = set()
    for piece in re.split(r"\{\{.*?\}\}|\{%.*?%\}", source, flags=re.S):
        grams |= _grams(words(piece), READ_BACK_N)
    return frozenset(grams)


def reads_prompt_back(text: str, request: ReplyRequest, system: str) -> bool:
    """Two or more runs of four words from the instructions (this turn's prompt or
    the template's fixed text), other than the words the mentee is meant to say
    (the gist, the allowed facts) or the mentor said."""
    ws = words(text)
    if len(ws) < READ_BACK_N:
        return False
    own = [request.cue.text, request.mentor, *request.cue.allowed_facts]
    allowed = set().union(*(_grams(words(t), READ_BACK_N) for t in own))
    instructions = _grams(words(system), READ_BACK_N) | _template_grams(request.scenario.language)
    shared = (_grams(ws, READ_BACK_N) & instructions) - allowed
    return len(shared) >= READ_BACK_MIN


def echoes_mentor(text: str, request: ReplyRequest) -> bool:
    """The mentor's line said back: most of the reply's words are runs of three from it."""
    ws, ms = words(text), words(request.mentor)
    if len(ws) < 3 or len(ms) < 3:
        return False
    grams = _grams(ms, 3)
    covered = set()
    for i in range(len(ws) - 2):
        if tuple(ws[i:i + 3]) in grams:
            covered.update((i, i + 1, i + 2))
    return len(covered) / len(ws) >= 0.6


# -- facts ----------------------------------------------------------------------------

def carries_fact(text: str, fact_text: str, lang: str) -> bool:
    """Does the line say the fact the engine tells now (in other words is fine)?"""
    fact = content_lemmas(fact_text, lang)
    if not fact:
        return True  # nothing to carry
    return tells(fact, content_lemmas(text, lang), telling("carry"))
