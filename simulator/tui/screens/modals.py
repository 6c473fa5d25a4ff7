"""Small modal screens: confirm ending a session, mark a code as wrong."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from simulator.coding.labels import label
from simulator.engine.session import Turn
from simulator.tui.screens.base import BaseModal
from simulator.tui.widgets.mentor_input import printable


class ConfirmEnd(BaseModal):
    """Enter ends the session, Escape goes back to it."""

    BINDINGS = [
        Binding("enter", "answer(True)", "key.end", id="confirm.yes"),
        Binding("escape", "answer(False)", "key.back", id="confirm.no"),
    ]

    def __init__(self, lang: str, empty: bool) -> None:
        super().__init__(lang)
        self.empty = empty

    def compose(self):
        with Vertical(id="confirm-box", classes="modal-box"):
            yield Static(self.t("end.title"), classes="modal-title")
            yield Static(self.t("end.body_empty" if self.empty else "end.body"))
            with Horizontal(classes="modal-buttons"):
                yield Button(self.t("end.yes"), id="confirm-yes", variant="primary")
                yield Button(self.t("end.no"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")


class ConfirmQuit(ConfirmEnd):
    """Ctrl+Q mid-session: say whether the session is kept and how to continue it."""

    def __init__(self, lang: str, session_id: str, saved: bool) -> None:
        super().__init__(lang, empty=False)
        self.session_id, self.saved = session_id, saved

    def compose(self):
        with Vertical(id="confirm-box", classes="modal-box"):
            yield Static(self.t("quit.title"), classes="modal-title")
            yield Static(self.t("quit.body", id=self.session_id) if self.saved else self.t("quit.body_unsaved"))
            with Horizontal(classes="modal-buttons"):
                yield Button(self.t("quit.yes"), id="confirm-yes", variant="primary")
                yield Button(self.t("end.no"), id="confirm-no")


class RecallModal(BaseModal):
    """After ending a conversation: what do you remember of the mentee and of the agreement?

    Ctrl+S (or the button) keeps the lines, Escape skips; dismissed with the text or None.
    Asked before the scorecard, so the answer is the trainee's memory, not a copy of it.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "recall.save", id="recall.save"),
        Binding("escape", "skip", "recall.skip", id="recall.skip"),
    ]

    def __init__(self, lang: str, name: str) -> None:
        super().__init__(lang)
        self.mentee = name

    def compose(self):
        from textual.widgets import TextArea

        with Vertical(id="recall-box", classes="modal-box"):
            yield Static(self.t("recall.title", name=self.mentee), classes="modal-title")
            yield Static(self.t("recall.body", name=self.mentee))
            yield TextArea(id="recall-text", soft_wrap=True)
            with Horizontal(classes="modal-buttons"):
                yield Button(self.t("recall.save_button"), id="recall-save", variant="primary")
                yield Button(self.t("recall.skip_button"), id="recall-skip")

    def on_mount(self) -> None:
        self.query_one("#recall-text").focus()

    def action_save(self) -> None:
        text = self.query_one("#recall-text").text.strip()
        self.dismiss(text or None)

    def action_skip(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "recall-save":
            self.action_save()
        else:
            self.action_skip()


class MarkCode(BaseModal):
    """Pick a segment of one of your turns (newest first) and say what it should be.

    Returns (turn index, segment index, note) or None.
    """

    BINDINGS = [Binding("escape", "cancel", "key.back", id="mark.cancel")]

    def __init__(self, lang: str, turns: list[Turn]) -> None:
        super().__init__(lang)
        self.turns = turns

    def compose(self):
        options = []
        for turn in reversed(self.turns):
            for j, seg in enumerate(turn.segments):
                if seg.code == "pause":
                    continue
                tags = "".join(f" + {label('tags', t, self.lang)}" for t in seg.tags)
                prompt = Content.from_markup("[dim]$n[/] [b]$code$tags[/]\n  $text",
                                             n=self.t("mark.turn", n=turn.index + 1),
                                             code=label("codes", seg.code, self.lang), tags=tags,
                                             text=printable(seg.text))
                options.append(Option(prompt, id=f"{turn.index}:{j}"))
        with Vertical(id="mark-box", classes="modal-box"):
            yield Static(self.t("mark.title"), classes="modal-title")
            yield Static(self.t("mark.pick"))
            yield OptionList(*options, id="mark-options")
            yield Static(self.t("mark.note"), classes="dim")
            yield Input(id="mark-note")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        options.focus()
        self.query_one(Input).cursor_blink = getattr(self.app, "cursor_blink", True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#mark-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is None:
            options.focus()
            return
        option = options.get_option_at_index(options.highlighted)
        turn, seg = (int(x) for x in option.id.split(":"))
        self.dismiss((turn, seg, event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
