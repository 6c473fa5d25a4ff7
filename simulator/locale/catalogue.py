"""The catalogue of every word a trainee or trainer reads, and the one `tr()`.

The words live in da.yaml and en.yaml beside this file, grouped (app, key,
practice, card, report, drill, plain, help, cli ...), so a trainer can tune
them without reading code. Each file is read once. A key's value is either a
text with {placeholders}, or `one:`/`other:` forms chosen by the `count` value.
Pure Python: no textual import, so the reports and the line CLI use it too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Formatter

import yaml

from simulator.locale.digits import plain_decimal, point_for

LANGS = ("da", "en")
DEFAULT = "da"
HERE = Path(__file__).resolve().parent
PLURAL_FORMS = frozenset({"one", "other"})
# The C parser reads both files in a few milliseconds (the pure-Python one takes ~0.1 s at every start).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _flatten(tree: dict, prefix: str = "") -> dict[str, str | dict]:
    """Grouped YAML to dotted keys ("key": {"help.long": …} → "key.help.long"); plural forms stay a dict."""
    out: dict[str, str | dict] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not set(value) <= PLURAL_FORMS:
            out.update(_flatten(value, key + "."))
        else:
            out[key] = value
    return out


@lru_cache(maxsize=None)
def entries(lang: str) -> dict[str, str | dict]:
    """All keys of one language's catalogue (read once per process)."""
    path = HERE / f"{lang}.yaml"
    with path.open(encoding="utf-8") as fh:
        return _flatten(yaml.load(fh, Loader=_LOADER) or {})


def lookup(key: str, lang: str):
    """The raw entry for `key` (text, plural forms or list), Danish if `lang` lacks it; None if unknown."""
    lang = lang if lang in LANGS else DEFAULT
    found = entries(lang).get(key)
    return found if found is not None else entries(DEFAULT).get(key)


@lru_cache(maxsize=4096)
def _bare_fields(text: str) -> frozenset[str]:
    """The placeholders without a format spec or conversion ("{v}", not "{timeout:g}" or "{id!r}")."""
    return frozenset(name for _, name, spec, conv in Formatter().parse(text) if name and not spec and not conv)


def _shown(name: str, value, text: str, lang: str):
    """A float in a bare placeholder is written the reader's way ("0,5" in Danish); a spec keeps its own."""
    if isinstance(value, float) and name in _bare_fields(text):
        return plain_decimal(value, 2, point_for(lang))
    return value


def tr(key: str, lang: str, **values) -> str:
    """The words for `key` in `lang` (Danish if the language or key is missing), {placeholders} filled.

    A key with `one`/`other` forms picks `one` when `count` is 1. An unknown key
    comes back as itself, so a missing word shows where it is missing.
    """
    if key in LANGS and lang not in LANGS:  # the old order tr(lang, key) would show the key to a trainee
        raise TypeError(f"tr({key!r}, {lang!r}): the key comes first, then the language")
    entry = lookup(key, lang)
    if entry is None:
        return key
    if isinstance(entry, dict):
        entry = entry["one"] if values.get("count") == 1 else entry["other"]
    if not values:
        return entry
    return entry.format(**{k: _shown(k, v, entry, lang) for k, v in values.items()})


@lru_cache(maxsize=None)
def group(prefix: str, lang: str) -> dict[str, str]:
    """The words under `prefix` (e.g. "report") as a dict, for a template's `w.title` (shared: do not change it)."""
    head = prefix + "."
    base = {k[len(head):]: v for k, v in entries(DEFAULT).items() if k.startswith(head)}
    if lang in LANGS and lang != DEFAULT:
        base.update({k[len(head):]: v for k, v in entries(lang).items() if k.startswith(head)})
    return base
