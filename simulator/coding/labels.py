"""User-facing names of codes, tags, roles and steps (from labels.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=1)
def labels() -> dict:
    return yaml.safe_load((Path(__file__).parent / "labels.yaml").read_text(encoding="utf-8"))


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
