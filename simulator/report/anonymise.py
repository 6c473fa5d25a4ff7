"""Replacing the trainee's and the mentee's names, so a report can be shared.

Names come from three places: the session's `trainee` field, the scenario's
persona name, and a self-introduction in the mentor's own turns ("Jeg hedder
Lars", "my name is Lars"), because a trainee who left the name field empty
still says it in the transcript. Replacement works on whole words, keeps the
Danish genitive -s ("Ranias" -> "[mentee]s"), and walks any JSON-like
structure, so every text a report shows goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MENTOR_TOKEN = "[mentor]"
MENTEE_TOKEN = "[mentee]"

_INTRO = re.compile(r"\b(?:jeg\s+hedder|mit\s+navn\s+er|my\s+name\s+is|call\s+me|i'?m\s+called)\s+"
                    r"([A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+)?)", re.IGNORECASE)
_NOT_NAMES = {"mentor", "mentee", "din", "jeres", "your", "the", "og", "and", "jeg", "i"}


def introduced_names(mentor_texts: Iterable[str]) -> list[str]:
    """Names the mentor gives for themselves in their turns, capitalised as written."""
    out: list[str] = []
    for text in mentor_texts:
        for m in _INTRO.finditer(text or ""):
            for part in m.group(1).split():
                if part[:1].isupper() and part.lower() not in _NOT_NAMES and part not in out:
                    out.append(part)
    return out


def _forms(name: str) -> list[str]:
    """The full name and each part of it at least two letters long, longest first."""
    name = (name or "").strip()
    if not name:
        return []
    parts = [name] + [p for p in re.split(r"\s+", name) if len(p) >= 2]
    forms: list[str] = []
    for p in parts:
        for f in (p, p[:1].upper() + p[1:]):
            if f not in forms:
                forms.append(f)
    return sorted(forms, key=len, reverse=True)


class Anonymiser:
    """Replaces known names with tokens; an Anonymiser with no names changes nothing."""

    def __init__(self, trainee_names: Iterable[str] = (), mentee_names: Iterable[str] = (),
                 mentor_token: str = MENTOR_TOKEN, mentee_token: str = MENTEE_TOKEN):
        pairs: list[tuple[str, str]] = []
        for name in mentee_names:
            pairs += [(f, mentee_token) for f in _forms(name)]
        for name in trainee_names:
            pairs += [(f, mentor_token) for f in _forms(name) if f not in {p for p, _ in pairs}]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        self._tokens = dict(pairs)
        self._rx = (re.compile(r"(?<![\w\-])(" + "|".join(re.escape(p) for p, _ in pairs) + r")(s?)(?![\w\-])")
                    if pairs else None)

    @property
    def active(self) -> bool:
        return self._rx is not None

    def text(self, value: str) -> str:
        if self._rx is None or not value:
            return value
        return self._rx.sub(lambda m: self._tokens[m.group(1)] + m.group(2), value)

    def walk(self, data):
        """A copy of a JSON-like structure with every string anonymised (keys left alone)."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {k: self.walk(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.walk(v) for v in data]
        return data


def for_session(session, mentee_name: str | None) -> Anonymiser:
    trainee = [session.trainee] if session.trainee else []
    trainee += introduced_names(t.mentor for t in session.turns)
    trainee += introduced_names(a.get("turn", {}).get("mentor", "") for a in session.attempts)
    return Anonymiser(trainee, [mentee_name] if mentee_name else [])
