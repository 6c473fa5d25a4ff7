"""The mentee's hidden state and how one mentor turn moves it.

Deterministic for a given seed: all randomness comes from one `random.Random`
whose state is part of the snapshot, so undo restores trust, revealed facts,
used lines and the random stream exactly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from simulator.coding.coder import CodedTurn, normalise
from simulator.coding.lexicon import Lexicon
from simulator.scenario.models import Fact, Scenario, defaults, trust_for
from simulator.text.readability import lix, long_word_count, words
from simulator.text.templates import render_line as render  # never raises mid-rehearsal

BOUNDARY_TAGS = ("taboo_probe", "therapy", "lecture", "pity", "promise")
GOOD_TAGS = ("referral", "bridge", "specific_praise", "challenge")
_FAREWELL = re.compile(r"\b(?:farvel|vi ses|tak for i dag|hav en god|goodbye|bye|see you|thanks for today)\b")




@dataclass
class Cue:
    """What the engine decided for one mentor turn; a backend voices it."""

    reaction: str            # the reaction key whose line was chosen (or "fact")
    text: str                # the scripted reply, always available as fallback
    trust_before: float
    trust_after: float
    revealed: list[str] = field(default_factory=list)      # fact ids told in this reply
    allowed_facts: list[str] = field(default_factory=list)  # fact texts the mentee may mention
    misunderstood: bool = False


@dataclass
class Snapshot:
    trust: float
    revealed: list[str]
    used: dict[str, list[str]]
    rng_state: tuple


class MenteeState:
    def __init__(self, scenario: Scenario, lexicon: Lexicon, seed: int = 0, trainee: str = ""):
        self.scenario = scenario
        self.lex = lexicon
        self.rng = random.Random(seed)
        self.trust = scenario.start_trust
        self.revealed: list[str] = []
        self.used: dict[str, list[str]] = {}
        self.trainee = trainee
        self._facts = {f.id: f for f in scenario.facts}
        self._fallback = defaults()["fallback_lines"].get(scenario.language, {})
        self._topic_rx = {f.id: _topic_regex(f) for f in scenario.facts}

    # -- undo -------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return Snapshot(self.trust, list(self.revealed), {k: list(v) for k, v in self.used.items()},
                        self.rng.getstate())

    def restore(self, snap: Snapshot) -> None:
        self.trust = snap.trust
        self.revealed = list(snap.revealed)
        self.used = {k: list(v) for k, v in snap.used.items()}
        self.rng.setstate(snap.rng_state)

    # -- lines --------------------------------------------------------------
    def context(self) -> dict:
        p = self.scenario.persona
        return {"persona": p.model_dump(), "name": p.name, "trainee": self.trainee or "",
                "facts": {fid: self._facts[fid].text for fid in self.revealed}}

    def has_lines(self, key: str) -> bool:
        r = self.scenario.reactions.get(key)
        return bool(r and r.lines)

    def pick(self, key: str) -> str:
        """A line of the reaction `key`, else the built-in fallback, else `default`."""
        reaction = self.scenario.reactions.get(key)
        pool = list(reaction.lines) if reaction and reaction.lines else list(self._fallback.get(key, []))
        if not pool:
            pool = list(self.scenario.reactions["default"].lines)
            key = "default"
        return self.pick_from(key, pool)

    def opening(self) -> str:
        return self.pick_from("opening", self.scenario.opening)

    def pick_from(self, key: str, pool: list[str]) -> str:
        used = self.used.setdefault(key, [])
        fresh = [line for line in pool if line not in used]
        if not fresh:  # all said once: start over, but never the line just said
            last = used[-1] if used else None
            used.clear()
            fresh = [line for line in pool if line != last] or pool
        line = fresh[self.rng.randrange(len(fresh))]
        used.append(line)
        return render(line, self.context())

    # -- the decision -------------------------------------------------------
    def trust_delta(self, keys: set[str]) -> float:
        return sum(trust_for(self.scenario, key) for key in keys)

    def misunderstands(self, turn: CodedTurn) -> bool:
        m = self.scenario.misunderstanding
        if turn.is_pause or self.scenario.persona.level not in m.applies_to:
            return False
        for s in turn.segments:
            ws = words(s.text)
            if len(ws) > m.max_words_per_sentence:
                return True
            if len(ws) >= 6 and lix(len(ws), 1, long_word_count(ws)) > m.max_lix:
                return True
        return bool(m.idioms and self.lex.idioms and self.lex.idioms.search(normalise(turn.text)))

    def _available(self, fact: Fact) -> bool:
        return fact.id not in self.revealed and (fact.requires is None or fact.requires in self.revealed)

    def react(self, turn: CodedTurn, *, agreement: bool, advice_without_permission: bool) -> Cue:
        before = self.trust
        if self.misunderstands(turn):
            delta = self.trust_delta({"misunderstood"})
            self.trust = _clamp(self.trust + delta)
            return Cue("misunderstood", self.pick("misunderstood"), before, self.trust,
                       allowed_facts=self._allowed_texts(), misunderstood=True)

        keys = set(turn.codes) | set(turn.tags)
        if advice_without_permission:
            keys.add("advice_without_permission")
        self.trust = _clamp(self.trust + self.trust_delta(keys))

        boundary = next((t for t in BOUNDARY_TAGS if t in turn.tags), None)
        if boundary:
            return self._cue(boundary if self.has_lines(boundary) else "default", before)
        if agreement and self.has_lines("agreement"):
            return self._cue("agreement", before)
        if _FAREWELL.search(normalise(turn.text)) and self.has_lines("goodbye"):
            return self._cue("goodbye", before)

        text = normalise(turn.text)
        asked = [f for f in self.scenario.facts if self._available(f) and self._topic_rx[f.id]
                 and self._topic_rx[f.id].search(text)]
        inviting = turn.is_pause or turn.primary in ("open_question", "reflection")
        if asked:
            ready = [f for f in asked if self.trust >= f.min_trust]
            if ready and (inviting or turn.primary in ("closed_question", "ask_permission", "affirmation")):
                return self._reveal(ready[0], before)
            # Only a question is turned away; a mentee does not refuse being mirrored or praised
            # ("So you are a little nervous today" once got "Maybe another time.").
            if not ready and turn.primary not in ("reflection", "affirmation"):
                return self._cue("guarded", before)
        for tag in GOOD_TAGS:  # a referral or a bridge deserves its own answer
            if tag in turn.tags and self.has_lines(tag):
                return self._cue(tag, before)
        if inviting:
            volunteer = [f for f in self.scenario.facts
                         if self._available(f) and f.volunteer and self.trust >= f.min_trust]
            if volunteer:
                return self._reveal(volunteer[0], before)
        key = turn.primary
        if key not in self.scenario.reactions or not self.has_lines(key):
            key = "default"
        return self._cue(key, before)

    def _allowed_texts(self) -> list[str]:
        return [render(self._facts[fid].text, self.context()) for fid in self.revealed]

    def _cue(self, key: str, before: float) -> Cue:
        return Cue(key, self.pick(key), before, self.trust, allowed_facts=self._allowed_texts())

    def _reveal(self, fact: Fact, before: float) -> Cue:
        self.revealed.append(fact.id)
        return Cue("fact", render(fact.text, self.context()), before, self.trust, revealed=[fact.id],
                   allowed_facts=self._allowed_texts())


def _topic_regex(fact: Fact) -> re.Pattern | None:
    if not fact.topics:
        return None
    # A topic matches at a word start, so "arbejd" finds "arbejde" and "arbejdede".
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in fact.topics) + ")")


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 4)
