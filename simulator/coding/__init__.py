"""The behaviour coder: mentor turn -> segments with CODEBOOK codes and tags.

Never imports the UI or any model library; the rules live in lexicons/*.yaml.
"""

from simulator.coding.choice import get_coder
from simulator.coding.coder import CodedTurn, Coder, Segment

__all__ = ["Coder", "CodedTurn", "Segment", "get_coder"]
