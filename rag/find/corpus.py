"""Statistics of the indexed collection that scoring reads: document frequencies and IDF
of words and phrases, and question vectors.

Document frequencies belong to one index version and are dropped when `sync()` sees the
store's version move (a build in another process); question vectors are cached because
retrieval and scoring both need them. Leaves out articles' sentences (bundles.py) and the
guard's support check (rag.check.support).
"""
from __future__ import annotations

import math

import numpy as np

from ..cache import LRU
from ..protocols import Embedder, Store

# Entries kept: a word's frequency is one int, so the whole vocabulary of a large
# collection fits; text vectors (questions, article titles and names: rag.find.catalog,
# rag.decide.mentions) are 384 floats each, 6 MB for four thousand.
TERMS_KEPT = 50_000
QUESTIONS_KEPT = 4096


class Corpus:
    def __init__(self, embedder: Embedder, store: Store | None = None):
        self.embedder, self.store = embedder, store
        self._df: LRU[int] = LRU(TERMS_KEPT)
        self._queries: LRU[np.ndarray] = LRU(QUESTIONS_KEPT)

    def sync(self) -> None:
        """Forget corpus statistics if the index changed since they were read."""
        if self.store is not None:
            self._df.sync(self.store.version())

    def n_chunks(self) -> int:
        if self.store is None:
            return 0
        return self._df.get_or_make(("", "n_chunks"), self.store.count)

    def df(self, term: str) -> int:
        """Chunks holding a word or stem (the store stems it the same way)."""
        if self.store is None:
            return 1
        return self._df.get_or_make(term, lambda: self.store.document_frequency(term))

    def phrase_df(self, text: str) -> int:
        """Chunks holding the words of `text` in a row (a name like "Caspian Green Energy Corridor")."""
        if self.store is None:
            return 1
        return self._df.get_or_make(("phrase", text.lower()), lambda: self.store.document_frequency(text, phrase=True))

    def idf(self, term: str) -> float:
        n = self.n_chunks()
        return math.log((n + 1) / (self.df(term) + 0.5)) if n else 1.0

    def weights(self, stems) -> dict[str, float]:
        """IDF weight of each stem: how much a question's word says about what it asks."""
        return {s: self.idf(s) for s in stems}

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a question, cached."""
        return self._queries.get_or_make(text, lambda: self.embedder.encode([text])[0])

    def forget_queries(self) -> None:
        """Drop cached question vectors (benchmarks time new questions this way)."""
        self._queries.sync(object())
