"""Days, dates and times in a mentor's sentence, and whether the sentence is about meeting.

Plain patterns in Danish and English. Shared by the scoring (a concrete agreement
names a day) and the logbook page of the reports, so it lives below both layers.
"""

from __future__ import annotations

import re

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
    # a month, a season or a feast as the time of a longer agreement ("vi drikker kaffe i juni",
    # "til sommer", "inden jul", "om et halvt år": a farewell's keep-in-touch, a user trial)
    r"\b(?:i|til|inden|før|efter|senest|i\s+starten\s+af|i\s+slutningen\s+af|sidst\s+i|først\s+i|in|by|before|after)\s+"
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b",
    r"\b(?:til|inden|før|efter|i)\s+(?:sommer(?:en|ferien)?|foråret|efteråret|vinteren|jul(?:en)?|påske(?:n)?|"
    r"nytår|efterårsferien|vinterferien)\b",
    rf"\b(?:om\s+(?:et\s+halvt\s+år|{_NUM}\s+måneder|et\s+år)|i\s+næste\s+måned|in\s+{_NUM}\s+months|"
    r"in\s+half\s+a\s+year|by\s+the\s+summer|next\s+summer)\b",
    r"\b(?:kl\.?|klokken)\s*\d{1,2}(?:[.:]\d{2})?",
    r"\bat\s+\d{1,2}(?::\d{2})?\s*(?:am|pm|o'clock)\b",
]
_DATE_RX = [re.compile(p, re.IGNORECASE) for p in DATE_PATTERNS]
_MEETING_RX = re.compile(
    r"\b(?:ses|mødes|møde[st]?|møder|næste\s+møde|næste\s+gang\s+vi|see\s+(?:you|each\s+other)|meet(?:ing)?|"
    r"catch\s+up|next\s+session)\b", re.IGNORECASE)
DEADLINE_RX = re.compile(r"^(?:inden|før|senest|til|by|before|until)\b", re.IGNORECASE)
# "Du har en kage med …", "Torsdag: du tager en kage med.": a sentence that sets the mentee a
# task (not "Du er …", "Du lyder …")
_TASK_RX = re.compile(r"^(?:\w+: )?(?:og |så |and |so )?(?:du|you) (?!(?:er|var|lyder|virker|ser|har det|har været|"
                      r"are|were|sound|seem|look|had)\b)\w+", re.IGNORECASE)


def sets_a_task(sentence: str) -> bool:
    """Whether the sentence gives the mentee something to do ("Du har en kage med og spørger selv")."""
    return bool(_TASK_RX.match(sentence.strip()))


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


def is_meeting(sentence: str) -> bool:
    return bool(_MEETING_RX.search(sentence))


# "…, og så ses vi på tirsdag": a meeting tacked on to a task is its own clause.
_CLAUSE_RX = re.compile(r",\s*(?:og så|og|så|and then|and)\s+", re.IGNORECASE)


def clauses(sentence: str) -> list[str]:
    """A sentence cut where a new clause is joined on (", og så …", ", and …")."""
    return [c for c in _CLAUSE_RX.split(sentence) if c.strip()]
