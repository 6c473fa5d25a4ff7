"""One locale catalogue: the words (da.yaml, en.yaml), `tr()`, and Danish/English numbers and dates."""

from simulator.locale.catalogue import LANGS, entries, group, tr

__all__ = ["LANGS", "entries", "group", "tr"]
