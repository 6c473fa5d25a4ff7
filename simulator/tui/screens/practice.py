"""The practice screen: talk to the mentee and see, live, how each turn is coded.

Enter sends the line in the input box (an empty line is a deliberate pause).
The mentee's reply comes from `Rehearsal.take_turn` in a thread worker so the
interface never waits on it; the worker only posts messages, each tagged with
the session id, and this screen ignores any that belong to another session.
While the trainee types, the side panel previews the coding of the draft with
`Rehearsal.code` (fast, pure), so they can see a question turn open before
sending it.

In an assessment (a drill run with --assess) the panel, the codes under each
turn, hints, undo and marking are off, and `on_end` replaces the scorecard:
the drill decides what comes next.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from simulator.coding.context import infer_role
from simulator.coding.labels import label
from simulator import launch
from simulator.engine.hints import pick_hint
from simulator.engine.rehearsal import Rehearsal
from simulator.engine.session import Turn
from simulator.errors import SaveFailed
from simulator.mentee.source import mark as source_mark
from simulator.scenario.models import trust_cap_of
from simulator.tui.errorline import error_line
from simulator.tui.screens.base import BaseScreen
from simulator.tui.screens.modals import ConfirmEnd, MarkCode, RecallModal
from simulator.tui.screens.savefailed import SaveFailedModal
from simulator.tui.widgets.coding_panel import CodingPanel
from simulator.tui.widgets.mentor_input import MentorInput, clean_line
from simulator.tui.widgets.transcript import Transcript, TurnView

TYPE_TICK = 0.05  # seconds between typed-out chunks


class MenteeReplied(Message):
    def __init__(self, session_id: str, turn: Turn) -> None:
        super().__init__()
        self.session_id = session_id
        self.turn = turn


class MenteeToken(Message):
    def __init__(self, session_id: str, token: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.token = token


class MenteeFailed(Message):
    def __init__(self, session_id: str, error: str, text: str = "") -> None:
        super().__init__()
        self.session_id = session_id
        self.error = error
        self.text = text


class SaveFailedMessage(Message):
    def __init__(self, session_id: str, text: str, error: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.text = text
        self.error = error


def take_submitted(box: MentorInput, submitted: str) -> None:
    """Remove the sent line from the box, keeping whatever was typed after Enter."""
    value = box.value
    box.value = value[len(submitted):] if value.startswith(submitted) else value


class PracticeScreen(BaseScreen):
    BINDINGS = [
        Binding("ctrl+t", "hint", "key.hint", id="practice.hint"),
        Binding("ctrl+z", "undo", "key.undo", id="practice.undo"),
        Binding("ctrl+r", "mark", "key.mark", id="practice.mark"),
        Binding("ctrl+s", "end", "key.end", id="practice.end"),
        Binding("f5", "toggle_trust", "key.trust", show=False, id="practice.trust"),
        Binding("f6", "toggle_typing", "key.typing", show=False, id="practice.typing"),
    ]

    def __init__(self, lang: str, rehearsal: Rehearsal, *, assess: bool = False, on_end=None) -> None:
        super().__init__(lang)
        self.rehearsal = rehearsal
        self.assess = assess
        self.on_end = on_end  # called with the finished session instead of showing the scorecard
        self.scenario = rehearsal.scenario
        self.waiting: TurnView | None = None     # a turn whose reply the worker is producing
        self._streamed = ""
        self._typing: tuple[TurnView, str, int] | None = None
        self._typing_timer = None
        self._hint_nth = 0
        self._told_saved = False
        self._queue: list[str] = []  # lines sent while the mentee was still answering

    @property
    def session(self):
        return self.rehearsal.session

    # -- layout -----------------------------------------------------------------
    def compose(self):
        p = self.scenario.persona
        self.title = self.scenario.title
        self.sub_title = (f"{p.name}, {p.age} · {self.t('picker.col.level').lower()} {p.level} · "
                          f"{label('course_phases', self.scenario.course_phase, self.lang)}")
        yield Header()
        with Horizontal(id="practice-body"):
            with Vertical(id="conversation"):
                yield Transcript(p.name, self.lang, id="transcript")
                yield MentorInput(placeholder=self.t("practice.placeholder"), id="mentor-input")
            yield CodingPanel(self.lang, id="panel")
        yield Footer()

    async def on_mount(self) -> None:
        transcript = self.query_one(Transcript)
        transcript.add_opening(self.session.opening)
        for turn in self.session.turns:  # a resumed session shows where it stands
            await transcript.add_turn(turn)
        transcript.scroll_end(animate=False)
        box = self.query_one("#mentor-input", MentorInput)
        box.cursor_blink = getattr(self.app, "cursor_blink", True)
        early = getattr(self.app, "early_keys", None)
        if early:  # typed while the app was starting
            box.insert("".join(early))
            early.clear()
        box.focus()
        self.query_one(CodingPanel).set_class(self.assess, "-assess")  # CSS hides it (and on narrow screens)
        self._refresh_panel()
        if self.session.turns:
            self.notify(self.t("practice.resumed", turns=len(self.session.turns)))

    # -- panel ---------------------------------------------------------------------
    def _refresh_panel(self, state: bool = True) -> None:
        if self.assess:
            return
        panel = self.query_one(CodingPanel)
        draft = self.query_one("#mentor-input", MentorInput).value
        if draft.strip():
            coded = self.rehearsal.code(draft)
            panel.show_coding(coded.segments, infer_role(coded), draft=True)
        else:
            last = self.session.turns[-1] if self.session.turns else None
            panel.show_coding(last.segments if last else None, last.role if last else None, draft=False)
        if state:
            panel.show_state(self.session, self.scenario.start_trust, self.app.settings.show_trust,
                             trust_cap_of(self.scenario))

    def on_text_area_changed(self, event) -> None:
        if event.text_area.id == "mentor-input":
            self._refresh_panel(state=False)

    # -- sending a turn -----------------------------------------------------------
    async def on_mentor_input_submitted(self, event: MentorInput.Submitted) -> None:
        if event.input.id != "mentor-input":
            return
        event.stop()
        # Only the submitted text leaves the box: keys typed after Enter stay.
        take_submitted(event.input, event.value)
        if self.waiting is not None:
            self._queue.append(event.value)
            self.notify(self.t("practice.queued", name=self.scenario.persona.name))
            return
        await self._send(event.value)

    def on_key(self, event) -> None:
        # The box handles the keys it receives; a printable key that reaches the screen went
        # nowhere (typed during start-up before the box had focus, or after a modal): it is
        # the trainee typing, so it goes into the box.
        box = self.query_one("#mentor-input", MentorInput)
        if event.is_printable and event.character and self.app.screen is self:
            event.stop()
            if not box.has_focus:
                box.focus()
            box.insert(event.character)

    async def _send(self, raw: str) -> None:
        self._finish_typing()
        # A turn is one line of text, whatever reached the box; "..." is a pause, as in a script.
        text = launch.turn_text(clean_line(raw))
        view = await self.query_one(Transcript).add_mentor(len(self.session.turns), text)
        coded = None
        if self.assess:
            view.query_one(".codes").display = False
        else:
            coded = self.rehearsal.code(text)  # shown now, and handed to the turn: coded once
            view.set_codes(coded.segments)
        view.set_waiting()
        self.waiting = view
        self._streamed = ""
        self._hint_nth = 0
        self.query_one(CodingPanel).show_hint(None)
        self._reply(text, self.session.id, coded)

    @work(thread=True, exclusive=True, group="mentee", exit_on_error=False)
    def _reply(self, text: str, session_id: str, coded=None) -> None:
        worker = get_current_worker()

        def on_token(token: str) -> None:
            if not worker.is_cancelled:
                self.post_message(MenteeToken(session_id, token))

        # The guards call reset() when streamed text was rejected: an empty token takes it back.
        on_token.reset = lambda: on_token("")  # type: ignore[attr-defined]

        try:
            turn = self.rehearsal.take_turn(text, on_token=on_token, coded=coded)
        except SaveFailed as exc:  # the reply came, the disk refused it: a save failure, not the mentee's
            self.post_message(SaveFailedMessage(session_id, text, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a backend failure is shown, never a crash
            self.post_message(MenteeFailed(session_id, error_line(self.lang, exc), text))
            return
        if not worker.is_cancelled:
            self.post_message(MenteeReplied(session_id, turn))

    def on_mentee_token(self, message: MenteeToken) -> None:
        if message.session_id != self.session.id or self.waiting is None or self.app.settings.type_out:
            return
        if not message.token:  # taken back: show "thinking" until the next try passes the guards
            self._streamed = ""
            self.waiting.set_waiting()
            return
        self._streamed += message.token
        self.waiting.set_mentee(self._streamed)

    def on_mentee_replied(self, message: MenteeReplied) -> None:
        if message.session_id != self.session.id or self.waiting is None:
            return
        view, turn = self.waiting, message.turn
        self.waiting = None
        view.mentee_mark = source_mark(turn.source, self.scenario.language)
        for notice in getattr(self.rehearsal.backend, "take_notices", list)():
            self.notify(notice, severity="warning", timeout=10)
        if not self.assess:
            view.set_codes(turn.segments, turn.role, turn.step)
        if self.app.settings.type_out and turn.mentee:
            view.set_mentee("")
            self._typing = (view, turn.mentee, 0)
            self._typing_timer = self.set_interval(TYPE_TICK, self._type_tick)
        else:
            view.set_mentee(turn.mentee)
        self.query_one(Transcript).scroll_end(animate=False)
        self._refresh_panel()
        if not self._told_saved:
            self._told_saved = True
            store = self.rehearsal.store
            self.notify(self.t("practice.saved", path=store.root) if store
                        else self.t("practice.not_saved"), timeout=4)
        if self._queue:
            self.call_later(self._send, self._queue.pop(0))

    def on_save_failed_message(self, message: SaveFailedMessage) -> None:
        if message.session_id != self.session.id or self.waiting is None:
            return
        box = self._give_back(message.text)

        def answered(without_saving: bool | None) -> None:
            if without_saving:
                self.rehearsal.store = None
                self.notify(self.t("save.off"), severity="warning", timeout=8)
            box.focus()

        self.app.push_screen(SaveFailedModal(self.lang, message.error), answered)

    def _give_back(self, text: str) -> MentorInput:
        """No turn was taken: the line goes back into the box, then lines queued or typed since."""
        view = self.waiting
        self.waiting = None
        view.remove()
        box = self.query_one("#mentor-input", MentorInput)
        rest = list(self._queue) + ([box.value] if box.value else [])
        self._queue.clear()
        box.value = " ".join([text or "..."] + rest)
        box.move_cursor((0, len(text or "...")))
        return box

    def on_mentee_failed(self, message: MenteeFailed) -> None:
        if message.session_id != self.session.id or self.waiting is None:
            return
        self._give_back(message.text)
        self.notify(self.t("practice.reply_failed", error=message.error), severity="error", timeout=8)

    # -- typing out at a human pace ---------------------------------------------------
    def _type_tick(self) -> None:
        if self._typing is None:
            return
        view, text, pos = self._typing
        step = max(1, round(self.app.settings.chars_per_second * TYPE_TICK))
        pos = min(len(text), pos + step)
        view.set_mentee(text[:pos])
        self.query_one(Transcript).scroll_end(animate=False)
        if pos >= len(text):
            self._finish_typing()
        else:
            self._typing = (view, text, pos)

    def _finish_typing(self) -> None:
        if self._typing is not None:
            view, text, _ = self._typing
            view.set_mentee(text)
        self._typing = None
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None

    # -- actions -----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.assess and action in ("hint", "undo", "mark", "toggle_trust"))

    def _busy(self) -> bool:
        if self.waiting is not None:
            self.notify(self.t("practice.busy", name=self.scenario.persona.name), severity="warning")
            return True
        self._finish_typing()
        return False

    def action_hint(self) -> None:
        if self.assess:
            return
        hint = pick_hint(self.session, self.lang, nth=self._hint_nth)
        self._hint_nth += 1
        self.query_one(CodingPanel).show_hint(hint)

    async def action_undo(self) -> None:
        if self.assess or self._busy():
            return
        turn = self.rehearsal.undo()
        if turn is None:
            self.notify(self.t("practice.nothing_to_undo"))
            return
        await self.query_one(Transcript).remove_turn(turn.index)
        self.query_one(CodingPanel).show_hint(None)
        self._refresh_panel()
        self.notify(self.t("practice.undone"))

    def action_mark(self) -> None:
        if self.assess or self._busy():
            return
        if not self.session.turns:
            self.notify(self.t("practice.no_turns_to_mark"))
            return

        def marked(result) -> None:
            if result:
                turn, seg, note = result
                self.rehearsal.mark_wrong(turn, seg, note)
                self.notify(self.t("practice.marked"))
            self.query_one("#mentor-input", MentorInput).focus()

        self.app.push_screen(MarkCode(self.lang, self.session.turns), marked)

    def action_end(self) -> None:
        if self._busy():
            return

        def leave() -> None:
            if self.on_end is not None:
                self.on_end(self.session)  # a drill: its runner finishes and scores the rehearsal
            else:
                card = launch.finish(self.rehearsal, self.lang)
                self.app.show_scorecard(self.session, self.scenario, replace=True, card=card)

        def recalled(text: str | None) -> None:
            if text:
                from simulator.scoring.recall import attach_recall_text

                attach_recall_text(self.rehearsal, text)  # fills the scorecard's and the cohort's recall
            leave()

        def answered(yes: bool | None) -> None:
            if yes:
                self.rehearsal.finish()
                if self.session.turns:  # the story recall: skippable, before any result is shown
                    self.app.push_screen(RecallModal(self.lang, self.scenario.persona.name), recalled)
                else:
                    leave()
            else:
                self.query_one("#mentor-input", MentorInput).focus()

        self.app.push_screen(ConfirmEnd(self.lang, empty=not self.session.turns), answered)

    def action_toggle_trust(self) -> None:
        settings = self.app.settings
        settings.show_trust = not settings.show_trust
        self.app.save_settings()
        self._refresh_panel()
        self.notify(self.t("practice.trust_shown" if settings.show_trust else "practice.trust_hidden"))

    def action_toggle_typing(self) -> None:
        settings = self.app.settings
        settings.type_out = not settings.type_out
        self.app.save_settings()
        self.notify(self.t("practice.typing_on" if settings.type_out else "practice.typing_off"))
