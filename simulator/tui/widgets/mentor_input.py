"""The practice screen's input line, and the two guards that keep odd text calm.

A terminal delivers a paste whole, control characters and all; Textual's own
Input keeps only the text before the first line break (and `str.splitlines`
also breaks at \\x1c-\\x1e), so a pasted paragraph would silently lose all but its
first line. `MentorInput` folds every line of a paste into the one line a turn
is, and drops what is not text: escape sequences (colour codes, window titles),
control characters and C1 codes. Text that reaches the terminal unfiltered can
move the cursor, change colours or switch the character set, so the
transcript also passes what it shows through `printable` (a session saved by the
headless `rehearse` keeps its turns as typed, arrow-key escapes included).

RTL scripts, emoji and markup-looking brackets are text, and stay as they are.
This module knows nothing of sessions or coding.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

# CSI (ESC [ ... final byte) and terminated OSC (ESC ] ... BEL or ESC \) go whole; an
# unterminated OSC loses only its ESC, so no words after it can be swallowed.
_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_BREAKS = re.compile(r"(?:\r\n|[\n\r\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029])+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1


def printable(text: str) -> str:
    """`text` without escape sequences or control characters; line breaks and tabs stay."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """`text` as one line of a turn: line breaks and tabs become a space, controls go."""
    return printable(_BREAKS.sub(" ", _SEQUENCE.sub("", text)))


class MentorInput(Input):
    """An Input whose paste keeps every line (joined by spaces) and no control characters."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input._on_paste would keep only the first line
        text = clean_line(event.text)
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
