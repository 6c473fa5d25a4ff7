"""Until the line CLI's messages move into the locale catalogue: the old argument order of `tr`."""

from __future__ import annotations

from simulator.locale import LANGS, tr as _tr

__all__ = ["LANGS", "tr"]


def tr(lang: str, key: str, **values) -> str:
    return _tr(key, lang, **values)
