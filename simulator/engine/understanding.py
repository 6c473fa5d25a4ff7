"""Whether a low-level mentee follows a mentor turn.

Sentence length, readability (LIX) and idioms, as before issue 13.
"""

from __future__ import annotations

from simulator.coding.coder import CodedTurn, normalise
from simulator.text.readability import lix, long_word_count, words


def misunderstands(state, turn: CodedTurn) -> bool:
    m = state.scenario.misunderstanding
    if turn.is_pause or state.scenario.persona.level not in m.applies_to:
        return False
    for s in turn.segments:
        ws = words(s.text)
        if len(ws) > m.max_words_per_sentence:
            return True
        if len(ws) >= 6 and lix(len(ws), 1, long_word_count(ws)) > m.max_lix:
            return True
    return bool(m.idioms and state.lex.idioms and state.lex.idioms.search(normalise(turn.text)))
