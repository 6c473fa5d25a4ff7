"""Trainees' "this code is wrong" marks as labelled rows, counted honestly.

A mark records the coder's code and tags for a segment and, when the trainee's
note names them, the corrected code and/or tags. A mark with a corrected code is a
row with that code; a mark that corrects only the tags keeps the coder's code
(the trainee disputed the tags, not the code) with the corrected tags. A mark
whose note names neither is free text: it is skipped, and counted with its reason,
so `eval --marks` and `marks collect` always say how many rows they used and why
the rest were left out.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

SKIP_NO_CORRECTION = "the note names no code or tag"
SKIP_NO_TEXT = "no segment text"
SKIP_NOT_A_MARK = "not a mark"
SKIP_OTHER_LANGUAGE = "another language"  # eval --lang: a mark in another language than the rows


def mark_label(m) -> tuple[tuple[str, str, frozenset[str], str] | None, str | None]:
    """(text, code, tags, language) for a usable mark, else (None, why it is skipped)."""
    if not isinstance(m, dict):
        return None, SKIP_NOT_A_MARK
    text = m.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, SKIP_NO_TEXT
    tags = frozenset(t for t in (m.get("correct_tags") or []) if isinstance(t, str))
    code = m.get("correct_code")
    if not code and tags and isinstance(m.get("code"), str):
        code = m["code"]  # tags corrected, the coder's code stands
    if not isinstance(code, str) or not code:
        return None, SKIP_NO_CORRECTION
    return (text, code, tags, m.get("language") or "da"), None


def summary(used: int, skipped: Counter) -> str:
    """"used 12 marks, skipped 3 (2: the note names no code or tag; 1: no segment text)"."""
    if not skipped:
        return f"used {used} mark(s), skipped 0"
    why = "; ".join(f"{n}: {reason}" for reason, n in skipped.most_common())
    return f"used {used} mark(s), skipped {sum(skipped.values())} ({why})"


def collect(folders: list[Path]) -> tuple[list[dict], Counter]:
    """Every mark in the session files of `folders` (each session's own record), as CSV rows."""
    from simulator.store import SessionStore

    rows, skipped = [], Counter()
    for folder in folders:
        store = SessionStore(Path(folder))
        for s in store.list():
            for m in (mark.to_dict() for mark in s.marks):  # as saved, like a line of marked-codes.jsonl
                label, why = mark_label(m)
                if label is None:
                    skipped[why] += 1
                    continue
                text, code, tags, lang = label
                rows.append({"utterance": text, "code": code, "tags": ";".join(sorted(tags)), "lang": lang,
                             "coder_code": m.get("code", ""), "coder_tags": ";".join(m.get("tags") or []),
                             "note": m.get("note", ""), "session": s.id, "trainee": s.trainee,
                             "scenario": s.scenario})
        for bad in store.skipped:
            skipped[f"damaged session file ({bad.path.name})"] += 1
    return rows, skipped


COLUMNS = ("utterance", "code", "tags", "lang", "coder_code", "coder_tags", "note", "session", "trainee", "scenario")


def to_csv(rows: list[dict]) -> str:
    """A labelled CSV that `mentor-sim eval` reads as it is (utterance, code, tags, lang ...)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_jsonl(path: Path) -> tuple[list[tuple], Counter, str | None]:
    """Labels from a marked-codes.jsonl; (labels, skipped, problem) where problem names file:line."""
    labels, skipped = [], Counter()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            m = json.loads(line)
        except json.JSONDecodeError:
            return labels, skipped, f"{path}:{n}: not a JSON line"
        label, why = mark_label(m)
        if label is None:
            skipped[why] += 1
        else:
            labels.append(label)
    return labels, skipped, None
