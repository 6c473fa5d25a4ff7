"""The shape of a lexicon file (coding/lexicons/*.yaml), checked before its patterns compile.

A trainer tunes the lexicon by hand; a misspelt code or tag name would make every turn
that rule decides look damaged in saved sessions, so each name is checked against the
vocabulary and reported as `file:line: field: unknown code 'x' (did you mean 'y'?)`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from simulator.coding.vocabulary import CODES, STEPS, TAGS
from simulator.yamlfile import unknown


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CodeRuleIn(_Strict):
    code: str
    any: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    question: bool | None = None  # True: questions only; False: statements only


class TagRuleIn(_Strict):
    codes: list[str] = Field(default_factory=list)  # the segment codes it may go with; empty: any
    any: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    question_any: list[str] = Field(default_factory=list)


class LeadFillers(_Strict):
    words: list[Any] = Field(default_factory=list)  # checked for text below, to name the entry to quote
    min_words_left: int = Field(default=3, ge=0)


class Shouting(_Strict):
    min_words: int = Field(default=2, ge=1)
    min_share: float = Field(default=0.6, ge=0.0, le=1.0)


class Telegraphic(_Strict):
    min_run: int = Field(ge=1)
    max_words: int = Field(ge=1)
    min_unmatched: int = Field(ge=0)


class Default(_Strict):
    short: str = "other"
    long: str = "information"
    short_max_words: int = Field(default=3, ge=0)


class LexiconFile(_Strict):
    language: str | None = None
    abbreviations: list[str] = Field(default_factory=list)
    spellings: dict[Any, Any] = Field(default_factory=dict)
    lead_fillers: LeadFillers = Field(default_factory=LeadFillers)
    clause_question_starts: list[str] = Field(default_factory=list)
    subordinators: list[str] = Field(default_factory=list)
    question_starts: list[str] = Field(default_factory=list)
    codes: list[CodeRuleIn] = Field(default_factory=list)
    shouting: Shouting | None = None
    telegraphic: Telegraphic | None = None
    default: Default = Field(default_factory=Default)
    tags: dict[str, TagRuleIn] = Field(default_factory=dict)
    steps: dict[str, list[str]] = Field(default_factory=dict)
    agreement: list[str] = Field(default_factory=list)
    agreement_question: list[str] = Field(default_factory=list)
    advice_request: list[str] = Field(default_factory=list)
    word_request: list[str] = Field(default_factory=list)
    idioms: list[str] = Field(default_factory=list)


def name_problems(lex: LexiconFile):
    """Every code, tag and step the file names, checked against the vocabulary."""
    for i, rule in enumerate(lex.codes):
        if rule.code not in CODES:
            yield ("codes", i, "code"), unknown("code", rule.code, CODES)
    for name, tag in lex.tags.items():
        if name not in TAGS:
            yield ("tags", name), unknown("tag", name, TAGS)
        for j, code in enumerate(tag.codes):
            if code not in CODES:
                yield ("tags", name, "codes", j), unknown("code", code, CODES)
    for name in lex.steps:
        if name not in STEPS:
            yield ("steps", name), unknown("step", name, STEPS)
    for field in ("short", "long"):
        if getattr(lex.default, field) not in CODES:
            yield ("default", field), unknown("code", getattr(lex.default, field), CODES)
    # yes/no/on/off unquoted are booleans in YAML: say which entry to quote.
    spellings = list(lex.spellings) + list(lex.spellings.values())
    for where, items in ((("spellings",), spellings), (("lead_fillers", "words"), lex.lead_fillers.words)):
        bad = [x for x in items if not isinstance(x, str)]
        if bad:
            yield where, f"{bad[0]!r} is not text; put it in quotes"
