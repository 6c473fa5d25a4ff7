"""The scenario engine: turns a coded mentor turn into the mentee's reaction.

It owns the hidden state (trust, revealed facts, used lines, randomness) and
decides what the mentee may say; a mentee backend only voices that decision.
"""
