"""Samtaletræner: a rehearsal simulator for volunteer integration mentors."""

__version__ = "0.1.0"
