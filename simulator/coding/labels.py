"""User-facing names of codes, tags, roles and steps (from labels.yaml)."""

from __future__ import annotations

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
