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
# The default where no one chose (docs/validity.md). The choice itself is passed along, never
# kept here: the CLI and the app hand it to launch.open_rehearsal, so one process can hold two.
DEFAULT_KIND = "combined"


def get_coder(language: str, kind: str | None = None) -> Coder:
    """The coder of `kind` (None: the default) for `language`; the rule coder where no model is shipped."""
    kind = kind or DEFAULT_KIND
    if kind not in CODER_KINDS:
        raise ValueError(kind)
    return _coder(language, kind)


@lru_cache(maxsize=8)
def _coder(language: str, kind: str) -> Coder:
    if kind in ("learned", "combined"):
        if has_model(language):
            return LearnedCoder(language) if kind == "learned" else CombinedCoder(language)
    return Coder(load_lexicon(language))
