"""Find evidence: retrieve passages, and read their sentences as candidates with features.

    retrieve.py    dense + BM25 retrieval fused by reciprocal rank (LangChain runnables)
    bundles.py     articles as the index stored them (sentences, vectors, outline)
    corpus.py      collection statistics: document frequencies, IDF, question vectors
    candidates.py  candidate sentences and their features
    evidence.py    one question's evidence, in one value
"""
from .evidence import Evidence, find

__all__ = ["Evidence", "find"]
