"""Check: every sentence of a reply is supported by what it cites.

    guard.py     quotes checked verbatim; LLM sentences keep only citations that support them
    support.py   the support score behind that check
"""
from .guard import Checked, guard, render

__all__ = ["Checked", "guard", "render"]
