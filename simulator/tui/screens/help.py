"""The help screen: keys, and a glossary of codes, tags, roles, steps and bands.

Also how the overall score is computed (from bands.yaml) and what is known of
the coder's accuracy (docs/validity.md). The text is built by
`present.help_markdown`, so it follows the same label files the panels use.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown

from simulator.tui.present import help_markdown
from simulator.tui.screens.base import BaseScreen


class HelpScreen(BaseScreen):
    BINDINGS = [
        Binding("escape,f1,q", "app.pop_screen", "key.back", id="help.back"),
    ]

    def __init__(self, lang: str, keys: list[tuple[str, str]], coder: str | None = None) -> None:
        super().__init__(lang)
        self.keys = keys
        self.coder = coder

    def compose(self):
        self.title = self.t("help.title")
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_markdown(self.lang, self.keys, coder=self.coder), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
