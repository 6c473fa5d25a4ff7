"""What a trainee typed, made safe to keep: one small normalisation, nothing more.

A session file must read back exactly as it was played (resume replays the saved
turns). JSON cannot tell a surrogate pair typed as two code points from the one
character they stand for, so a pair is joined before the turn is coded and saved.
Lone surrogates (a byte that was not UTF-8 on stdin) stay as they are; the store
writes them as `\\udcXX` escapes. Nothing else about the text is changed.
"""

from __future__ import annotations

import re

_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def join_surrogate_pairs(text: str) -> str:
    if not _PAIR.search(text):
        return text
    return _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text)
