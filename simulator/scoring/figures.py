"""The summary figures of CODEBOOK "Summary figures and their anchors".

Computed from the saved turns only, so a reopened session scores the same as
it did live. Undone attempts are not part of the conversation and don't count.
"""

from __future__ import annotations

from simulator.coding.context import STEPS, is_pleasantry
from simulator.coding.coder import CodedTurn, Segment
from simulator.engine.session import Session, Turn
from simulator.text.readability import lix, long_word_count, words

BOUNDARY = ("taboo_probe", "lecture", "promise", "therapy", "pity")


def _coded(turn: Turn) -> CodedTurn:
    return CodedTurn(turn.mentor, [Segment(s["text"], s["code"], list(s["tags"])) for s in turn.segments],
                     turn.primary)


def agreement_at_end(turns: list[Turn], window: int = 3) -> bool:
    """An agreement in the closing turns; pleasantries after it don't break it (CODEBOOK)."""
    substantive = [t for t in turns if not is_pleasantry(_coded(t))]
    return any(t.agreement for t in substantive[-window:])


def compute_figures(session: Session) -> dict:
    turns = session.turns
    segs = [s for t in turns for s in t.segments if s["code"] != "pause"]
    count = lambda code: sum(1 for s in segs if s["code"] == code)  # noqa: E731
    tagged = lambda tag: sum(1 for s in segs if tag in s["tags"])  # noqa: E731
    open_q, closed_q, refl = count("open_question"), count("closed_question"), count("reflection")
    questions = open_q + closed_q
    mentor_words = [w for t in turns if t.primary != "pause" for w in words(t.mentor)]
    mentee_words = len(words(session.opening)) + sum(len(words(t.mentee)) for t in turns)
    total_words = len(mentor_words) + mentee_words
    affirm = count("affirmation")
    specific = sum(1 for s in segs if s["code"] == "affirmation" and "specific_praise" in s["tags"])
    flags = {tag: tagged(tag) for tag in BOUNDARY}
    steps_seen = {t.step for t in turns}
    roles = []
    for t in turns:
        if t.role and t.role not in roles and t.primary != "pause":
            roles.append(t.role)
    return {
        "turns": len(turns),
        "open_questions": open_q,
        "closed_questions": closed_q,
        "reflections": refl,
        "open_question_share": round(open_q / questions, 3) if questions else None,
        "reflection_to_question": round(refl / questions, 3) if questions else (float(refl) if refl else None),
        "mentor_talk_share": round(len(mentor_words) / total_words, 3) if total_words else None,
        "mentor_words": len(mentor_words),
        "mentee_words": mentee_words,
        "affirmations": affirm,
        "specific_praise": specific,
        "specific_praise_share": round(specific / affirm, 3) if affirm else None,
        "advice": count("advice"),
        "advice_without_permission": sum(t.advice_without_permission for t in turns),
        "ask_permission": count("ask_permission"),
        "words_per_sentence": round(len(mentor_words) / len(segs), 2) if segs else None,
        "lix": round(lix(len(mentor_words), len(segs), long_word_count(mentor_words)), 1) if segs else None,
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
        return float(figures["boundary_flags"][name])
    value = figures.get(name)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, list):
        return float(len(value))
    if name == "praise_score":
        return 2.0 if figures["specific_praise"] else (1.0 if figures["affirmations"] else 0.0)
    return None if value is None else float(value)
