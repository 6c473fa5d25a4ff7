"""A literal prefilter for the lexicon's pattern lists.

The lexicons hold hundreds of alternative patterns; trying every one on every
segment cost about 0.2 ms a turn and held `mentor-sim code` under 5,000
utterances a second. Most alternatives can only match if some literal text
occurs ("tortur", "lover", "stakkel"). Each alternative's required literals are
read from its parsed form; a segment whose three-letter windows contain none of
them is skipped without running the regular expression. The answer is always the
same as trying every alternative: the filter only skips patterns that cannot match.
"""

from __future__ import annotations

import re

try:  # the stdlib's own parser: the same reading of a pattern as re.compile
    import re._parser as sre
except ImportError:  # a Python without it: every pattern is simply always tried
    sre = None

GRAM = 3


def grams(text: str) -> set[str]:
    """The text's windows of three characters."""
    return {text[i:i + GRAM] for i in range(len(text) - GRAM + 1)}


def _required(seq) -> set[str] | None:
    """A set of strings one of which occurs in every match of `seq`, or None."""
    options: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            options.append({"".join(run)})
            run.clear()

    for op, av in seq:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found = None
        if op is sre.SUBPATTERN:
            _group, add_flags, _del, sub = av
            found = None if add_flags & re.IGNORECASE else _required(sub)
        elif op is sre.BRANCH:
            branches = [_required(b) for b in av[1]]
            found = None if any(b is None for b in branches) else set().union(*branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            found = _required(av[2])
        elif op is sre.ASSERT:  # (?=...) and (?<=...) must match too
            found = _required(av[1])
        if found:
            options.append(found)
    flush()
    usable = [o for o in options if min(map(len, o)) >= GRAM]
    return max(usable, key=lambda o: min(map(len, o)), default=None)


def required_grams(pattern: str) -> frozenset[str] | None:
    """Three-letter windows of which a match needs at least one; None if unknown."""
    if sre is None:
        return None
    try:
        parsed = sre.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _required(list(parsed))
    return frozenset(s[:GRAM] for s in found) if found else None


class BadPattern(ValueError):
    """One of the alternatives does not compile; names it."""

    def __init__(self, pattern: str, error: re.error):
        super().__init__(f"bad pattern {pattern!r}: {error}")
        self.pattern = pattern


class Alternatives:
    """Alternative patterns that match when any one does, with the prefilter in front."""

    def __init__(self, patterns: list[str]):
        self.patterns = list(patterns)
        self._always: list[re.Pattern] = []
        self._gated: list[tuple[frozenset[str], re.Pattern]] = []
        for p in patterns:
            try:
                rx = re.compile(p)
            except re.error as exc:
                raise BadPattern(p, exc) from None
            need = required_grams(p)
            if need is None:
                self._always.append(rx)
            else:
                self._gated.append((need, rx))

    def find(self, text: str, text_grams: set[str] | None = None) -> tuple[str, str] | None:
        """The first alternative that matches and the words it matched (for explaining a code)."""
        if text_grams is None:
            text_grams = grams(text)
        for rx in self._always + [rx for need, rx in self._gated if not need.isdisjoint(text_grams)]:
            m = rx.search(text)
            if m:
                return rx.pattern, m.group(0)
        return None

    def search(self, text: str, text_grams: set[str] | None = None) -> bool:
        if text_grams is None:
            text_grams = grams(text)
        for rx in self._always:
            if rx.search(text):
                return True
        for need, rx in self._gated:
            if not need.isdisjoint(text_grams) and rx.search(text):
                return True
        return False
