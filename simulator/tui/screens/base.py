"""What every screen shares: the interface language and localised key descriptions.

Bindings are declared once, with ids (so a keymap can move them) and with an
i18n key as description; `localize` swaps in the words of the chosen language
for the footer and the command palette (`key.x` -> the short text, `key.x.long`
-> the tooltip). The language is fixed for a run, so this happens once per screen.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from simulator.tui.i18n import tr


def localize(node: DOMNode, lang: str) -> None:
    bindings = node._bindings.key_to_bindings  # per-instance copy made by DOMNode.__init__
    for key, items in bindings.items():
        bindings[key] = [
            replace(b, description=tr(lang, b.description), tooltip=b.tooltip or tr(lang, b.description + ".long"))
            if b.description.startswith("key.") else b
            for b in items
        ]


class Localized:
    """Screens and modals speak the chosen interface language."""

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        localize(self, lang)

    def t(self, key: str, **values) -> str:
        return tr(self.lang, key, **values)


class BaseScreen(Localized, Screen):
    pass


class BaseModal(Localized, ModalScreen):
    pass
