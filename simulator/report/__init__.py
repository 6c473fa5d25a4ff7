"""Readable output of sessions and scorecards (plain text now; md/html later)."""
