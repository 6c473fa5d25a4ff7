"""Splitting a mentor turn into segments (CODEBOOK: sentences).

A full stop after an abbreviation ("f.eks.", "kl. 10") or an ordinal number
("3. maj") does not end a sentence; in unpunctuated chat a comma-joined clause
that turns into a question starts a new segment.
"""

from __future__ import annotations

import re

from simulator.coding.lexicon import Lexicon

# a quotation may close after the full stop ("Jeg skriver: 'Jeg har en butik.' Er du med?")
_END = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’»«]*(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_NEXT_CHAR = re.compile(r"\s*(\S)")


def segment(text: str, lex: Lexicon) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sentence in _sentences(line, lex):
            out.extend(_clauses(sentence, lex))
    return out


# No abbreviation or ordinal is longer than this; looking further back for the
# word before a full stop only made a long line cost the square of its length.
_WORD_WINDOW = 64


def _word_before(line: str, end: int) -> str:
    lo = max(0, end - _WORD_WINDOW)
    tok = _TOKEN_BEFORE.search(line, lo, end)
    if tok is None:
        return ""
    if tok.start() == lo and lo > 0 and not line[lo - 1].isspace():
        return ""  # a longer "word" (a pasted blob) is neither an abbreviation nor an ordinal
    return tok.group(1).lower()


def _sentences(line: str, lex: Lexicon) -> list[str]:
    # Pieces are gathered in lists and joined once: `+=` on a list item copies the
    # string each time, and a line of a million "!" made that quadratic.
    parts: list[list[str]] = []
    start = 0
    for m in _END.finditer(line):
        if m.group() == ".":
            word = _word_before(line, m.start())
            follow = _NEXT_CHAR.match(line, m.end())  # not a slice: that copied the rest of the line
            nxt = follow.group(1) if follow else ""
            if word.strip("(\"'").rstrip(".") in lex.abbreviations:
                continue
            if word.isdigit() and nxt and not nxt.isupper():
                continue  # "3. maj", "2. sal"
        piece = line[start:m.end()].strip()
        if piece.strip(".…!? "):
            parts.append([piece])
        elif parts:
            parts[-1].append(piece)
        start = m.end()
    rest = line[start:].strip()
    if rest:
        parts.append([rest])
    return ["".join(p) for p in parts]


def _clauses(sentence: str, lex: Lexicon) -> list[str]:
    if lex.clause_split is None or "," not in sentence:
        return [sentence]
    low = sentence.lower()
    cuts = [m.start() for m in lex.clause_split.finditer(low)]
    pieces, start = [], 0
    for cut in cuts:
        head = sentence[start:cut].strip()
        sub = lex.subordinate is not None and lex.subordinate.match(head.lower())
        if len(head.split()) >= 3 and not sub:  # "nå, hvad tænker du" stays one segment
            pieces.append(head)
            start = cut + 1
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]
