#!/usr/bin/env python3
"""Regenerate docs/screenshots/practice.svg, the README's picture of the practice screen.

    .venv/bin/python docs/screenshots/practice.py

The scripted mentee (seed 0) in the built-in scenario first-meeting at 100x30:
a greeting, an open question and a reflection, typed into the app through
Pilot exactly as a trainee would, with no notification over the screen and the
cursor still, so the picture only changes when the screen does.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).with_name("practice.svg")
SIZE = (100, 30)
TURNS = [
    "Hej Rania, jeg hedder Lars.",
    "Hvordan har du haft det, siden du kom til Danmark?",
    "Så dine børn taler allerede bedre dansk end dig.",
]


async def main() -> None:
    from simulator.mentee.scripted import ScriptedMentee
    from simulator.scenario import builtin_scenario_dir, load_scenario
    from simulator.tui.app import make_app
    from simulator.tui.settings import UiSettings

    scenario = load_scenario(builtin_scenario_dir() / "first-meeting.yaml")
    app = make_app(scenario=scenario, store=None, backend_factory=lambda sc: ScriptedMentee(), seed=0,
                   settings=UiSettings(show_trust=True, type_out=False), cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for line in TURNS:
            await pilot.press(*line)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        for turn in app.screen.session.turns:
            print(f"{turn.primary:<16} {turn.mentor}\n{'':<16} -> {turn.mentee}")
        app.save_screenshot(OUT.name, str(OUT.parent))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
