"""The summary figures of CODEBOOK v2 "Summary figures and their anchors".

Computed from the saved turns only, so a reopened session scores the same as
it did live. Undone attempts are not part of the conversation and don't count.

Two rules of CODEBOOK v2 are applied here rather than trusted to the engine's
record, so old session files score by the same rules as new ones: a turn with a
boundary tag earns no role and no open-question credit, and advice is "without
permission" by the rule the engine uses live (`coding.context.unpermitted_advice`).
The boundary tags and the course phases culture_probe counts in come from
coding/vocabulary.yaml (`coding.vocabulary.counted_boundaries`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from simulator.coding.context import STEPS, boundary_tags, counted_boundaries, is_pleasantry
from simulator.coding.context import unpermitted_advice as _unpermitted_in_turn
from simulator.coding.coder import CodedTurn, Segment
from simulator.coding.lexicon import LexiconError, load_lexicon
from simulator.engine.session import Session, Turn
from simulator.scoring.datafiles import FeedbackFile, feedback_problems
from simulator.text.dates import clauses, find_dates, is_meeting, sets_a_task
from simulator.text.readability import lix, long_word_count, words
from simulator.yamlfile import load_checked

FEEDBACK_FILE = Path(__file__).parent / "feedback.yaml"
BOUNDARY = boundary_tags()
# A sentence longer than this is hard to follow for a mentee still learning Danish (guide: Sproget).
LONG_SENTENCE_WORDS = 18


@lru_cache(maxsize=1)
def feedback_config() -> dict:
    """feedback.yaml, checked on load (scoring/datafiles.py: file:line errors)."""
    return load_checked(FEEDBACK_FILE, FeedbackFile, feedback_problems)


def breaches(turn: Turn, course_phase: str | None = None) -> list[str]:
    counted = counted_boundaries(course_phase)
    tagged = {t for s in turn.segments for t in s.tags}  # read once: this runs for every turn of every prefix
    return [t for t in BOUNDARY if t in counted and t in tagged]


def _coded(turn: Turn) -> CodedTurn:
    return CodedTurn(turn.mentor, [Segment(s.text, s.code, list(s.tags)) for s in turn.segments],
                     turn.primary)


def unpermitted_advice(turns: list[Turn], lang: str = "da", opening: str | None = None) -> list[int]:
    """Per turn, its advice segments given without permission (CODEBOOK v2), by the engine's rule."""
    try:
        lex = load_lexicon(lang)
    except LexiconError:  # a damaged or foreign session file still scores (as Danish, like before)
        lex = load_lexicon("da")
    return [_unpermitted_in_turn(t.segments, turns[i - 1].segments if i else (),
                                 turns[i - 1].mentee if i else opening, lex)
            for i, t in enumerate(turns)]


def agreement_parts(turn: Turn) -> tuple[bool, bool]:
    """(names a task, names a day or date) for an agreement the mentee understood and took."""
    if not turn.agreement or turn.misunderstood or turn.reaction in feedback_config()["agreement_not_taken"]:
        return False, False
    if set(turn.tags) & set(BOUNDARY):
        return False, False
    # a "du …" sentence of an agreement turn is its task, even when coded as a reflection
    # ("Så aftaler vi: torsdag klokken 14 ved bageren. Du har en kage med og spørger selv.")
    texts = [s.text for s in turn.segments if s.code not in ("other", "affirmation", "reflection")
             or (s.code == "reflection" and sets_a_task(s.text))]
    # "Lad os aftale, at du ringer til lægen inden fredag, og så ses vi på tirsdag": the
    # meeting clause does not hide the task before it.
    has_task = any(not is_meeting(c) and words(c) for t in texts for c in clauses(t))
    return has_task, any(find_dates(s.text) for s in turn.segments)


def closing_turns(turns: list[Turn], window: int = 3) -> list[Turn]:
    """The last substantive turns; pleasantries after an agreement don't push it out (CODEBOOK)."""
    return [t for t in turns if not is_pleasantry(_coded(t))][-window:]


def is_concrete_agreement(turn: Turn, turns: list[Turn] | None = None) -> bool:
    """Part of a concrete agreement: what (a task, not only 'we meet') and when, in the closing turns
    (the task may be set in one turn and the day in the next), understood and taken by the mentee."""
    task, when = agreement_parts(turn)
    if not (task or when):
        return False
    if task and when:
        return True
    closing = closing_turns(turns) if turns else []
    if turn not in closing:
        return False
    parts = [agreement_parts(t) for t in closing]
    return any(p[0] for p in parts) and any(p[1] for p in parts)


def agreement_at_end(turns: list[Turn], window: int = 3) -> bool:
    """A concrete agreement in the closing turns."""
    parts = [agreement_parts(t) for t in closing_turns(turns, window)]
    return any(p[0] for p in parts) and any(p[1] for p in parts)


def is_unclear(turn: Turn) -> bool:
    """A turn a learner of Danish will struggle with: a long sentence, caricature, or not understood."""
    if turn.primary == "pause":
        return False
    return (turn.misunderstood or any("caricature" in s.tags for s in turn.segments)
            or any(len(words(s.text)) > LONG_SENTENCE_WORDS for s in turn.segments))


def compute_figures(session: Session, course_phase: str | None = None) -> dict:
    turns = session.turns
    # each turn's pitfalls once: the flags, the question and role credit all read them, and
    # running_series computes the figures of every prefix of the session
    broken = [breaches(t, course_phase) for t in turns]
    breached = [bool(b) for b in broken]
    segs = [s for t in turns for s in t.segments if s.code != "pause"]
    mentor_words = [w for t in turns if t.primary != "pause" for w in words(t.mentor)]
    figures = {"turns": len(turns)}
    figures.update(_question_figures(turns, breached))
    figures.update(_talk_figures(session, mentor_words))
    figures.update(_praise_and_advice(session, breached, segs))
    figures.update(_plain_language(turns, segs, mentor_words))
    figures.update(_conduct(turns, broken, segs))
    return figures


def _question_figures(turns, breached: list[bool]) -> dict:
    # Checking questions are counted apart and never against the open-question share.
    asked = [(s, b) for t, b in zip(turns, breached) for s in t.segments
             if s.code in ("open_question", "closed_question") and "check_understanding" not in s.tags]
    open_q = sum(1 for s, b in asked if s.code == "open_question" and not b)
    closed_q = sum(1 for s, _ in asked if s.code == "closed_question")
    questions = len(asked)
    # "Det lyder som en depression" has the form of a reflection but is a diagnosis: a turn with a
    # pitfall earns no listening credit (CODEBOOK v2).
    refl = sum(1 for t, b in zip(turns, breached) if not b for s in t.segments if s.code == "reflection")
    return {
        "open_questions": open_q,
        "closed_questions": closed_q,
        "boundary_questions": questions - open_q - closed_q,
        "reflections": refl,
        "open_question_share": round(open_q / questions, 3) if questions else None,
        "reflection_to_question": round(refl / questions, 3) if questions else (float(refl) if refl else None),
    }


def _talk_figures(session: Session, mentor_words: list[str]) -> dict:
    mentee_words = len(words(session.opening)) + sum(len(words(t.mentee)) for t in session.turns)
    total_words = len(mentor_words) + mentee_words
    return {
        "mentor_talk_share": round(len(mentor_words) / total_words, 3) if total_words else None,
        "mentor_words": len(mentor_words),
        "mentee_words": mentee_words,
    }


def _praise_and_advice(session: Session, breached: list[bool], segs) -> dict:
    # Praise inside a pitfall ("Dansk. Skole. Godt?") earns nothing either.
    kept = [s for t, b in zip(session.turns, breached) if not b for s in t.segments]
    affirm = sum(1 for s in kept if s.code == "affirmation")
    specific = sum(1 for s in kept if s.code == "affirmation" and "specific_praise" in s.tags)
    return {
        "affirmations": affirm,
        "specific_praise": specific,
        "specific_praise_share": round(specific / affirm, 3) if affirm else None,
        "advice": sum(1 for s in segs if s.code == "advice"),
        "advice_without_permission": sum(unpermitted_advice(session.turns, session.language, session.opening)),
        "ask_permission": sum(1 for s in segs if s.code == "ask_permission"),
    }


def _plain_language(turns, segs, mentor_words: list[str]) -> dict:
    # A caricatured greeting ("Hej. Mig Lars. Dig Adam?") is still hard to follow.
    spoken = [t for t in turns if t.primary != "pause" and (not is_pleasantry(_coded(t)) or is_unclear(t))]
    return {
        "words_per_sentence": round(len(mentor_words) / len(segs), 2) if segs else None,
        "lix": round(lix(len(mentor_words), len(segs), long_word_count(mentor_words)), 1) if segs else None,
        "unclear_turns": sum(1 for t in spoken if is_unclear(t)),
        "check_understanding": sum(1 for s in segs if "check_understanding" in s.tags),
        "misunderstood": sum(1 for t in turns if t.misunderstood),
    }


def _conduct(turns, broken: list, segs) -> dict:
    # Per turn, not per segment: "Du. Arbejde. Før. Hvad?" is one caricatured turn, not four
    # pitfalls, and a referral said in two sentences of one turn is one referral.
    tagged = lambda tag: sum(1 for t in turns if any(tag in s.tags for s in t.segments))  # noqa: E731
    flags = {tag: sum(1 for b in broken if tag in b) for tag in BOUNDARY}
    steps_seen = {t.step for t in turns}
    roles = []
    for t, b in zip(turns, broken):
        if t.role and t.role not in roles and t.primary != "pause" and not b:
            roles.append(t.role)
    return {
        "boundary_flags": flags,
        "boundary_flags_total": sum(flags.values()),
        "referrals": tagged("referral"),
        "challenges": tagged("challenge"),
        "bridges": tagged("bridge"),
        "pauses": sum(1 for t in turns if t.primary == "pause"),
        "roles_used": roles,
        "steps_covered": [s for s in STEPS if s in steps_seen],
        "agreement_at_end": agreement_at_end(turns),
        "trust_final": turns[-1].trust if turns else None,
        "facts_revealed": sum(len(t.revealed) for t in turns),
    }


def figure_value(figures: dict, name: str) -> float | None:
    """A figure as one number, for bands and drill targets."""
    if name in BOUNDARY:
        return float(figures["boundary_flags"].get(name, 0))
    value = figures.get(name)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, list):
        return float(len(value))
    if name == "praise_score":
        return 2.0 if figures["specific_praise"] else (1.0 if figures["affirmations"] else 0.0)
    return None if value is None else float(value)
