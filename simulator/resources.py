"""Where the project's shipped folders (scenarios/, prompts/) are found.

They live at the top of the checkout, beside the package (the design card's
layout), and the package is installed editable (`pip install -e .`).
"""

from __future__ import annotations

from pathlib import Path


def project_dir(name: str) -> Path:
    here = Path(__file__).resolve()
    for cand in (here.parents[1] / name, here.parent / "data" / name):
        if cand.is_dir():
            return cand
    return here.parents[1] / name
