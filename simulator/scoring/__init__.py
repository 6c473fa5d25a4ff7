"""Session -> figures, principles with bands, overall score, drill targets."""

from simulator.scoring.scorecard import Scorecard, score_session

__all__ = ["Scorecard", "score_session"]
