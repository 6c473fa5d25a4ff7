"""Mentee backends: who voices the engine's decision (scripted, or a model)."""
