"""Loading the coder's lexicons (YAML) into compiled regular expressions.

The lexicon is domain knowledge a trainer may tune, so it lives in data files;
this module only compiles it and reports a broken pattern by file and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.coding.prefilter import Alternatives, BadPattern
from simulator.errors import UserFacingError

LEXICON_DIR = Path(__file__).parent / "lexicons"

try:  # the C loader makes `mentor-sim code` start noticeably faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class LexiconError(UserFacingError):
    pass


def _alt(patterns: list[str], where: str) -> re.Pattern | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        for p in patterns:  # find the culprit so the message names it
            try:
                re.compile(p)
            except re.error as exc:
                raise LexiconError(f"{where}: bad pattern {p!r}: {exc}") from None
        raise


def _alternatives(patterns: list[str], where: str) -> Alternatives | None:
    """Each pattern compiled once, kept apart for the prefilter; a bad one is named."""
    if not patterns:
        return None
    try:
        return Alternatives(patterns)
    except BadPattern as exc:
        raise LexiconError(f"{where}: {exc}") from None


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
    idioms: re.Pattern | None = None
    subordinate: re.Pattern | None = None
    lead_fillers: re.Pattern | None = None
    lead_fillers_min_words: int = 3
    spellings: dict[str, str] = field(default_factory=dict)
    spelling_rx: re.Pattern | None = None
    telegraphic: dict | None = None
    advice_request: re.Pattern | None = None
    shouting: dict | None = None

    def respell(self, norm: str) -> str:
        """Chat spellings ("ik", "ku", "hva") become the forms the patterns are written for."""
        if self.spelling_rx is None:
            return norm
        return self.spelling_rx.sub(lambda m: self.spellings[m.group(0)], norm)


def _lead_fillers(words: list[str], where: str) -> re.Pattern | None:
    """One or more opening response words ("ja", "okay så"), each a pattern of its own."""
    if not words:
        return None
    if _alt(words, f"{where}: lead_fillers.words") is None:
        return None
    return re.compile(r"^(?:(?:" + "|".join(words) + r")\b[\s.!-]*)+")


def load_lexicon_file(path: Path) -> Lexicon:
    where = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{where}: cannot read lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: the top level must be a mapping")
    rules = []
    for i, r in enumerate(data.get("codes") or []):
        rx = _alternatives(r.get("any") or [], f"{where}: codes[{i}] ({r.get('code')})")
        if rx is None:
            raise LexiconError(f"{where}: codes[{i}]: a rule needs 'any' patterns")
        rules.append(CodeRule(r["code"], rx, _alternatives(r.get("unless") or [], f"{where}: codes[{i}].unless"),
                              r.get("question")))
    tags = []
    for name, t in (data.get("tags") or {}).items():
        tags.append(TagRule(name, frozenset(t.get("codes") or []), _alternatives(t["any"], f"{where}: tags.{name}"),
                            _alternatives(t.get("unless") or [], f"{where}: tags.{name}.unless"),
                            _alternatives(t.get("question_any") or [], f"{where}: tags.{name}.question_any")))
    clause = data.get("clause_question_starts") or []
    spellings = data.get("spellings") or {}
    fillers = (data.get("lead_fillers") or {}).get("words") or []
    for where_, items in (("spellings", list(spellings) + list(spellings.values())), ("lead_fillers.words", fillers)):
        bad = [x for x in items if not isinstance(x, str)]
        if bad:
            # yes/no/on/off unquoted are booleans in YAML: say which entry to quote.
            raise LexiconError(f"{where}: {where_}: {bad[0]!r} is not text; put it in quotes")
    default = data.get("default") or {}
    return Lexicon(
        language=data.get("language", path.stem),
        path=path,
        abbreviations=frozenset(a.lower().rstrip(".") for a in data.get("abbreviations") or []),
        clause_split=re.compile(r",\s+(?=(?:" + "|".join(clause) + "))") if clause else None,
        question_start=_alt(data.get("question_starts") or [], f"{where}: question_starts"),
        rules=rules,
        default_short=default.get("short", "other"),
        default_long=default.get("long", "information"),
        short_max_words=int(default.get("short_max_words", 3)),
        tags=tags,
        steps={k: _alt(v, f"{where}: steps.{k}") for k, v in (data.get("steps") or {}).items()},
        agreement=_alt(data.get("agreement") or [], f"{where}: agreement"),
        idioms=_alt(data.get("idioms") or [], f"{where}: idioms"),
        subordinate=re.compile(r"^(?:" + "|".join(re.escape(w) for w in data["subordinators"]) + r")\b")
        if data.get("subordinators") else None,
        lead_fillers=_lead_fillers(fillers, where),
        lead_fillers_min_words=int((data.get("lead_fillers") or {}).get("min_words_left", 3)),
        telegraphic=_telegraphic(data.get("telegraphic"), where),
        advice_request=_alt(data.get("advice_request") or [], f"{where}: advice_request"),
        shouting=data.get("shouting") or None,
        spellings={k.lower(): v.lower() for k, v in spellings.items()},
        spelling_rx=re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k.lower()) for k in sorted(spellings, key=len, reverse=True))
                               + r")(?![\w'])") if spellings else None,
    )


def _telegraphic(conf, where: str) -> dict | None:
    """Settings for runs of very short sentences tagged `caricature` (see the lexicon)."""
    if not conf:
        return None
    try:
        return {k: int(conf[k]) for k in ("min_run", "max_words", "min_unmatched")}
    except (KeyError, TypeError, ValueError):
        raise LexiconError(f"{where}: telegraphic: needs whole numbers min_run, max_words, min_unmatched") from None


@lru_cache(maxsize=4)
def load_lexicon(language: str) -> Lexicon:
    path = LEXICON_DIR / f"{language}.yaml"
    if not path.is_file():
        raise LexiconError(f"no lexicon for language {language!r} (looked for {path})")
    return load_lexicon_file(path)
