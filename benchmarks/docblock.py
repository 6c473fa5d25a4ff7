"""Put a generated table into a docs/*.md file between two marker comments.

Benchmark and fuzz scripts write their own figures into the docs, so the tables
there are always the output of a named command, never typed by hand.
"""

from __future__ import annotations

import statistics
from pathlib import Path


def median_table(runs: list[dict], rows) -> tuple[dict, list[str]]:
    """The medians of every measure over `runs`, and a Markdown table of them:
    `rows` is (label, show) pairs, `show` formatting one run's dict (or the medians')."""
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    lines = ["| measure | median of runs | runs |", "|---|---:|---|"]
    lines += [f"| {label} | {show(med)} | " + ", ".join(show(r) for r in runs) + " |" for label, show in rows]
    return med, lines


def publish(head: str, rows: list[str], doc: Path, begin: str, end: str, write: bool) -> None:
    """Print the measurement (a line saying how it was made, then the table) and, with
    `write`, put it into `doc` between the markers."""
    block = head + "\n\n" + "\n".join(rows)
    print(block)
    if write:
        replace_block(doc, begin, end, block)


def replace_block(doc: Path, begin: str, end: str, text: str) -> None:
    body = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = f"{begin}\n{text}\n{end}"
    if begin in body and end in body:
        body = body[: body.index(begin)] + block + body[body.index(end) + len(end):]
    else:
        body += ("\n" if body else "") + block + "\n"
    doc.write_text(body, encoding="utf-8")
