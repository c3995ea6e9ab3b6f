"""Decide: score the candidate sentences and choose the kind of reply.

    binding.py + agents.py    does a sentence hold the asked thing about the asked focus, for the
                              question's own anchors (and its named subject's own deeds)?
    amounts.py, people.py     is a sum of money the price asked; is a name the role asked
    scorer.py + scorer.json   the fitted logistic models (python -m eval fit)
    reranker.py (+ weights)   a cross-encoder reorders the few sentences close enough to lead
                              (python -m eval rerank)
    gate.py + withheld.py     do the best sentences hold what is asked, for its names (or say it
                              is not known)?
    decision.py               answer / conflict / missing / abstain, and why
"""
from .decision import Decision, decide

__all__ = ["Decision", "decide"]
