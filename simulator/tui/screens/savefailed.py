"""The modal shown when a turn could not be saved (disk full, folder gone or read-only).

A save failure is not the mentee failing to reply: the trainee's line is put
back in the input box, and they choose to try again (after freeing space) or to
continue without saving. Returns True for "continue without saving".
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from simulator.tui.screens.base import BaseModal


class SaveFailedModal(BaseModal):
    BINDINGS = [Binding("escape", "answer(False)", "key.back", id="save.retry")]

    def __init__(self, lang: str, error: str) -> None:
        super().__init__(lang)
        self.error = error

    def compose(self):
        with Vertical(id="save-failed-box", classes="modal-box"):
            yield Static(self.t("save.title"), classes="modal-title")
            yield Static(self.t("save.body", error=self.error), markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(self.t("save.continue"), id="save-continue", variant="warning")
                yield Button(self.t("save.retry"), id="save-retry", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#save-retry", Button).focus()

    def action_answer(self, without_saving: bool) -> None:
        self.dismiss(without_saving)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "save-continue")
