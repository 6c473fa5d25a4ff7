"""What every screen shares: the interface language and localised key descriptions.

Bindings are declared once, with ids (so a keymap can move them) and with an
i18n key as description; `Localized.active_bindings` swaps in the words of the chosen language
for the footer and the command palette (`key.x` -> the short text, `key.x.long`
-> the tooltip). The declared bindings keep their keys; only what is shown changes.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input

from simulator.locale import tr


def localized(binding: Binding, lang: str) -> Binding:
    """`binding` with its `key.x` description in `lang` (and `key.x.long` as its tooltip)."""
    if not binding.description.startswith("key."):
        return binding
    return replace(binding, description=tr(binding.description, lang),
                   tooltip=binding.tooltip or tr(binding.description + ".long", lang))


class Localized:
    """Screens and modals speak the chosen interface language.

    The footer, the help page and the command palette all read a screen's
    `active_bindings` (Textual's public view of the keys, the app's and the
    focused widgets' included), so the words are swapped in there.
    """

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang

    def t(self, key: str, **values) -> str:
        return tr(key, self.lang, **values)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        out = {}
        for key, active in super().active_bindings.items():  # type: ignore[misc]
            binding = localized(active.binding, self.lang)
            tooltip = active.tooltip if binding is active.binding else binding.tooltip
            out[key] = ActiveBinding(active.node, binding, active.enabled, tooltip)
        return out


class BaseScreen(Localized, Screen):
    pass


class BaseModal(Localized, ModalScreen):
    pass


class BriefScreen(BaseScreen):
    """A briefing before a conversation: its text scrolls with the keys, and Enter in the
    name box or the start button starts (`_start`, the screen's own)."""

    SCROLL_ID = ""  # the scrolling text's id, "#..."

    def action_scroll(self, lines: int) -> None:
        self.query_one(self.SCROLL_ID, VerticalScroll).scroll_relative(y=lines, animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._start()

    def _start(self) -> None:
        raise NotImplementedError
