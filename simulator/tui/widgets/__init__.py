"""Widgets of the terminal app: the transcript and the live coding panel."""
