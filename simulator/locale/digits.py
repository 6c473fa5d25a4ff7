"""The decimal sign of each language and a number written with it; no words, so the catalogue can use it."""

from __future__ import annotations


def point_for(lang: str) -> str:
    """The decimal sign: a comma in Danish ("0,45"), a point in English."""
    return "," if lang == "da" else "."


def plain_decimal(value: float, digits: int, point: str = ".") -> str:
    """`value` with at most `digits` decimals, trailing zeros dropped, `point` as the decimal sign."""
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", point)
