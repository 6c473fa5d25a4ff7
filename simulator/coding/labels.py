"""User-facing names of codes, tags, roles, steps and course phases (from vocabulary.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from simulator.coding.vocabulary import vocabulary


@lru_cache(maxsize=1)
def labels() -> dict:
    """The vocabulary as plain mappings, kind -> word -> {da, en, section, ...}; a tag also
    says its `kind`: "warning" for a boundary (the screens mark it), else "good"."""
    out = vocabulary().model_dump(exclude_none=True)
    for entry in out["tags"].values():
        entry["kind"] = "warning" if entry.pop("boundary") else "good"
    return out


def label(kind: str, key: str | None, lang: str = "da") -> str:
    if not key:
        return "–"
    entry = labels().get(kind, {}).get(key)
    if not entry:
        return key
    return entry.get(lang) or entry.get("da") or key


def section(kind: str, key: str) -> str:
    return (labels().get(kind, {}).get(key) or {}).get("section", "")


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("/", " ").split())


def parse_correction(note: str) -> tuple[str | None, list[str]]:
    """Read a trainee's "what it should be" note as a code and tags, when it names them.

    "refleksion", "Åbent spørgsmål + udfordring", "open_question; challenge" all work;
    a note that names no code gives (None, []), and the note is kept as free text anyway.
    """
    words = _key(note)
    if not words:
        return None, []
    code, tags = None, []
    names = labels()
    best = 0
    for kind in ("codes", "tags"):
        for key, entry in names.get(kind, {}).items():
            for name in {key, entry.get("da", ""), entry.get("en", "")}:
                n = _key(name.split(":")[-1]) if name else ""
                if not n or not re.search(rf"(?<!\w){re.escape(n)}(?!\w)", words):
                    continue
                if kind == "codes" and key != "pause" and len(n) > best:
                    code, best = key, len(n)
                elif kind == "tags" and key not in tags:
                    tags.append(key)
    return code, tags
