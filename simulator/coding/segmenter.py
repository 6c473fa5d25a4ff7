"""Splitting a mentor turn into segments (CODEBOOK: sentences).

A full stop after an abbreviation ("f.eks.", "kl. 10") or an ordinal number
("3. maj") does not end a sentence; in unpunctuated chat a comma-joined clause
that turns into a question starts a new segment.
"""

from __future__ import annotations

import re

from simulator.coding.lexicon import Lexicon

_END = re.compile(r"(?:\.{3}|…|[.!?]+)(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def segment(text: str, lex: Lexicon) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sentence in _sentences(line, lex):
            out.extend(_clauses(sentence, lex))
    return out


def _sentences(line: str, lex: Lexicon) -> list[str]:
    parts, start = [], 0
    for m in _END.finditer(line):
        if m.group() == ".":
            tok = _TOKEN_BEFORE.search(line, 0, m.start())
            word = tok.group(1).lower() if tok else ""
            nxt = line[m.end():].lstrip()[:1]
            if word.strip("(\"'").rstrip(".") in lex.abbreviations:
                continue
            if word.isdigit() and nxt and not nxt.isupper():
                continue  # "3. maj", "2. sal"
        piece = line[start:m.end()].strip()
        if piece.strip(".…!? "):
            parts.append(piece)
        elif parts:
            parts[-1] += piece
        start = m.end()
    rest = line[start:].strip()
    if rest:
        parts.append(rest)
    return parts


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
