"""The mentor's logbook page of a session: agreements, next steps, the next meeting.

The guide asks a mentor to round off by agreeing what happens before the next
meeting (Samtaleguide: afrund samtalen) and to keep track of it over the course
(Forløbet). This module reads that back from the saved turns: the agreement
turns (`turn.agreement`), the tasks they name, and the day or date to meet
again, found by plain patterns for weekdays, dates and times in Danish and
English. It only reads; nothing here changes a session or knows about output.
"""

from __future__ import annotations

import re

from simulator.engine.session import Session, Turn
from simulator.text.dates import DEADLINE_RX as _DEADLINE_RX
from simulator.text.dates import find_dates, is_meeting

# "Lad os aftale, at du ..." -> "du ...": the task without the frame around it.
_FRAME_RX = re.compile(
    r"^(?:(?:så|og|godt|okay|ok)[,\s]+)*(?:lad\s+os\s+aftale|vi\s+aftaler|så\s+aftaler\s+vi|aftalen\s+er|"
    r"skal\s+vi\s+aftale|let'?s\s+agree|we\s+agree|so\s+we\s+agree|the\s+plan\s+is)\s*,?\s*(?:at|that)?\s*",
    re.IGNORECASE)


def _segments(turn: Turn) -> list[str]:
    return [s.text.strip() for s in turn.segments if s.text.strip()]


def task_of(sentence: str) -> str:
    task = _FRAME_RX.sub("", sentence).strip()
    if not task:
        return sentence
    return task[0].upper() + task[1:]


def logbook(session: Session, goal_facts: dict[str, str] | None = None) -> dict:
    """Agreements, next steps with their due day, the next meeting and the mentee's own goals.

    `goal_facts` maps the ids of the scenario's goal facts to their text; those
    the mentee told go to the logbook as the mentee's own ideas.
    """
    turns = session.turns
    agreements = [t for t in turns if t.agreement]
    # The meeting is often set in the closing turns rather than in the agreement itself.
    closing = [t for t in turns if t.agreement or t.step == "round_off"]
    next_steps: list[dict] = []
    meeting: dict | None = None
    for t in agreements:
        for sentence in _segments(t):
            if is_meeting(sentence):
                continue
            seg_codes = [s.code for s in t.segments if s.text.strip() == sentence]
            if seg_codes and seg_codes[0] in ("other", "affirmation", "reflection"):
                continue  # thanks, praise and summaries frame the agreement, they are not tasks
            if sentence.rstrip().endswith("?") and len(sentence.split()) <= 4:
                continue  # "Er det okay?" asks for her yes; it is no task
            dates = find_dates(sentence)
            due = next((d for d in dates if _DEADLINE_RX.match(d)), dates[0] if dates else None)
            next_steps.append({"turn": t.index + 1, "text": task_of(sentence), "due": due})
    for t in closing:
        for sentence in _segments(t):
            if not is_meeting(sentence):
                continue
            dates = [d for d in find_dates(sentence) if not _DEADLINE_RX.match(d)] or find_dates(sentence)
            if dates:
                meeting = {"turn": t.index + 1, "when": dates[0], "text": sentence}
            elif meeting is None or meeting.get("when") is None:
                meeting = {"turn": t.index + 1, "when": None, "text": sentence}
    goals = []
    for t in turns:
        for fid in t.revealed:
            if goal_facts and fid in goal_facts:
                # her own words as she said them (a short form, or a model's wording), never
                # the fact's full text: a trainer reads the logbook out at a debrief
                goals.append({"turn": t.index + 1, "id": fid, "text": t.mentee.strip() or goal_facts[fid]})
    return {
        "agreements": [{"turn": t.index + 1, "text": t.mentor.strip(), "reply": t.mentee.strip()}
                       for t in agreements],
        "next_steps": next_steps,
        "next_meeting": meeting,
        "mentee_goals": goals,
    }
