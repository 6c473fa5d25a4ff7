"""Loading the coder's lexicons (YAML) into compiled regular expressions.

The lexicon is domain knowledge a trainer may tune, so it lives in data files;
this module only compiles it and reports a broken pattern by file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulator.coding.lexicon_schema import LexiconFile, name_problems
from simulator.coding.prefilter import Alternatives, BadPattern
from simulator.errors import UserFacingError
from simulator.yamlfile import FileProblems, load_model, located

LEXICON_DIR = Path(__file__).parent / "lexicons"


class LexiconError(UserFacingError):
    pass


class _BadPatternAt(Exception):
    """A pattern that does not compile, with its place in the file (as a field path)."""

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc = loc


def _alt(patterns: list[str], where: tuple) -> re.Pattern | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        for i, p in enumerate(patterns):  # find the culprit so the message names it
            try:
                re.compile(p)
            except re.error as exc:
                raise _BadPatternAt(where + (i,), f"bad pattern {p!r}: {exc}") from None
        raise


def _alternatives(patterns: list[str], where: tuple) -> Alternatives | None:
    """Each pattern compiled once, kept apart for the prefilter; a bad one is named."""
    if not patterns:
        return None
    try:
        return Alternatives(patterns)
    except BadPattern as exc:
        raise _BadPatternAt(where + (patterns.index(exc.pattern),), str(exc)) from None


@dataclass
class CodeRule:
    code: str
    any: Alternatives
    unless: Alternatives | None
    question: bool | None


@dataclass
class TagRule:
    tag: str
    codes: frozenset[str]
    any: Alternatives
    unless: Alternatives | None
    question_any: Alternatives | None = None  # patterns that count only in a question segment


@dataclass
class Lexicon:
    language: str
    path: Path
    abbreviations: frozenset[str]
    clause_split: re.Pattern | None
    question_start: re.Pattern | None
    rules: list[CodeRule]
    default_short: str
    default_long: str
    short_max_words: int
    tags: list[TagRule]
    steps: dict[str, re.Pattern] = field(default_factory=dict)
    agreement: re.Pattern | None = None
    agreement_question: re.Pattern | None = None
    idioms: re.Pattern | None = None
    subordinate: re.Pattern | None = None
    lead_fillers: re.Pattern | None = None
    lead_fillers_min_words: int = 3
    spellings: dict[str, str] = field(default_factory=dict)
    spelling_rx: re.Pattern | None = None
    telegraphic: dict | None = None
    advice_request: re.Pattern | None = None
    word_request: re.Pattern | None = None
    shouting: dict | None = None

    def respell(self, norm: str) -> str:
        """Chat spellings ("ik", "ku", "hva") become the forms the patterns are written for."""
        if self.spelling_rx is None:
            return norm
        return self.spelling_rx.sub(lambda m: self.spellings[m.group(0)], norm)


def _lead_fillers(words: list[str]) -> re.Pattern | None:
    """One or more opening response words ("ja", "okay så"), each a pattern of its own."""
    if not words:
        return None
    if _alt(words, ("lead_fillers", "words")) is None:
        return None
    return re.compile(r"^(?:(?:" + "|".join(words) + r")\b[\s.!-]*)+")


def read_lexicon_file(path: Path) -> LexiconFile:
    """The file checked against its schema and the vocabulary, or LexiconError naming
    file, line and field ("da.yaml:123: codes[4].code: unknown code 'open_questoin' ...")."""
    try:
        return load_model(path, LexiconFile, name_problems)
    except FileProblems as exc:
        raise LexiconError(str(exc)) from None


def load_lexicon_file(path: Path) -> Lexicon:
    data = read_lexicon_file(path)
    try:
        return _compiled(data, path)
    except _BadPatternAt as exc:  # rare: read the file's lines again to say where
        raise LexiconError(str(located(path, exc.loc, str(exc)))) from None


def _compiled(data: LexiconFile, path: Path) -> Lexicon:
    rules = [CodeRule(r.code, _alternatives(r.any, ("codes", i, "any")),
                      _alternatives(r.unless, ("codes", i, "unless")), r.question)
             for i, r in enumerate(data.codes)]
    tags = [TagRule(name, frozenset(t.codes), *(_alternatives(getattr(t, k), ("tags", name, k))
                                                for k in ("any", "unless", "question_any")))
            for name, t in data.tags.items()]
    clause, spellings = data.clause_question_starts, data.spellings
    return Lexicon(
        language=data.language or path.stem,
        path=path,
        abbreviations=frozenset(a.lower().rstrip(".") for a in data.abbreviations),
        clause_split=re.compile(r",\s+(?=(?:" + "|".join(clause) + "))") if clause else None,
        question_start=_alt(data.question_starts, ("question_starts",)),
        rules=rules,
        default_short=data.default.short,
        default_long=data.default.long,
        short_max_words=data.default.short_max_words,
        tags=tags,
        steps={k: _alt(v, ("steps", k)) for k, v in data.steps.items()},
        agreement=_alt(data.agreement, ("agreement",)),
        agreement_question=_alt(data.agreement_question, ("agreement_question",)),
        idioms=_alt(data.idioms, ("idioms",)),
        subordinate=re.compile(r"^(?:" + "|".join(re.escape(w) for w in data.subordinators) + r")\b")
        if data.subordinators else None,
        lead_fillers=_lead_fillers(data.lead_fillers.words),
        lead_fillers_min_words=data.lead_fillers.min_words_left,
        telegraphic=data.telegraphic.model_dump() if data.telegraphic else None,
        advice_request=_alt(data.advice_request, ("advice_request",)),
        word_request=_alt(data.word_request, ("word_request",)),
        shouting=data.shouting.model_dump(exclude_unset=True) or None if data.shouting else None,
        spellings={k.lower(): v.lower() for k, v in spellings.items()},
        spelling_rx=re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k.lower()) for k in sorted(spellings, key=len, reverse=True))
                               + r")(?![\w'])") if spellings else None,
    )


@lru_cache(maxsize=4)
def load_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"{language}.yaml"
    if not path.is_file():
        raise LexiconError(f"no lexicon for language {language!r} (looked for {path})")
    return load_lexicon_file(path)
