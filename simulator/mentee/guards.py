"""Guards on every model reply: is this line the mentee's, and may she say it?

A model voices the mentee, but the engine stays in charge: the reply must stay
the mentee's (never the mentor's words or voice, never coaching the trainee,
never stepping out of the role or reading its instructions back, no markup),
must not tell a fact the engine has not unlocked, must carry the fact the
engine tells now, must fit the persona's language level and the scenario's
language, and must not echo the mentor or repeat an earlier line. The content
checks live in ``content_guards.py``; the retry-then-fallback loop around a
generator in ``guarded.py``.

Pure Python: this module never imports torch, transformers or httpx.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from simulator.locale import tr
from simulator.mentee.base import ReplyRequest
from simulator.mentee.content_guards import (carries_fact, detect_language, echoes_mentor, markup_in,
                                             reads_prompt_back, voice_problem)
from simulator.mentee.prompting import allowed_fact_texts, max_words, system_prompt, told_now
from simulator.text.overlap import GUARD, content_lemmas, reduce_word, telling, tells
from simulator.text.tokens import SPEECH_JOINERS
from simulator.text.tokens import speech_words as words
from simulator.text.tokens import words as written_words

# -- words ---------------------------------------------------------------------

def _similar(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    jaccard = len(set(wa) & set(wb)) / len(set(wa) | set(wb))
    return max(jaccard, SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio())


STRONG_LENGTH = 9  # letters from which one word of a locked fact gives it away


def _tokens(text: str) -> list[str]:
    """A line's words as written (capitals kept), numbers included."""
    return written_words(text, digits="join", joiners=SPEECH_JOINERS)


# -- cleaning ------------------------------------------------------------------

_SPEAKERS = ("mentor", "mentoren", "mentee", "frivillig", "rådgiver", "coach", "træner", "assistant",
             "assistent", "user", "bruger", "system", "ai", "human", "menneske")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S | re.I)
_QUOTES = "\"'“”„«»‘’`*"


_ANY_LABEL = re.compile(rf"^[\s{re.escape(_QUOTES)}]*[A-ZÆØÅ][\wæøåÆØÅ'’-]{{1,24}}[\s{re.escape(_QUOTES)}]*:\s")


def _label_rx(name: str) -> re.Pattern:
    names = "|".join(re.escape(n) for n in (*_SPEAKERS, name.lower()) if n)
    return re.compile(rf"^[\s{re.escape(_QUOTES)}]*(?:{names})[\s{re.escape(_QUOTES)}]*:", re.I)


def kept_lines(raw: str, name: str) -> list[str]:
    """The model's lines that are the mentee's turn (see ``clean``), as written."""
    text = _THINK.sub("", raw or "")
    label = _label_rx(name)
    own = re.compile(rf"^[\s{re.escape(_QUOTES)}]*(?:{re.escape(name.lower())}|mentee)[\s{re.escape(_QUOTES)}]*:\s*",
                     re.I)
    text = own.sub("", text.lstrip(), count=1)
    lines = text.split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        # Any "Name:" at the start of a later line is a new speaker (often the mentor,
        # by the trainee's own name, which the prompt does not know).
        if (label.match(line) or _ANY_LABEL.match(line)) and any(k.strip() for k in kept):
            break
        kept.append(line)
    return kept


def clean(raw: str, name: str) -> str:
    """The mentee's words from what the model wrote.

    Drops a reasoning block, the mentee's own name in front ("Rania: ..."), and
    anything after the model starts a new speaker's line (small models often go
    on to write the mentor's next turn). A first line that is someone else's
    label is kept, so the role guard sees it and rejects it.
    """
    text = " ".join(" ".join(kept_lines(raw, name)).split())
    text = text.lstrip(_QUOTES + " ")
    if text.count('"') % 2 == 1 or text.endswith(("”", "»", "“")):
        text = text.rstrip(_QUOTES + " ")
    return text.strip()


# -- the checks ----------------------------------------------------------------

_AS_MENTOR = [re.compile(p, re.I | re.M) for p in (
    r"^[\s*\"'“„]*(?:mentor|mentoren|frivillig|rådgiver|coach|træner|assistant|assistent|user|bruger|system)[\s*\"'”]*:",
    r"\bsom (?:din |en )?mentor\b",
    r"\bjeg er (?:din |en )?mentor\b",
    r"\bas (?:your |a )?mentor\b",
    r"\bi(?:'m| am) (?:your |a )?mentor\b",
)]
_COACHING = [re.compile(p, re.I) for p in (
    r"\bdu (?:bør|burde)\b", r"\bi (?:bør|burde)\b",
    r"\bdu (?:skal|skulle|kunne|kan) (?:prøve at )?(?:spørge|stille|lytte|spejle)\s+(?:mere|flere|åbent|åbne|lukket|lukkede|anderledes|bedre)\b",
    r"\bprøv at (?:spørge|stille|lytte|spejle)\b", r"\b(?:spørg|lyt) mere\b",
    r"\båbne spørgsmål\b", r"\blukkede spørgsmål\b", r"\baktiv lytning\b", r"\bgod mentor\b",
    r"\bmentee\b", r"\bfeedback\b", r"\brollespil",
    r"\byou should (?:ask|try|listen|use|be)\b", r"\btry (?:asking|to ask|listening)\b",
    r"\bopen(?:-ended)? questions?\b", r"\bclosed questions?\b", r"\bactive listening\b",
    r"\bgood mentor\b", r"\brole-?play",
)]
_OUT_OF_ROLE = [re.compile(p, re.I) for p in (
    r"\bas an? (?:ai|language model|assistant|chatbot)\b", r"\bi(?:'m| am) (?:an? )?(?:ai|language model|assistant|chatbot)\b",
    r"\blanguage model\b", r"\bsprogmodel", r"\bkunstig intelligens\b",
    r"\bsom (?:en )?(?:ai|chatbot|assistent|sprogmodel)\b", r"\bjeg er (?:en )?(?:ai|chatbot|assistent|sprogmodel|robot)\b",
    r"\bchatgpt\b", r"\bopenai\b", r"\bi (?:cannot|can't|can not) (?:role|pretend)", r"\bjeg kan ikke (?:spille|lade som)",
    r"<\|", r"\[/?inst\]", r"</?s>", r"<unk>", r"\[unk\]",
    # the model reading its instructions back
    r"\b(?:regler|rules)\s*:", r"\bdet skal du sige nu\b", r"\bsay this now\b", r"\bhøjst \d+ ord\b",
    r"\bat most \d+ words\b", r"\bniveau [ab][12]\b", r"\blevel [ab][12]\b",
    r"\b(?:tilstand|niveau|level|cefr)\w*\s+[abc][12]\b",
    # markup is text for a page, not words a person says
    r"</?[a-z][a-z0-9]*\b[^>]*>",
)]

def reason_text(lang: str, code: str, **kw) -> str:
    """Why a model line was rejected, in the scenario's language (catalogue group `guard`)."""
    return tr(f"guard.{code}", lang, **kw)


@dataclass
class Verdict:
    ok: bool
    text: str                  # the cleaned reply
    code: str | None = None    # why it was rejected (a key of the catalogue's guard group)
    reason: str | None = None  # the same, in the scenario's language


def check(raw: str, request: ReplyRequest, *, final: bool = True) -> Verdict:
    """Judge one model reply. ``final=False`` runs only the checks that can
    only get worse as the text grows (used while streaming)."""
    lang = request.scenario.language
    name = request.scenario.persona.name
    text = clean(raw, name)

    def no(code: str, **kw) -> Verdict:
        return Verdict(False, text, code, reason_text(lang, code, **kw))

    ws = words(text)
    if final and not any(ch.isalpha() for ch in text):
        return no("empty")
    if garbled(text if final else text.rstrip("\ufffd")):
        return no("garbled")
    if any(p.search(text) for p in _AS_MENTOR):
        return no("as_mentor")
    if any(p.search(text) for p in _OUT_OF_ROLE):
        return no("out_of_role")
    if markup_in(text, kept_lines(raw, name)):
        return no("markup")
    if reads_prompt_back(text, request, system_prompt(request)):
        return no("prompt")
    voice = voice_problem(text, request)
    if voice:
        return no(f"voice_{voice}", name=name)
    if any(p.search(text) for p in _COACHING):
        return no("coaching")
    leaked = locked_fact_in(text, request)
    if leaked:
        return no("locked_fact", fact=leaked)
    limit = max_words(request)
    if len(ws) > limit:
        return no("too_long", n=len(ws), max=limit, level=request.scenario.persona.level)
    if looping(ws):
        return no("looping")
    if not final:
        return Verdict(True, text)
    found = detect_language(text, lang)
    if found:
        return no("language", found=tr(f"language.{found}", lang))
    if echoes_mentor(text, request):
        return no("echo")
    if repeats_earlier(text, request):
        return no("repetition")
    for fact in told_now(request):
        if not carries_fact(text, fact, lang):
            return no("fact_missing", fact=", ".join(request.cue.revealed))
    return Verdict(True, text)


_SPEECH_PUNCTUATION = set(".,!?;:'\"-–—…()«»„“”’‘/%")


def garbled(text: str) -> bool:
    """Bytes rather than words: broken characters, control codes, few letters."""
    for ch in text:
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and not ch.isspace()):
            return True
    # Speech has letters, digits and ordinary punctuation ("...Ja.", "13 år"); bytes decoded as
    # text are full of other symbols.
    visible = [ch for ch in text if not ch.isspace()]
    noise = [ch for ch in visible if not ch.isalnum() and ch not in _SPEECH_PUNCTUATION]
    return len(visible) >= 4 and len(noise) / len(visible) > 0.2


def looping(ws: list[str]) -> bool:
    """A reply stuck in a loop: one word or phrase over and over."""
    if len(ws) >= 8:
        _, top = Counter(ws).most_common(1)[0]
        if top >= 4 and top / len(ws) > 0.35:
            return True
    grams = Counter(tuple(ws[i:i + 3]) for i in range(len(ws) - 2))
    return bool(grams) and grams.most_common(1)[0][1] >= 3


def language_fits(text: str, lang: str) -> bool:
    """Is the reply in the scenario's language? (see content_guards.detect_language)"""
    return detect_language(text, lang) is None


def _fact_text(fact, request: ReplyRequest) -> str:
    from simulator.text.templates import render, without_tags

    p = request.scenario.persona
    try:
        return render(fact.text, {"persona": p.model_dump(), "name": p.name, "trainee": "", "facts": {}})
    except Exception:  # noqa: BLE001 - a template that needs more context: judge its plain words
        return without_tags(fact.text)


def _told_ids(request: ReplyRequest) -> set[str]:
    told = set(request.cue.revealed)
    for turn in request.history:
        told.update(getattr(turn, "revealed", None) or [])
    return told


def locked_fact_in(text: str, request: ReplyRequest) -> str | None:
    """The id of a locked fact the reply gives away, or None.

    Only words the conversation has not already made known count: what the
    mentor said, what was said before, the allowed facts and the persona's
    public details. A locked fact is given away when most (60 %) of its
    remaining content words appear, or any distinctive number, name or long
    word of it does ("13", "Homs", "sygeplejerske").
    """
    allowed = allowed_fact_texts(request)
    told = _told_ids(request)
    locked = [(f.id, _fact_text(f, request)) for f in request.scenario.facts if f.id not in told]
    locked = [(fid, t) for fid, t in locked if t not in allowed]
    if not locked:
        return None
    p = request.scenario.persona
    # What the scenario's situation says is common ground: the mentor read it too.
    known_texts = [*allowed, request.cue.text, request.mentor, p.name, p.origin, p.time_in_denmark,
                   *request.scenario.opening, request.scenario.situation, request.scenario.title]
    for turn in request.history:
        known_texts += [getattr(turn, "mentor", "") or "", getattr(turn, "mentee", "") or ""]
    lang = request.scenario.language
    known = set().union(*(content_lemmas(t, lang) for t in known_texts))
    said = content_lemmas(text, lang)
    reply_tokens = set(_tokens(text))
    for fid, fact_text in locked:
        distinctive = content_lemmas(fact_text, lang) - known
        if not distinctive:
            continue
        # Names and numbers give a fact away on their own; a capitalised word counts
        # only when the reply writes it capitalised too ("Homs", not "prøve" for "Prøve").
        strong = {reduce_word(w.lower(), lang, GUARD) for w in _tokens(fact_text)
                  if w.isdigit() or len(w) >= STRONG_LENGTH
                  or (w[:1].isupper() and not _starts_sentence(fact_text, w) and w in reply_tokens)}
        strong &= distinctive
        if said & strong:
            return fid
        if tells(distinctive, said, telling("locked")):
            return fid
    return None


def _starts_sentence(text: str, word: str) -> bool:
    """True if every occurrence of `word` opens a sentence (so its capital says nothing)."""
    for m in re.finditer(rf"\b{re.escape(word)}\b", text):
        before = text[:m.start()].rstrip()
        if before and not before.endswith((".", "!", "?", ":", '"', "“", "„")):
            return False
    return True


def repeats_earlier(text: str, request: ReplyRequest) -> bool:
    """Nearly the same as an earlier mentee line (unless the engine chose that line again)."""
    if len(words(text)) < 4:
        return False  # "Ja. Okay." may be said more than once
    for turn in request.history:
        earlier = getattr(turn, "mentee", "") or ""
        if len(words(earlier)) >= 4 and _similar(text, earlier) >= 0.8 \
                and _similar(request.cue.text, earlier) < 0.8:
            return True
    return False
