"""Rule-based coding of mentor turns against CODEBOOK.md.

Each segment gets the first matching code rule of the lexicon (rules may be
limited to questions or statements and vetoed by `unless` patterns), then every
tag whose patterns match and whose code list allows it. The turn's `primary` is
its highest segment code in the CODEBOOK order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.coding.lexicon import Lexicon
from simulator.coding.prefilter import grams
from simulator.coding.segmenter import segment
from simulator.coding.vocabulary import PRIMARY_ORDER
from simulator.text.readability import words

_RANK = {c: i for i, c in enumerate(PRIMARY_ORDER)}
_SPACE = re.compile(r"\s+")
_TRAIL = re.compile(r"[\s.!?…,;:\"')(\-]+$")
_LEAD = re.compile(r"^[\s\"'(\-–—*•]+")
# Emoji, symbols and control characters are noise to the rules.
_NOISE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]|\x1b\[[0-9;]*[A-Za-z]")
# The rules read at most this much of a segment or a turn. Some lexicon patterns
# hold `.*`, whose cost grows with the square of the text's length: a pasted
# megabyte stalled one turn for six minutes. Nobody says 4,000 characters in one
# breath, so no spoken turn is coded differently because of the cap.
MAX_MATCH_CHARS = 4000
# A turn of more sentences than this is a paste; the rest is kept as one last
# segment (no words are lost) so a megabyte is coded in about a second.
MAX_SEGMENTS = 100


@dataclass
class Segment:
    text: str
    code: str
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "code": self.code, "tags": list(self.tags)}


@dataclass
class CodedTurn:
    text: str
    segments: list[Segment]
    primary: str

    @property
    def tags(self) -> list[str]:
        seen: list[str] = []
        for s in self.segments:
            for t in s.tags:
                if t not in seen:
                    seen.append(t)
        return seen

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.segments]

    @property
    def is_pause(self) -> bool:
        return self.primary == "pause"

    def to_dict(self) -> dict:
        return {"text": self.text, "primary": self.primary,
                "segments": [s.to_dict() for s in self.segments], "tags": self.tags}


def normalise(text: str) -> str:
    # Commas are dropped: volunteers use them at random, and the rules should not care.
    text = _NOISE.sub(" ", text[:MAX_MATCH_CHARS]).lower().replace(",", " ")
    text = _SPACE.sub(" ", text)
    text = _LEAD.sub("", text)
    return _TRAIL.sub("", text)


def is_pause_text(text: str) -> bool:
    """An empty line or dots only is a deliberate pause (CODEBOOK "The pause")."""
    return not text.strip(" \t\r\n.…")


class Coder:
    kind = "rules"

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.language = lexicon.language

    def is_question(self, raw: str, norm: str) -> bool:
        if raw.rstrip(" \"')").endswith("?"):
            return True
        qs = self.lex.question_start
        return bool(qs and qs.search(norm))

    def strip_fillers(self, norm: str) -> str:
        """"Yeah, it sounds like ..." is a reflection, not the filler it starts with."""
        lead = self.lex.lead_fillers
        if lead is None:
            return norm
        rest = lead.sub("", norm, count=1)
        return rest if rest != norm and len(words(rest)) >= self.lex.lead_fillers_min_words else norm

    def code_text(self, text: str) -> tuple[str, list[str]]:
        code, tags, _why = self.rule_code(text)
        return code, tags

    def rule_code(self, text: str, explain: bool = False) -> tuple[str, list[str], dict]:
        """The rules' code and tags; with `explain`, which pattern and words decided each."""
        norm = self.lex.respell(normalise(text))
        body = self.strip_fillers(norm)
        question = self.is_question(text, body)
        code = None
        why: dict = {"matched": False}
        body_grams = grams(body)
        for i, rule in enumerate(self.lex.rules):
            if rule.question is not None and rule.question != question:
                continue
            if rule.any.search(body, body_grams) and not (rule.unless and rule.unless.search(body, body_grams)):
                code = rule.code
                why = {"matched": True, "rule": f"codes[{i}] ({code})"}
                if explain:
                    why["pattern"], why["words"] = rule.any.find(body, body_grams)
                break
        if code is None:
            n = len(words(body))
            code = self.lex.default_short if n <= self.lex.short_max_words else self.lex.default_long
            why["rule"] = (f"default: no rule matched; {n} word(s), "
                           f"{'short' if n <= self.lex.short_max_words else 'long'} -> {code}")
        if explain:
            why["question"] = question
            why["read_as"] = body
        norm_grams = body_grams if body == norm else grams(norm)
        tags = [t.tag for t in self.lex.tags
                if (not t.codes or code in t.codes)
                and (t.any.search(norm, norm_grams)
                     or (question and t.question_any is not None and t.question_any.search(norm, norm_grams)))
                and not (t.unless and t.unless.search(norm, norm_grams))]
        if self.shouts(text) and "caricature" not in tags:
            tags.append("caricature")
            if explain:
                why.setdefault("tags", {})
        # A referral to a professional is the opposite of playing therapist.
        if "referral" in tags and "therapy" in tags:
            tags.remove("therapy")
        if explain:
            found = {t.tag: t for t in self.lex.tags}
            why["tags"] = {}
            for tag in tags:
                t = found[tag]
                hit = t.any.find(norm, norm_grams) or (t.question_any and t.question_any.find(norm, norm_grams))
                why["tags"][tag] = ({"pattern": hit[0], "words": hit[1]} if hit else
                                    {"pattern": "shouting in capitals (lexicon `shouting`)", "words": text.strip()})
        return code, tags, why

    def shouts(self, raw: str) -> bool:
        """Capitals for most words ("DU RINGE FØRST"): shouting, CODEBOOK v2 `caricature`."""
        conf = self.lex.shouting
        if not conf:
            return False
        ws = [w for w in re.findall(r"[^\W\d_]+", raw[:MAX_MATCH_CHARS])]
        caps = [w for w in ws if len(w) >= 2 and w.isupper()]
        return (len(caps) >= conf.get("min_words", 2) and len(caps) >= conf.get("min_share", 0.6) * len(ws)
                and max(map(len, caps)) >= 3)

    def explain_turn(self, text: str) -> list[dict]:
        """Per segment: its code and tags and what decided them (`mentor-sim code --explain`)."""
        turn = self.code_turn(text)
        out = []
        for seg in turn.segments:
            if seg.code == "pause":
                out.append({"text": seg.text, "code": "pause", "tags": [], "why": {"rule": "pause: empty or dots"}})
                continue
            _c, _t, why = self.rule_code(seg.text, explain=True)
            if "caricature" in seg.tags and "caricature" not in why.get("tags", {}):
                why.setdefault("tags", {})["caricature"] = {"pattern": "telegraphic run (lexicon `telegraphic`)",
                                                           "words": turn.text.strip()}
            out.append({"text": seg.text, "code": seg.code, "tags": list(seg.tags), "coder": self.kind, "why": why})
        return out

    def mark_telegraphic(self, segs: list[Segment]) -> None:
        """Tag runs of one- and two-word sentences no rule recognises ("Du. Arbejde. Før. Hvad?")
        as `caricature` (CODEBOOK v2): foreigner talk shows over a turn, not in one word."""
        conf = self.lex.telegraphic
        if not conf or len(segs) < conf["min_run"]:
            return
        run: list[Segment] = []
        for seg in segs + [None]:
            short = seg is not None and seg.code != "pause" and 1 <= len(words(seg.text)) <= conf["max_words"]
            if short:
                run.append(seg)
                continue
            if len(run) >= conf["min_run"]:
                bare = sum(1 for s in run if not self.rule_code(s.text)[2]["matched"])
                if bare >= conf["min_unmatched"]:
                    for s in run:
                        if "caricature" not in s.tags:
                            s.tags.append("caricature")
            run = []

    def code_segment(self, text: str) -> Segment:
        code, tags = self.code_text(text)
        return Segment(text=text, code=code, tags=tags)

    def code_turn(self, text: str) -> CodedTurn:
        if is_pause_text(text):
            return CodedTurn(text=text, segments=[Segment(text=text.strip(), code="pause")], primary="pause")
        pieces = segment(text, self.lex)
        if len(pieces) > MAX_SEGMENTS:
            pieces = pieces[:MAX_SEGMENTS - 1] + [" ".join(pieces[MAX_SEGMENTS - 1:])]
        segs = [self.code_segment(s) for s in pieces]
        if not segs:
            segs = [Segment(text=text.strip(), code="other")]
        self.mark_telegraphic(segs)
        primary = min((s.code for s in segs), key=lambda c: _RANK.get(c, 99))
        return CodedTurn(text=text, segments=segs, primary=primary)
