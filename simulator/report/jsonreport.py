"""The debrief as JSON: the same dict the Markdown and HTML reports lay out.

For tools (a course platform, a spreadsheet): stable keys, 1-based turn
numbers, raw figures beside the texts a trainee reads.
"""

from __future__ import annotations

import json


def render_json(debrief: dict) -> str:
    return json.dumps(debrief, ensure_ascii=False, indent=2) + "\n"
