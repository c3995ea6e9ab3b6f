"""Decide: score the candidate sentences and choose the kind of reply.

    scorer.py + scorer.json   the fitted logistic models (python -m eval fit)
    decision.py               answer / conflict / missing / abstain, and why
"""
from .decision import Decision, decide

__all__ = ["Decision", "decide"]
