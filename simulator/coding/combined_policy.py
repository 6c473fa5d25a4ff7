"""combined.yaml checked on load: which coder decides each tag in the combined coder.

Every tag named must be a tag of the vocabulary and be decided one way only; a typo
is reported as `file:line: field: unknown tag 'x' (did you mean 'y'?)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.coding.vocabulary import CODES, TAGS
from simulator.yamlfile import load_checked, unknown

COMBINED_FILE = Path(__file__).with_name("combined.yaml")
Source = Literal["rules", "learned", "both", "either"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TagSources(_Strict):
    default: Source = "learned"
    rules: list[str] = Field(default_factory=list)
    learned: list[str] = Field(default_factory=list)
    both: list[str] = Field(default_factory=list)
    either: list[str] = Field(default_factory=list)


class CombinedFile(_Strict):
    # codes a matched rule decides instead of the model (chosen by CV, scripts/cv_coder.py)
    codes_from_rules: list[str] = Field(default_factory=list)
    tags: TagSources


def _problems(data: CombinedFile):
    for i, code in enumerate(data.codes_from_rules):
        if code not in CODES:
            yield ("codes_from_rules", i), unknown("code", code, CODES)
    seen: dict[str, str] = {}
    for source in ("rules", "learned", "both", "either"):
        for i, tag in enumerate(getattr(data.tags, source)):
            if tag not in TAGS:
                yield ("tags", source, i), unknown("tag", tag, TAGS)
            elif tag in seen:
                yield ("tags", source, i), f"{tag!r} is already decided by {seen[tag]!r}"
            seen.setdefault(tag, source)


def load_combined_policy(path: Path = COMBINED_FILE) -> dict:
    """The policy as written (a mapping), once it is found sound."""
    return load_checked(path, CombinedFile, _problems)
