"""The practice screen's input line, and the two guards that keep odd text calm.

A terminal delivers a paste whole, control characters and all; Textual's own
Input kept only the text before the first line break (and `str.splitlines`
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
from textual.message import Message
from textual.widgets import TextArea

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


class MentorInput(TextArea, inherit_bindings=False):
    """The mentor's box: several lines high, so a long turn is seen whole while it is written.

    Enter sends (a `Submitted` message, like Input's); Shift+Enter or Ctrl+J starts a new
    line, which the turn folds into a space, since a turn is one line of text for the coder.
    A paste keeps every line (joined by spaces) and no control characters. `value` reads and
    sets the text, as on an Input.
    """

    # The practice screen's own keys win: Ctrl+Z takes a turn back (not a keystroke), F6 is
    # the typing tempo; so TextArea's undo, redo and line/all selection keys are left out.
    BINDINGS = [b for b in TextArea.BINDINGS if b.action not in ("undo", "redo", "select_line", "select_all")]

    DEFAULT_CSS = """
    MentorInput { height: auto; max-height: 6; min-height: 3; }
    """

    class Submitted(Message):
        def __init__(self, box: "MentorInput", value: str) -> None:
            super().__init__()
            self.input = box
            self.value = value

        @property
        def control(self) -> "MentorInput":
            return self.input

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         placeholder=placeholder, compact=True)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.key in ("shift+enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            self.replace("\n", *self.selection)
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # TextArea would keep the paste's control characters
        text = clean_line(event.text)
        if not text:
            return
        result = self.replace(text, *self.selection)
        if result is not None:
            self.move_cursor(result.end_location)
