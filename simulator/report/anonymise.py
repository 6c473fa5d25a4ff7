"""Replacing names and places, so a report can be shared.

Who is named: the trainee (the session's `trainee` field, and any name the
mentor gives for themself in a turn, "Jeg hedder Lars", "jeg hedder lars"),
the mentee (the persona's name), and the people and places of the scenario:
`persona.names` and `persona.places` where the scenario lists them, and every
capitalised word in the persona and the facts that is not at the start of a
sentence (Danish capitalises only names: "Gift med Samir", "hospital i Homs").
Matching ignores case and keeps the endings of `anonymise.yaml` ("Ranias",
"Rania-s", "Raniaʼs" -> "[mentee]s"...), and `walk` goes through any JSON-like
structure, so md, html, json and csv all come from anonymised data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("anonymise.yaml")


@lru_cache(maxsize=1)
def settings() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


MENTOR_TOKEN = "[mentor]"
MENTEE_TOKEN = "[mentee]"


@lru_cache(maxsize=1)
def _intro_rx() -> re.Pattern:
    alts = "|".join(f"(?:{p})" for p in settings()["introductions"])
    return re.compile(rf"(?<!\w)(?:{alts})\s+([^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*)?)", re.IGNORECASE)


def introduced_names(mentor_texts: Iterable[str]) -> list[str]:
    """Names the mentor gives for themself, in any case ("jeg hedder lars" gives lars)."""
    stop = {w.lower() for w in settings()["not_names"]}
    out: list[str] = []
    for text in mentor_texts:
        for m in _intro_rx().finditer(text or ""):
            words = m.group(1).split()
            # A second word is a surname only when written as one (capitalised).
            words = words[:1] + [w for w in words[1:2] if w[:1].isupper()]
            for part in words:
                if part.lower() in stop:
                    break
                if len(part) >= 2 and part.lower() not in {o.lower() for o in out}:
                    out.append(part)
    return out


_WORD = re.compile(r"[^\W\d_][\w\-]*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def scenario_people_and_places(scenario) -> tuple[list[str], list[str]]:
    """(people, places) named in a scenario: listed in the persona, or capitalised mid-sentence."""
    persona = scenario.persona
    people = list(getattr(persona, "names", []) or [])
    places = list(getattr(persona, "places", []) or [])
    skip = {w.lower() for w in settings()["not_people_or_places"]} | {persona.name.lower()}
    preps = {w.lower() for w in settings()["place_prepositions"]}
    texts = [(persona.origin, True), (persona.family, False), (persona.work_history, False),
             (persona.wants, False), (persona.time_in_denmark, False)]
    texts += [(f.text, False) for f in scenario.facts]
    known = {w.lower() for w in people + places}
    for text, is_origin in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            before = text[: m.start()].rstrip("( \"'«»")
            if not word[:1].isupper() or not before or _SENTENCE_END.search(before) or "{" in before[-3:]:
                continue
            if word.lower() in skip or len(word) < 2 or word.lower() in known or word.isupper():
                # an all-capitals word is an abbreviation (CV, HF, VUC), not a person
                continue
            known.add(word.lower())
            previous = before.split()[-1].lower() if before.split() else ""
            # "i Homs", "from Vejle", the origin field: a place; anyone else named is a person.
            (places if is_origin or previous in preps else people).append(word)
    return people, places


def _forms(name: str) -> list[str]:
    """The full name and each part of it at least two letters long."""
    name = (name or "").strip()
    if not name:
        return []
    parts = [name] + [p for p in re.split(r"\s+", name) if len(p) >= 2]
    return list(dict.fromkeys(parts))


class Anonymiser:
    """Replaces known names with tokens; an Anonymiser with no names changes nothing."""

    def __init__(self, trainee_names: Iterable[str] = (), mentee_names: Iterable[str] = (),
                 mentor_token: str = MENTOR_TOKEN, mentee_token: str = MENTEE_TOKEN,
                 people: Iterable[str] = (), places: Iterable[str] = ()):
        tokens = settings()["tokens"]
        groups = [(mentee_names, mentee_token), (trainee_names, mentor_token),
                  (people, tokens["person"]), (places, tokens["place"])]
        self._tokens: dict[str, str] = {}
        for names, token in groups:  # first group wins a name two groups share
            for name in names:
                for form in _forms(name):
                    self._tokens.setdefault(form.casefold(), token)
        forms = sorted(self._tokens, key=len, reverse=True)
        endings = sorted(settings()["endings"], key=len, reverse=True)
        self._rx = (re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")("
                               + "|".join(re.escape(e) for e in endings) + r")?(?![^\W_])", re.IGNORECASE)
                    if forms else None)

    @property
    def active(self) -> bool:
        return self._rx is not None

    def text(self, value: str) -> str:
        if self._rx is None or not value:
            return value
        return self._rx.sub(lambda m: self._tokens[m.group(1).casefold()] + (m.group(2) or ""), value)

    def walk(self, data):
        """A copy of a JSON-like structure with every string anonymised (keys left alone)."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {k: self.walk(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.walk(v) for v in data]
        return data


def for_session(session, mentee_name: str | None, scenario=None) -> Anonymiser:
    trainee = [session.trainee] if session.trainee else []
    trainee += introduced_names(t.mentor for t in session.turns)
    trainee += introduced_names(a.turn.mentor for a in session.attempts)
    people, places = scenario_people_and_places(scenario) if scenario is not None else ([], [])
    return Anonymiser(trainee, [mentee_name] if mentee_name else [], people=people, places=places)
