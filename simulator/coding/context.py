"""A turn's guide role and conversation step, inferred from its codes and tags.

Roles (CODEBOOK "Roles") and steps (CODEBOOK "Conversation steps") need the
conversation so far: a question after a goal was set develops the talk, the
same question at the start unfolds the story.
"""

from __future__ import annotations

from simulator.coding.coder import CodedTurn, Segment, normalise
from simulator.coding.lexicon import Lexicon
from simulator.coding.vocabulary import BOUNDARY_TAGS, ROLES, STEPS, counted_boundaries  # noqa: F401
from simulator.text.dates import sets_a_task

_STEP_RANK = {s: i for i, s in enumerate(STEPS)}


def boundary_tags() -> tuple[str, ...]:
    """The tags CODEBOOK counts as boundaries (vocabulary.yaml `boundary: true`).
    The one list of boundaries: the engine, the hints, the scoring and the reports all ask here;
    `counted_boundaries(phase)` says which of them count in a course phase."""
    return BOUNDARY_TAGS


def infer_role(turn: CodedTurn) -> str | None:
    """The role a turn plays, by the weight of its segments; None for small talk, and for a
    turn with a boundary tag (CODEBOOK v2: breaking a boundary is never good listening)."""
    if turn.is_pause:
        return "lytteren"  # bearing a silence is listening (guide: Tålmodighed)
    if set(boundary_tags()) & set(turn.tags):
        return None
    if "bridge" in turn.tags:
        return "brobyggeren"
    score = {r: 0.0 for r in ROLES}
    for s in turn.segments:
        if s.code in ("open_question", "reflection"):
            score["lytteren"] += 1
        elif s.code in ("self_disclosure", "information"):
            score["den_erfarne"] += 1
        elif s.code == "advice":
            score["traeneren"] += 1
        elif s.code == "structure":
            score["traeneren"] += 0.5
        if "challenge" in s.tags:
            score["traeneren"] += 1
    best = max(ROLES, key=lambda r: score[r])
    return best if score[best] > 0 else None


def infer_step(turn: CodedTurn, previous: str | None, lex: Lexicon, turn_index: int) -> str:
    """The conversation step a turn belongs to, given the step before it."""
    if turn.is_pause:
        return previous or "establish_contact"
    text = normalise(turn.text)
    codes = set(turn.codes)
    tags = set(turn.tags)
    steps = lex.steps

    def says(step: str) -> bool:
        rx = steps.get(step)
        return bool(rx and rx.search(text))

    if says("round_off") and (codes & {"structure", "reflection", "affirmation", "other", "advice"}) \
            and (previous is not None and _STEP_RANK[previous] >= _STEP_RANK["unfold_story"]):
        return "round_off"
    if says("set_goal") and (codes & {"structure", "open_question", "closed_question", "ask_permission"}):
        return "set_goal"
    if says("establish_contact") and (previous in (None, "establish_contact") or turn_index < 3):
        return "establish_contact"
    if says("develop") or codes & {"advice"} or tags & {"challenge", "bridge", "referral"}:
        if _STEP_RANK.get(previous, -1) >= _STEP_RANK["set_goal"] or turn_index >= 4:
            return "develop"
    if codes & {"open_question", "closed_question", "reflection"}:
        if previous in (None, "establish_contact", "unfold_story"):
            return "unfold_story"
        return "develop" if previous == "set_goal" else previous
    if previous is None:
        return "establish_contact"
    return previous


def has_agreement(turn: CodedTurn, lex: Lexicon) -> bool:
    """True when a structure (or time-bound advice) segment sets what happens before next time,
    or a closed question names it ("Skal vi aftale, at du ringer inden fredag?": a question by
    CODEBOOK, but the mentee's yes makes it the agreement)."""
    if lex.agreement is None:
        return False
    def proposes(s) -> bool:
        # (a task sentence coded as a reflection still sets the task: "Torsdag: du tager en kage med.")
        if s.code in ("structure", "advice") or (s.code == "reflection" and sets_a_task(s.text)):
            return bool(lex.agreement.search(normalise(s.text)))
        return (s.code == "closed_question" and lex.agreement_question is not None
                and bool(lex.agreement_question.search(normalise(s.text))))
    return any(proposes(s) for s in turn.segments)


def is_pleasantry(turn: CodedTurn) -> bool:
    return turn.is_pause or all(s.code == "other" for s in turn.segments)


def _code(segment) -> str:
    return segment["code"] if isinstance(segment, dict) else segment.code


def _tags(segment) -> list[str]:
    return segment["tags"] if isinstance(segment, dict) else segment.tags


def asks_for_advice(mentee_text: str | None, lex: Lexicon) -> bool:
    """True when the mentee's reply asks for advice or help ("Ved du det?", "Hvad skal jeg
    gøre?", or what a word means): advice that answers it is permitted (CODEBOOK v2, advice
    without permission; an explanation of the word is often coded advice)."""
    if not mentee_text:
        return False
    return bool(lex.advice_request and lex.advice_request.search(normalise(mentee_text))
                or lex.word_request and lex.word_request.search(mentee_text.lower()))


def explains_asked_word(turn: CodedTurn, mentee_text: str | None, lex: Lexicon) -> bool:
    """True when the mentee's reply asked what a word means and this turn uses the word: an
    explanation asked for is no lecture (CODEBOOK: a lecture moralises or talks down). The
    learned coder had tagged "Ambitioner betyder drømme for dit arbejde." a lecture."""
    if not mentee_text or lex.word_request is None:
        return False
    m = lex.word_request.search(mentee_text.lower())
    word = next((g for g in m.groups() if g), None) if m else None
    return bool(word) and word in normalise(turn.text).split()


def without_lecture(turn: CodedTurn) -> CodedTurn:
    """The turn with no segment tagged a lecture."""
    return CodedTurn(turn.text, [Segment(s.text, s.code, [t for t in s.tags if t != "lecture"])
                                 for s in turn.segments], turn.primary)


def needs_permission(segment) -> bool:
    """An advice segment that counts against "advice without permission" unless permitted:
    a referral never does (CODEBOOK v2). A Segment or a saved segment dict."""
    return _code(segment) == "advice" and "referral" not in _tags(segment)


def unpermitted_advice(segments, previous_segments, previous_mentee: str | None, lex: Lexicon) -> int:
    """How many of a turn's advice segments are "advice without permission" (CODEBOOK v2).

    The one rule the engine (trust, live hints) and the scoring (figures, debrief) share:
    advice is permitted after ask_permission in the previous turn or earlier in this one,
    and when it answers the mentee's own request for advice in her last reply; a referral
    never needs permission."""
    permitted = (any(_code(s) == "ask_permission" for s in previous_segments or ())
                 or asks_for_advice(previous_mentee, lex))
    count = 0
    for seg in segments:
        if _code(seg) == "ask_permission":
            permitted = True
        elif needs_permission(seg) and not permitted:
            count += 1
    return count
