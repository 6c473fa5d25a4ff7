"""Drills: several scenarios played in a row, with targets judged from the saved turns.

The drill file's model and loader live in `simulator.scenario.drills`; this
package plays a drill (`runner`), judges its targets (`targets`) and writes the
result as text (`text`). No terminal code.
"""

from simulator.drills.runner import DrillResult, DrillRun, ScenarioResult, load_drill_scenarios, play_scripts
from simulator.drills.targets import TargetResult, evaluate, evaluate_overall

__all__ = ["DrillResult", "DrillRun", "ScenarioResult", "TargetResult", "evaluate", "evaluate_overall",
           "load_drill_scenarios", "play_scripts"]
