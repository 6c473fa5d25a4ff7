"""Scenario files: typed models, loading and validation messages."""

from simulator.scenario.loader import ScenarioError, load_scenario, find_scenarios, builtin_scenario_dir
from simulator.scenario.models import Scenario

__all__ = ["Scenario", "ScenarioError", "load_scenario", "find_scenarios", "builtin_scenario_dir"]
