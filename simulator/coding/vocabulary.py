"""The codebook's words, read once from vocabulary.yaml (CODEBOOK v2 order).

Every list of codes, tags, boundary tags, roles, conversation steps and course phases
in the program comes from here, so a new tag or a renamed step is one edit in one data
file. The file is checked on load (unknown fields, misspelt names, file:line errors) and
read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.yamlfile import load_model, unknown

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Words(_Strict):
    """What a user sees for a word, in Danish and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Word(Words):
    section: str = ""  # the mentor guide's section the word comes from


class Code(Word):
    rank: int | None = Field(default=None, ge=1)  # precedence for a turn's primary code; None: the pause
    behaviour: Literal["question", "reflection", "input", "other"]


class Tag(Word):
    boundary: bool = False
    counts_in: list[str] | None = None  # course phases a boundary counts in; None: all


class Role(Word):
    means: Words


class Step(Word):
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class Vocabulary(_Strict):
    codes: dict[str, Code]
    tags: dict[str, Tag]
    roles: dict[str, Role]
    steps: dict[str, Step]
    course_phases: dict[str, Word]


def _checks(v: Vocabulary):
    """What pydantic cannot see field by field: ranks that make one order, known phases."""
    ranks = [c.rank for c in v.codes.values() if c.rank is not None]
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        yield ("codes",), f"the ranks must be 1 to {len(ranks)}, each once (they are {sorted(ranks)})"
    for name, tag in v.tags.items():
        if tag.counts_in is not None and not tag.boundary:
            yield ("tags", name, "counts_in"), "only a boundary tag (boundary: true) counts in some phases"
        for i, phase in enumerate(tag.counts_in or ()):
            if phase not in v.course_phases:
                yield ("tags", name, "counts_in", i), unknown("course phase", phase, tuple(v.course_phases))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load_model(VOCABULARY_FILE, Vocabulary, _checks)


_V = vocabulary()

# The segment codes in CODEBOOK order (the pause is a whole turn, not a segment's code).
CODES: tuple[str, ...] = tuple(k for k, c in _V.codes.items() if c.rank is not None)
PAUSE = "pause"
# The order in which a turn's primary code is chosen (CODEBOOK "Primary code of a multi-segment turn").
PRIMARY_ORDER: tuple[str, ...] = tuple(sorted(CODES, key=lambda k: _V.codes[k].rank))
TAGS: tuple[str, ...] = tuple(_V.tags)
# Boundaries counted in every phase first, then those counted only in some (culture_probe),
# the order of CODEBOOK's summary figures, which the reports list them in.
BOUNDARY_TAGS: tuple[str, ...] = tuple(
    [k for k, t in _V.tags.items() if t.boundary and t.counts_in is None]
    + [k for k, t in _V.tags.items() if t.boundary and t.counts_in is not None])
ROLES: tuple[str, ...] = tuple(_V.roles)
STEPS: tuple[str, ...] = tuple(_V.steps)
COURSE_PHASES: tuple[str, ...] = tuple(_V.course_phases)
# The main behaviour of each code (and of the pause), for comparing with AnnoMI.
BEHAVIOUR: dict[str, str] = {k: c.behaviour for k, c in _V.codes.items()}
STEP_COLOURS: dict[str, str] = {k: s.colour for k, s in _V.steps.items()}
del _V


def counted_boundaries(course_phase: str | None) -> tuple[str, ...]:
    """The boundary tags that count in this course phase (`counts_in`; culture_probe only in
    the early phases, guide: Forskellighed og kultur). No phase (an old session file, a
    scorer without a scenario) counts them all."""
    tags = vocabulary().tags
    return tuple(t for t in BOUNDARY_TAGS
                 if course_phase is None or tags[t].counts_in is None or course_phase in tags[t].counts_in)


def role_means(role: str, lang: str = "da") -> str:
    means = vocabulary().roles[role].means
    return means.en if lang == "en" else means.da
