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

_DA_DAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
_EN_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DA_MONTHS = ("januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
              "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_EN_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
              "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_NUM = r"(?:\d{1,2}|en|to|tre|fire|fem|seks|one|two|three|four|five|six)"

# Longest phrases first: a weekday with its time beats the weekday alone.
DATE_PATTERNS = [
    rf"(?:(?:på|på\s+den|næste|inden|før|senest|til|om|on|next|this|by|before|until|at)\s+)?"
    rf"(?:{_DA_DAYS}|{_EN_DAYS})(?:en|s)?(?:\s+(?:d\.|den)\s+\d{{1,2}}\.?(?:\s+(?:{_DA_MONTHS})\.?)?)?"
    rf"(?:\s+(?:kl\.?|klokken|at)\s*\d{{1,2}}(?:[.:]\d{{2}})?(?:\s*(?:am|pm))?)?",
    rf"(?:(?:den|d\.|inden|før|senest|on|by|before)\s+)?\d{{1,2}}\.\s*(?:{_DA_MONTHS})\.?"
    rf"(?:\s+(?:kl\.?|klokken)\s*\d{{1,2}}(?:[.:]\d{{2}})?)?",
    rf"(?:(?:on|by|before)\s+)?(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTHS})\b",
    rf"(?:(?:on|by|before)\s+)?(?:{_EN_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
    r"(?:(?:den|d\.|on|by|before)\s+)?\d{1,2}/\d{1,2}(?:[-/]\d{2,4})?",
    r"\b(?:i\s+overmorgen|i\s+morgen|tomorrow|the\s+day\s+after\s+tomorrow)\b",
    rf"\b(?:(?:i\s+)?næste\s+uge|om\s+{_NUM}\s+uger?|next\s+week|in\s+{_NUM}\s+weeks?|om\s+en\s+måned|next\s+month)\b",
    r"\b(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?",
    r"\bat\s+\d{1,2}(?::\d{2})?\s*(?:am|pm|o'clock)\b",
]
_DATE_RX = [re.compile(p, re.IGNORECASE) for p in DATE_PATTERNS]
_MEETING_RX = re.compile(
    r"\b(?:ses|mødes|møde[st]?|møder|næste\s+møde|næste\s+gang\s+vi|see\s+(?:you|each\s+other)|meet(?:ing)?|"
    r"catch\s+up|next\s+session)\b", re.IGNORECASE)
_DEADLINE_RX = re.compile(r"^(?:inden|før|senest|til|by|before|until)\b", re.IGNORECASE)
# "Lad os aftale, at du ..." -> "du ...": the task without the frame around it.
_FRAME_RX = re.compile(
    r"^(?:(?:så|og|godt|okay|ok)[,\s]+)*(?:lad\s+os\s+aftale|vi\s+aftaler|så\s+aftaler\s+vi|aftalen\s+er|"
    r"skal\s+vi\s+aftale|let'?s\s+agree|we\s+agree|so\s+we\s+agree|the\s+plan\s+is)\s*,?\s*(?:at|that)?\s*",
    re.IGNORECASE)


def find_dates(text: str) -> list[str]:
    """Day, date and time phrases in `text`, in order, overlapping ones merged to the longest."""
    spans: list[tuple[int, int]] = []
    for rx in _DATE_RX:
        for m in rx.finditer(text):
            s, e = m.span()
            if e - s < 3:
                continue
            if any(s < e2 and s2 < e for s2, e2 in spans):
                continue
            spans.append((s, e))
    spans.sort()
    return [text[s:e].strip().rstrip(".") for s, e in spans]


def _segments(turn: Turn) -> list[str]:
    return [s["text"].strip() for s in turn.segments if s.get("text", "").strip()]


def is_meeting(sentence: str) -> bool:
    return bool(_MEETING_RX.search(sentence))


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
            seg_codes = [s["code"] for s in t.segments if s["text"].strip() == sentence]
            if seg_codes and seg_codes[0] in ("other", "affirmation", "reflection"):
                continue  # thanks, praise and summaries frame the agreement, they are not tasks
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
                goals.append({"turn": t.index + 1, "id": fid, "text": goal_facts[fid]})
    return {
        "agreements": [{"turn": t.index + 1, "text": t.mentor.strip(), "reply": t.mentee.strip()}
                       for t in agreements],
        "next_steps": next_steps,
        "next_meeting": meeting,
        "mentee_goals": goals,
    }
