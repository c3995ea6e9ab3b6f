"""Write: the reply's words, from the decision and the chosen sentences.

    draft.py       a draft reply: blocks of quoted parts and our own words
    compose.py     extractive answers, missing-detail and conflict replies
    lists.py       the list a question asks for
    summaries.py   summaries and per-article views
    collection.py  small talk and questions about the collection
    llm.py         an LLM writing from the chosen sentences (OpenAI-compatible or llama.cpp)
"""
from .compose import compose
from .draft import Draft

__all__ = ["compose", "Draft"]
