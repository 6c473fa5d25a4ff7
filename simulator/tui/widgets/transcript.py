"""The conversation as it unfolds: mentee lines, mentor lines and their codes.

One `TurnView` per mentor turn holds the mentor's words, a dim line with the
codes, and the mentee's reply, so undo removes exactly one block and the
scorecard can highlight the turns a principle cites. User text is inserted as
template variables, never parsed as markup, and without control characters.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from simulator.coding.labels import label
from simulator.engine.session import Turn
from simulator.mentee.source import mark as source_mark
from simulator.locale import tr
from simulator.tui.present import segment_lines
from simulator.tui.widgets.mentor_input import printable


def codes_content(segments: list[dict], lang: str, role: str | None = None, step: str | None = None) -> Content:
    """'Åbent spørgsmål + Ros (begrundet) · Lytteren · Fold historien ud', warnings marked ⚠."""
    parts: list[Content] = []
    shown: set[str] = set()  # a warning once per turn, however many of its sentences raise it
    for seg in segment_lines(segments, lang):
        piece = Content(seg["label"])
        for tag in seg["tags"]:
            if tag["tag"] in shown:
                continue
            shown.add(tag["tag"])
            if tag["warning"]:
                piece += Content.from_markup(" [$error]⚠ $t[/]", t=tag["label"])
            else:
                piece += Content.from_markup(" [$success]+ $t[/]", t=tag["label"])
        parts.append(piece)
    line = Content(" | ").join(parts)
    extra = [label("roles", role, lang)] if role else []
    if step:
        extra.append(label("steps", step, lang))
    if extra:
        line += Content(" · " + " · ".join(extra))
    return line


class TurnView(Horizontal):
    """One mentor turn and the mentee's reply to it, with the turn number in a margin column."""

    def __init__(self, index: int, mentor: str, lang: str, mentee_name: str, show_step: bool = False,
                 **kwargs) -> None:
        super().__init__(id=f"turn-{index}", classes="turn", **kwargs)
        self.index = index
        self.lang = lang
        self.mentee_name = mentee_name
        self.show_step = show_step
        self._mentor_text = mentor
        self._cited = False
        self.mentee_text = ""
        self.mentee_mark = ""  # "↺ manuskript" when the line is the script's fallback

    def compose(self):
        yield Static(self._number(), classes="number")
        with Vertical(classes="body"):
            yield Static(self._mentor_content(), classes="line mentor")
            yield Static("", classes="codes")
            yield Static("", classes="line mentee empty")

    def _number(self) -> Content:
        # The marker is a symbol as well as a background colour (NO_COLOR).
        return Content.from_markup("[b]▶[/]$n" if self._cited else "[dim] $n[/]", n=f"{self.index + 1:>2}")

    def _mentor_content(self) -> Content:
        you = tr("practice.you", self.lang)
        text = printable(self._mentor_text).strip() or tr("practice.pause", self.lang)
        return Content.from_markup("[b $primary]$you:[/] $text", you=you, text=text)

    def set_codes(self, segments: list[dict], role: str | None = None, step: str | None = None) -> None:
        self.query_one(".codes", Static).update(
            codes_content(segments, self.lang, role, step if self.show_step else None))

    def set_mentee(self, text: str) -> None:
        self.mentee_text = text
        widget = self.query_one(".mentee", Static)
        mark = f"  {self.mentee_mark}" if self.mentee_mark and text else ""
        widget.update(Content.from_markup("[b]$name:[/] $text[dim]$mark[/]", name=self.mentee_name,
                                          text=printable(text), mark=mark))
        widget.set_class(not text, "empty")

    def set_waiting(self) -> None:
        widget = self.query_one(".mentee", Static)
        widget.update(Content.from_markup("[dim i]$w[/]", w=tr("practice.waiting", self.lang,
                                                                   name=self.mentee_name)))
        widget.remove_class("empty")

    def set_cited(self, cited: bool) -> None:
        self._cited = cited
        self.set_class(cited, "cited")
        self.query_one(".number", Static).update(self._number())


class Transcript(VerticalScroll):
    """The opening line and one TurnView per turn; scrolls to the newest."""

    def __init__(self, mentee_name: str, lang: str, show_step: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.mentee_name = mentee_name
        self.lang = lang
        self.show_step = show_step

    def add_opening(self, text: str) -> None:
        self.mount(Static(Content.from_markup("[b]$name:[/] $text", name=self.mentee_name, text=printable(text)),
                          classes="line mentee opening"))

    async def add_mentor(self, index: int, text: str) -> TurnView:
        view = TurnView(index, text, self.lang, self.mentee_name, show_step=self.show_step)
        await self.mount(view)
        self.scroll_end(animate=False)
        return view

    async def add_turn(self, turn: Turn) -> TurnView:
        view = await self.add_mentor(turn.index, turn.mentor)
        view.set_codes(turn.segments, turn.role, turn.step)
        view.mentee_mark = source_mark(turn.source, self.lang)
        view.set_mentee(turn.mentee)
        return view

    def view_for(self, index: int) -> TurnView | None:
        found = self.query(f"#turn-{index}")
        return found.first(TurnView) if found else None

    async def remove_turn(self, index: int) -> None:
        view = self.view_for(index)
        if view is not None:
            await view.remove()

    def highlight(self, indices: list[int]) -> None:
        wanted = set(indices)
        for view in self.query(TurnView):
            if view._cited != (view.index in wanted):
                view.set_cited(view.index in wanted)

    def scroll_to_turn(self, index: int) -> None:
        view = self.view_for(index)
        if view is not None:
            self.scroll_to_widget(view, animate=False, top=True)
