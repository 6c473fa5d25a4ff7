"""Which coder a rehearsal gets: the rule coder, the learned one or the two combined.

Apart from coder.py so that the rule coder and the learned coder (which builds on it)
import in one direction only.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.coding.coder import Coder
from simulator.coding.learned import CombinedCoder, LearnedCoder, has_model
from simulator.coding.lexicon import load_lexicon

CODER_KINDS = ("rules", "learned", "combined")
_default_kind = "combined"


def use_coder(kind: str) -> None:
    """Which coder `get_coder` gives by default in this process (the CLI sets it once)."""
    global _default_kind
    if kind not in CODER_KINDS:
        raise ValueError(kind)
    _default_kind = kind


def default_coder_kind() -> str:
    return _default_kind


def get_coder(language: str, kind: str | None = None) -> Coder:
    """The rule coder, or the learned one where a model for `language` is shipped."""
    return _coder(language, kind or _default_kind)


@lru_cache(maxsize=8)
def _coder(language: str, kind: str) -> Coder:
    if kind in ("learned", "combined"):
        if has_model(language):
            return LearnedCoder(language) if kind == "learned" else CombinedCoder(language)
    return Coder(load_lexicon(language))
