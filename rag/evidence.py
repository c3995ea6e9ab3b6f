"""What answering reads from the index, cached: articles' annotated sentences, corpus
statistics, and question vectors.

An `ArticleBundle` is one article version as the index stored it at build time: text,
outline, sentences with their stems, entities, kinds and vectors. Bundles are keyed by the
version's hash, so they never go stale; document frequencies belong to one index version
and are dropped when `sync()` sees the store's version move (a build in another process).
`support()` is the grounding guard's check for LLM-written sentences: a lexical/semantic
proxy (no NLI model exists offline), not entailment. Leaves out scoring candidates
(candidates.py, scorer.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.structure import Outline
from index.text import content_stems, sentence_spans

from .cache import LRU
from .types import Passage

SUPPORT_THRESHOLD = 0.6  # the guard's bar for LLM sentences: see eval/README.md (guard, not judge)


@dataclass(frozen=True)
class ArticleBundle:
    id: str
    sha: str
    title: str
    text: str
    outline: Outline
    sentences: tuple          # index.store.StoredSentence, in order
    vectors: np.ndarray       # (n sentences, dim), unit length

    @cached_property
    def stem_sets(self) -> list[frozenset]:
        return [frozenset(s.stems) for s in self.sentences]

    @cached_property
    def para_stems(self) -> dict[int, frozenset]:
        out: dict[int, set] = {}
        for s, st in zip(self.sentences, self.stem_sets):
            out.setdefault(s.para, set()).update(st)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def starts(self) -> np.ndarray:
        return np.array([s.start for s in self.sentences], dtype=np.int64)

    def within(self, start: int, end: int) -> range:
        """Indices of the sentences inside [start, end)."""
        lo = int(np.searchsorted(self.starts, start, side="left"))
        hi = lo
        while hi < len(self.sentences) and self.sentences[hi].end <= end:
            hi += 1
        return range(lo, hi)

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start:s.end]


class Evidence:
    def __init__(self, embedder, store=None, cache_size: int = 256):
        self.embedder, self.store = embedder, store
        self._bundles: LRU[ArticleBundle] = LRU(cache_size)
        self._df: LRU[int] = LRU(50_000)
        self._queries: LRU[np.ndarray] = LRU(1024)

    def sync(self) -> None:
        """Forget corpus statistics if the index changed since they were read."""
        if self.store is not None:
            self._df.sync(self.store.version())

    # ---- corpus statistics -------------------------------------------------
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

    # ---- articles ------------------------------------------------------------
    def bundle(self, article_id: str, sha: str) -> ArticleBundle | None:
        def load():
            text = self.store.article_text(article_id, sha)
            if text is None:
                return None
            sents = tuple(self.store.sentences(sha))
            dim = next((s.vector.shape[0] for s in sents if s.vector is not None), 1)
            vecs = np.stack([s.vector if s.vector is not None else np.zeros(dim, np.float32) for s in sents]) \
                if sents else np.zeros((0, dim), np.float32)
            title = next((a.title for a in self.store.current_articles() if a.sha == sha), article_id)
            return ArticleBundle(article_id, sha, title, text, self.store.outline(sha), sents, vecs)
        got = self._bundles.get(sha)
        if got is None:
            got = load()
            if got is not None:
                self._bundles.put(sha, got)
        return got

    # ---- questions -----------------------------------------------------------
    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a question; cached because retrieval and scoring both need it."""
        return self._queries.get_or_make(text, lambda: self.embedder.encode([text])[0])

    def forget_queries(self) -> None:
        """Drop cached question vectors (benchmarks time new questions this way)."""
        self._queries.sync(object())

    # ---- support (the guard's check for generated sentences) ----------------
    def support(self, sentence: str, passage: Passage | str) -> float:
        """How well a passage supports a sentence, in [0, 1]: verbatim 1.0; otherwise the max
        of the share of the sentence's content stems found in the passage, and an even blend
        of that share with the best cosine between the sentence and a passage sentence."""
        text = passage if isinstance(passage, str) else passage.text
        s = " ".join(sentence.split())
        if s and s in " ".join(text.split()):
            return 1.0
        want = set(content_stems(sentence))
        lex = len(want & set(content_stems(text))) / len(want) if want else 0.0
        vecs = self._passage_vectors(passage)
        if vecs is None or not len(vecs):
            return lex
        sem = float(np.max(vecs @ self.embedder.encode([sentence])[0]))
        return max(lex, 0.5 * lex + 0.5 * sem)

    def _passage_vectors(self, passage: Passage | str):
        if isinstance(passage, Passage) and passage.article_sha and self.store is not None:
            b = self.bundle(passage.source, passage.article_sha)
            if b is not None:
                idx = list(b.within(passage.start, passage.end))
                if idx and all(b.sentences[i].vector is not None for i in idx):
                    return b.vectors[idx]
        text = passage if isinstance(passage, str) else passage.text
        spans = sentence_spans(text)
        return self.embedder.encode([text[a:b] for a, b in spans]) if spans else None
