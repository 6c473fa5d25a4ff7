"""The mentee's hidden state and how one mentor turn moves it.

Deterministic for a given seed: all randomness comes from one `random.Random`
whose state is part of the snapshot, so undo restores trust, revealed facts,
used lines and the random stream exactly.

The reply is chosen by the turn's move (engine/moves.py): a topic question gets the
fact of that topic (or a guarded line about it), a greeting a greeting, an open
invitation the fact most connected to what was just talked about, and so on
(docs/architecture.md, "Move → reply").
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from simulator.coding.coder import CodedTurn
from simulator.coding.context import counted_boundaries
from simulator.coding.lexicon import Lexicon
from simulator.coding.vocabulary import CODES
from simulator.engine.move_words import Move, after_recall, asks_for_thing, flight_only_as_time, says
from simulator.engine.moves import classify
from simulator.engine.topics import TopicMatcher, language_data
from simulator.engine.understanding import Vocabulary, misunderstands
from simulator.mentee.base import Cue  # noqa: F401  (the engine's decision type lives with the backend protocol)
from simulator.scenario.models import Fact, Scenario, defaults, trust_cap_of, trust_for
from simulator.text.lemmas import lemmas
from simulator.text.sentences import first_sentence, sentences
from simulator.text.templates import render_line as render  # never raises mid-rehearsal

# Saved as the turn's `reaction`: a variant reply keeps the family name older sessions used.
_REACTION = {"yes_no": "closed_question", "elaborate_wh": "elaborate", "guarded_topic": "guarded", "goodbye_cool": "goodbye", "talk_feedback_cool": "talk_feedback", "permission_hesitant": "ask_permission",
             "permission_proposal": "ask_permission", "permission_proposal_hesitant": "ask_permission", "proposal_refuse": "advice", "told": "reflection",
             "misunderstood_word": "misunderstood", "misunderstood_long": "misunderstood"}
_MISSED = {"word": "misunderstood_word", "long": "misunderstood_long"}  # why she did not follow -> her reply
# Replies general enough that the scenario's `default` lines may stand in for them.
_SOFT = (set(CODES) - {"ask_permission"}) | {"pause", "yes_no", "told"}
GOOD_TAGS = ("referral", "bridge", "specific_praise", "challenge")


@lru_cache(maxsize=1)
def decisions() -> dict:
    return yaml.safe_load((Path(__file__).parent / "decisions.yaml").read_text(encoding="utf-8"))


@dataclass
class Snapshot:
    trust: float
    revealed: list[str]
    used: dict[str, list[str]]
    rng_state: tuple
    last_about: str | None = None
    heard: frozenset = frozenset()


class MenteeState:
    def __init__(self, scenario: Scenario, lexicon: Lexicon, seed: int = 0, trainee: str = ""):
        self.scenario = scenario
        self.lex = lexicon
        self.rng = random.Random(seed)
        self.trust = scenario.start_trust
        self.cap = trust_cap_of(scenario)
        self.revealed: list[str] = []
        self.used: dict[str, list[str]] = {}
        self.last_about: str | None = None
        self.trainee = trainee
        self._facts = {f.id: f for f in scenario.facts}
        self._fallback = defaults()["fallback_lines"].get(scenario.language, {})
        self._stock = language_data(scenario.language).get("lines", {})
        # the mentee's name is in many asked lines ("Tak, Aye. Hvad …"): it names no topic
        self.matcher = TopicMatcher(scenario.facts, scenario.language, tuple(scenario.persona.name.split()), scenario.persona.origin_places)
        p = scenario.persona
        self.style_name = p.style or ("quiet" if p.quiet else "default")
        self.style = decisions()["styles"][self.style_name]
        # content words only (five letters or more): "jeg", "har", "to" connect nothing
        limit = int(decisions().get("known_ranks", {}).get(p.level, 10 ** 6))
        self.vocabulary = Vocabulary(scenario, limit)
        self.plain_length_factor = float(decisions().get("understanding", {}).get("plain_length_factor", 1.0))
        self._lemmas = {f.id: {w for w in lemmas(f.text + " " + " ".join(f.topics), scenario.language)
                               if len(w) >= 5} for f in scenario.facts}

    # -- undo -------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        return Snapshot(self.trust, list(self.revealed), {k: list(v) for k, v in self.used.items()},
                        self.rng.getstate(), self.last_about, frozenset(self.vocabulary.heard))

    def restore(self, snap: Snapshot) -> None:
        self.trust = snap.trust
        self.revealed = list(snap.revealed)
        self.used = {k: list(v) for k, v in snap.used.items()}
        self.rng.setstate(snap.rng_state)
        self.last_about = snap.last_about
        if snap.heard:
            self.vocabulary.heard = set(snap.heard)

    # -- lines --------------------------------------------------------------
    def context(self) -> dict:
        p = self.scenario.persona
        return {"persona": p.model_dump(), "name": p.name, "trainee": self.trainee or "",
                "facts": {fid: self._facts[fid].text for fid in self.revealed}}

    def has_lines(self, key: str) -> bool:
        r = self.scenario.reactions.get(key)
        return bool(r and r.lines)

    def _pool(self, key: str) -> list[str]:
        reaction = self.scenario.reactions.get(key)
        pool = list(reaction.lines) if reaction and reaction.lines else []
        pool += [line for line in self._stock.get(key, []) if line not in pool]
        return pool or list(self._fallback.get(key, []))

    def pick(self, key: str, **fill: str) -> str:
        """A line for `key`: the scenario's, else the stock lines, else the scenario's `default`."""
        pool = self._pool(key)
        default = list(self.scenario.reactions["default"].lines)
        if not pool:
            pool, key = default, "default"
        elif key in _SOFT and not self._fresh(pool, fill) and self._fresh(default, {}):
            pool, key = default, "default"  # a plain "Ja. Okay." fits better than a repeat
        return self.pick_from(key, pool, **fill)

    def _fresh(self, pool: list[str], fill: dict) -> bool:
        said = self.used.get("__said__", [])
        return any(_fill(render(line, self.context()), fill) not in said for line in pool)

    def opening(self) -> str:
        return self.pick_from("opening", self.scenario.opening)

    def pick_from(self, key: str, pool: list[str], **fill: str) -> str:
        """A line not yet said in this session; when every line of the pool has been said,
        the least recently said one, varied so it is not word for word the same (issue 13)."""
        said = self.used.setdefault("__said__", [])
        lines = [(line, _fill(render(line, self.context()), fill)) for line in pool]
        fresh = [(raw, text) for raw, text in lines if text not in said]
        if fresh:
            raw, text = fresh[self.rng.randrange(len(fresh))]
        else:
            def last_said(rt: tuple[str, str]) -> int:  # a varied repeat counts as said too
                return max((i for i, s in enumerate(said) if s.endswith(rt[1])), default=-1)

            raw, text = min(lines, key=last_said)
            varied = [v + text for v in self._stock.get("vary", []) if v + text not in said]
            text = varied[self.rng.randrange(len(varied))] if varied else text
        self.used.setdefault(key, []).append(raw)
        said.append(text)
        return text

    # -- trust --------------------------------------------------------------
    def trust_delta(self, keys: set[str]) -> float:
        return sum(trust_for(self.scenario, key) for key in keys)

    def _move_trust(self, delta: float) -> None:
        if delta > 0:  # gains shrink for a sceptical mentee and stop at the scenario's cap
            delta *= float(self.style["gain"])
            self.trust = _clamp(min(self.trust + delta, max(self.cap, self.trust)))
        else:
            self.trust = _clamp(self.trust + delta)

    def _available(self, fact: Fact) -> bool:
        return fact.id not in self.revealed and (fact.requires is None or fact.requires in self.revealed)

    # -- the decision -------------------------------------------------------
    def react(self, turn: CodedTurn, *, agreement: bool, advice_without_permission: bool) -> Cue:
        before = self.trust
        self._mentor = turn.text
        clarified = (self.used.pop("__clarified__", None) or [None])[0]  # her last "Spørger du om …?"
        move = classify(turn, self.matcher, self.scenario.language, agreement=agreement,
                        told=self.revealed, last_about=self.last_about, clarified=clarified)
        lang = self.scenario.language
        if move.kind == "agreement" and says("goodbye", turn.text, lang) and (
                "__agreed__" in self.used or says("goodbye_first", turn.text, lang)
                and not turn.text.rstrip().endswith("?")):
            # "Tak for i dag. Vi ses tirsdag." after the plan is agreed, or opening with the
            # goodbye: a goodbye, not a plan to accept ("Tak for i dag. Vi ses fredag kl. 10
            # her. Er det okay?" asks her to accept it)
            move = Move("goodbye")
        counted = counted_boundaries(self.scenario.course_phase)
        heard_tags = set(turn.tags)
        if "taboo_probe" in heard_tags and flight_only_as_time(turn.text, self.lex, self.scenario.language):
            heard_tags.discard("taboo_probe")
        boundary = next((t for t in counted if t in heard_tags), None)
        why = misunderstands(self, turn)
        if why is not None:
            # Too hard to follow, but a boundary is still felt (issue 13); she says why (a word, the length).
            self._move_trust(self.trust_delta({"misunderstood"} | {t for t in heard_tags if t in counted}))
            key = boundary if boundary and self.has_lines(boundary) else _MISSED.get(why[0], "misunderstood")
            return self._cue(key, before, move, misunderstood=True, word=why[1])

        self.vocabulary.learn(turn.text)  # understood words are known from now on
        keys = set(turn.codes) | heard_tags
        if boundary:  # a pitfall earns no credit for its question or reflection (CODEBOOK v2)
            keys = {t for t in heard_tags if t in counted}
        if advice_without_permission:
            keys.add("advice_without_permission")
        self._move_trust(self.trust_delta(keys))
        if boundary:
            return self._cue(boundary if self.has_lines(boundary) else "default", before, move)
        return self._answer(turn, move, before)

    def _answer(self, turn: CodedTurn, move: Move, before: float) -> Cue:
        kind = move.kind
        closing = self._closing(move, before)
        if closing is not None:
            return closing
        if kind == "topic_question":
            return self._topic(move, before)
        if kind == "clarify":
            return self._clarify(move, before)
        if kind == "reflection":
            new = [fid for fid in move.topics if fid not in self.revealed
                   and self.trust >= self._facts[fid].min_trust]
            if new:
                return self._reveal(self._facts[new[0]], before, move)
        # a reflection naming nothing before she has said a word has nothing to mirror: no story
        blank = kind == "reflection" and not move.topics and self.last_about is None
        if kind in self.style["volunteer_after"] and not blank:
            if kind == "open_invitation" and self.trust < 0.45 and self.rng.random() < self.style["ask_back"]:
                return self._cue("ask_back", before, move)
            lean = self._facts[move.topic] if kind == "open_invitation" and not move.named and move.topics else None
            if lean is not None and lean.id not in self.revealed and self.trust < lean.min_trust:
                # the invitation is like the questions about a story she is not ready to tell:
                # a guarded line about it, not another story in its place
                return self._topic(move, before)
            fact = self._connected(move.topics if kind == "open_invitation" else (), move.avoid)
            if fact is not None:
                return self._reveal(fact, before, move)
        for tag in GOOD_TAGS:  # a referral or a bridge deserves its own answer
            if tag in turn.tags and self.has_lines(tag):
                return self._cue(tag, before, move)
        if kind in ("reflection", "echo"):
            told = next((f for f in move.topics if f in self.revealed), None)
            extra = self._more(self._facts[told]) if kind == "echo" and told else None
            if extra:  # mirrored back, she adds a detail of that same story
                return self._say(extra, before, move, self._facts[told])
            key = "reflection" if self.has_lines("reflection") else "told"
            return self._cue(key, before, move, about=told or self.last_about)
        if kind == "proposal" and self.trust < self.scenario.start_trust + decisions()["proposal"]["refuse_above_start"]:
            return self._cue("proposal_refuse", before, move)
        return self._cue(self._plain_key(turn, kind), before, move)

    def _closing(self, move: Move, before: float) -> Cue | None:
        """Agreement, goodbye and permission: chosen by trust (a cool goodbye, no agreement
        and a hesitant yes at low trust)."""
        kind, start, d = move.kind, self.scenario.start_trust, decisions()
        if kind == "agreement":
            a = d["agreement"]
            if self.trust >= start + a["accept_above_start"] and self.has_lines("agreement"):
                self.used["__agreed__"] = ["yes"]
                return self._cue("agreement", before, move)
            key = "agreement_negotiate" if self.trust >= start + a["negotiate_above_start"] else "agreement_refuse"
            return self._cue(key, before, move)
        if kind in ("goodbye", "talk_feedback"):  # (and how the talk was for her: as warm as her goodbye)
            warm = self.trust >= start + d["goodbye"]["warm_above_start"]
            return self._cue(kind if warm and self._pool(kind) else kind + "_cool", before, move)
        if kind in ("permission", "permission_proposal"):
            hesitate = self.trust < d["permission"]["hesitate_below"]
            key = "ask_permission" if kind == "permission" else "permission_proposal"
            return self._cue(key.replace("ask_", "") + "_hesitant" if hesitate else key, before, move)
        return None

    def _clarify(self, move: Move, before: float) -> Cue:
        """She names the part of her life she thinks is meant ("Mener du mit arbejde?")."""
        fact = self._facts[move.topics[0]]
        self.used["__clarified__"] = [fact.id]  # the mentor's "ja" or "nej, …" answers it
        topic = self._area_name(fact)
        if not topic:
            return self._cue("clarify_plain", before, move, about=fact.id)
        return self._cue("clarify", before, move, about=fact.id, topic=topic, Topic=topic[:1].upper() + topic[1:])

    def _area_name(self, fact: Fact) -> str:
        """The part of her life a fact belongs to, as she names it ("min familie"), or ""."""
        area = self.matcher.by_text.area(fact.id)
        return str((language_data(self.scenario.language).get("clarify_areas") or {}).get(area, ""))

    def _plain_key(self, turn: CodedTurn, kind: str) -> str:
        """The reaction key of a move that tells no fact."""
        key = {"pause": "pause", "open_invitation": "open_question", "yes_no": "yes_no",
               "greeting": "greeting", "thanks": "thanks", "thanks_sharing": "thanks_sharing", "offer": "offer", "logistics": "logistics", "when_plan": "when_plan", "wellbeing": "wellbeing", "check": "check",
               "elsewhere": "elsewhere", "unclear": "unclear",
               "own_story": "self_disclosure", "praise": "affirmation", "information": "information", "other": "default",
               "proposal": "structure" if "structure" in turn.codes and "advice" not in turn.codes else "advice",
               }.get(kind, turn.primary)
        lang = self.scenario.language
        if kind == "elsewhere" and says("wh_question", turn.text, lang) and not says("elsewhere", turn.text, lang):
            key = "unknown_wh"  # "Hvor længe har du boet her?" with no fact on it: vague, not "nothing special"
        return key if self._pool(key) else "default"

    def _topic(self, move: Move, before: float) -> Cue:
        fact = self._facts[move.topics[0]]
        if fact.id in self.revealed:
            # "Hvad står der i brevet?" again: the letter fact is told, the one about what it
            # says is not: the question names both, so the new one answers it (or, out of
            # reach, gets the guarded line: "Har du søgt job?" does not repeat the nurse fact)
            fresh = [f for f in move.topics[1:] if f not in self.revealed]
            if fresh:
                fact = self._facts[next((f for f in fresh if self.trust >= self._facts[f].min_trust), fresh[0])]
        if fact.id in self.revealed:
            return self._elaborate(fact, before, move, self._mentor)
        if self.trust >= fact.min_trust:
            return self._reveal(fact, before, move, short=move.closed)
        # the refusal names her area ("Min familie? …"), else the mentor's word ("Job? …"), not a verb
        area = self._area_name(fact)
        topic = area or (move.words[0] if move.words and move.named else "")  # not a likeness's word
        if not topic or (" " in topic and not area):  # a matched phrase ("hvor arbejder du henne") is no topic
            return self._cue("guarded", before, move, about=fact.id)
        return self._cue("guarded_topic", before, move, about=fact.id, topic=topic, Topic=topic[:1].upper() + topic[1:])

    def _connected(self, near: tuple[str, ...] | list[str] = (), avoid: list[str] = ()) -> Fact | None:
        """The fact to volunteer: of those the question's words come nearest (`near`, best
        first), the first ready; else the one most connected to what was just talked about;
        never one of `avoid`."""
        ready = [f for f in self.scenario.facts if f.id not in avoid
                 and self._available(f) and f.volunteer and self.trust >= f.min_trust]
        leaning = [self._facts[fid] for fid in near if self._facts[fid] in ready]
        if leaning:
            return leaning[0]
        if not ready or self.last_about is None:
            return ready[0] if ready else None
        last = self._facts[self.last_about]

        def link(f: Fact) -> float:
            score = len(self._lemmas[f.id] & self._lemmas[last.id]) / 10
            if f.requires == last.id:
                score += 3
            elif last.requires and f.requires == last.requires:
                score += 1
            return score

        return max(ready, key=lambda f: (link(f), -self.scenario.facts.index(f)))

    def _allowed_texts(self) -> list[str]:
        return [render(self._facts[fid].text, self.context()) for fid in self.revealed]

    def _cue(self, key: str, before: float, move: Move, *, about: str | None = None,
             misunderstood: bool = False, **fill: str) -> Cue:
        if about is not None:
            self.last_about = about
        return Cue(_REACTION.get(key, key), self.pick(key, **fill), before, self.trust, allowed_facts=self._allowed_texts(),
                   misunderstood=misunderstood, about=about, move=move.kind, reply_kind=key)

    def _best_sentence(self, fact: Fact, mentor: str, score: bool = False):
        """The sentence of a told fact that answers the question best ("Hvor gamle er de?" ->
        the one with the ages); the first sentence when nothing points elsewhere."""
        text = render(fact.text, self.context())
        parts = sentences(text)
        lang = self.scenario.language
        ignore = set(language_data(lang).get("question_words", [])) | set(language_data(lang).get("stop", []))
        asked = {w for w in lemmas(after_recall(mentor, lang), lang) if len(w) >= 2 and w not in ignore}
        numbers = says("number_question", mentor, self.scenario.language)

        def fit(i_s: tuple[int, str]) -> tuple[float, int]:
            i, sent = i_s
            score = len(asked & set(lemmas(sent, self.scenario.language)))
            if numbers and any(ch.isdigit() for ch in sent):
                score += 2
            return score, -i

        i, best = max(enumerate(parts), key=fit)
        return (best, fit((i, best))[0]) if score else best

    def _more(self, fact: Fact) -> str | None:
        """The fact's next `more` line not yet said, if any."""
        said = self.used.get("__said__", [])
        return next((m for m in (render(x, self.context()) for x in fact.more) if m not in said), None)

    def _say(self, text: str, before: float, move: Move, fact: Fact) -> Cue:
        self.last_about = fact.id
        self.used.setdefault("__said__", []).append(text)
        return Cue("fact", text, before, self.trust, allowed_facts=self._allowed_texts(),
                   about=fact.id, move=move.kind, reply_kind="elaborate")

    def _elaborate(self, fact: Fact, before: float, move: Move, mentor: str = "") -> Cue:
        self.last_about = fact.id
        best, fit = self._best_sentence(fact, mentor, score=True)
        # a question word wants the thing itself, not "Ja. ..." (stock lines `elaborate_wh`)
        key = "elaborate_wh" if asks_for_thing(mentor, self.scenario.language) and self._pool(
            "elaborate_wh") else "elaborate"
        if fit >= 2:  # "Hvor gamle er de?": the sentence with the ages answers it, not a new detail
            return self._cue(key, before, move, about=fact.id, short=best)
        said = self.used.get("__said__", [])
        short_told = self.used.get("__short__", [])
        short = self._short(fact, mentor, yes_no=move.closed and move.named)
        if move.closed and move.words and fact.short and short not in said and fact.id not in short_told:
            # "Er du gift?" after the family story: the yes or no of it, from the fact
            return self._say(short, before, move, fact)
        if fact.id in short_told:  # told in a few words before: now the whole of it
            short_told.remove(fact.id)
            full, short = render(fact.text, self.context()), self._short(fact)
            more = [full[len(short):].strip() if full.startswith(short) and full != short else full]
        else:
            more = []
        more += [render(m, self.context()) for m in fact.more]
        fresh = [m for m in more if m not in said]
        if fresh:
            self.used.setdefault("__said__", []).append(fresh[0])
            return Cue("fact", fresh[0], before, self.trust, allowed_facts=self._allowed_texts(),
                       about=fact.id, move=move.kind, reply_kind="elaborate")
        repeats = self.used.setdefault("__repeats__", {})
        repeats[fact.id] = repeats.get(fact.id, 0) + 1
        if repeats[fact.id] > 1:
            # a third time, nothing new to add: she says so, not "Mm. <the same sentence>" again
            return self._cue("nothing_more", before, move, about=fact.id)
        return self._cue(key, before, move, about=fact.id, short=self._best_sentence(fact, mentor))

    def _short(self, fact: Fact, mentor: str = "", yes_no: bool = False) -> str:
        text = render(fact.short or fact.text, self.context())
        text = text if fact.short else first_sentence(text)
        if not yes_no or asks_for_thing(mentor, self.scenario.language):
            # "Hvor mange børn har du?" is not answered "Ja. ...": the short form without its yes
            rx = language_data(self.scenario.language).get("answer_prefix")
            rest = re.sub(rx, "", text, count=1, flags=re.IGNORECASE) if rx else text
            text = rest[:1].upper() + rest[1:] if rest.strip() else text
        return text

    def _reveal(self, fact: Fact, before: float, move: Move, *, short: bool = False) -> Cue:
        self.revealed.append(fact.id)
        self.last_about = fact.id
        short = short or bool(self.style["short"])
        # the "Ja." of a short form answers a yes/no question that named this fact, nothing else
        # ("Er du blevet mormor?" reaches the family fact by its life area: no "Ja.")
        yes_no = move.kind == "topic_question" and move.closed and bool(move.words) and move.named
        text = self._short(fact, getattr(self, "_mentor", ""), yes_no) if short else render(fact.text, self.context())
        if short:
            self.used.setdefault("__short__", []).append(fact.id)
        told = [fact.id]
        if self.style["drift"] and move.kind not in ("pause",):
            extra = self._connected()  # a talkative mentee drifts on to a connected topic
            if extra is not None:
                self.revealed.append(extra.id)
                told.append(extra.id)
                text += " " + render(extra.text, self.context())
        self.used.setdefault("__said__", []).append(text)
        return Cue("fact", text, before, self.trust, revealed=told, allowed_facts=self._allowed_texts(),
                   about=fact.id, move=move.kind, reply_kind="short" if short else "fact")


def _fill(text: str, fill: dict[str, str]) -> str:
    for k, v in fill.items():
        text = text.replace("{" + k + "}", v)
    return text


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 4)
