"""Exact nearest-neighbour search over the chunk vectors held in memory, for a local index.

The local cache keeps every chunk's vector (float32, as Chroma holds it), so a process on a
local data directory can answer dense queries without importing chromadb (~0.5-0.9 s of a
cold start) or waiting on its HNSW index. An exact scan is one matrix-vector product: below
`EXACT_MAX` chunks it takes a few milliseconds and returns what HNSW approximates; above it
Store asks Chroma. Leaves out fusion with BM25 (rag.find.retrieve) and the cache (cache.py).
"""
from __future__ import annotations

import threading
from typing import Sequence

import numpy as np

# Chunks up to which the exact scan is used (20k x 384 float32 = 30 MB, ~3 ms a query here).
EXACT_MAX = 20_000


class DenseIndex:
    """Unit chunk vectors by article; the stacked matrix is rebuilt after a change, on the next query.
    Safe to share between threads (answers search while a sync changes it)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_article: dict[str, tuple[list[str], np.ndarray]] = {}
        self._stacked: tuple[list[str], np.ndarray, np.ndarray, list[str]] | None = None
        self._incomplete: set[str] = set()  # articles with a chunk that came without its vector

    @property
    def complete(self) -> bool:
        return not self._incomplete

    def __len__(self) -> int:
        with self._lock:
            return sum(len(ids) for ids, _ in self._by_article.values())

    def articles(self) -> list[str]:
        with self._lock:
            return list(self._by_article) + [a for a in self._incomplete if a not in self._by_article]

    def put(self, article_id: str, rows: Sequence[tuple[str, bytes | None]]) -> None:
        """The article's chunks as (chunk id, float32 vector bytes), replacing what it had."""
        kept = [(i, v) for i, v in rows if v is not None]
        m = None
        if kept:
            m = np.stack([np.frombuffer(v, dtype=np.float32) for _, v in kept])
            m = (m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        with self._lock:
            self._stacked = None
            self._incomplete.discard(article_id)
            if len(kept) < len(rows):
                self._incomplete.add(article_id)
            if m is None:
                self._by_article.pop(article_id, None)
            else:
                self._by_article[article_id] = ([i for i, _ in kept], m)

    def remove(self, article_id: str) -> None:
        with self._lock:
            self._stacked = None
            self._incomplete.discard(article_id)
            self._by_article.pop(article_id, None)

    def _stack(self):
        with self._lock:
            if self._stacked is None:
                aids = sorted(self._by_article)
                parts = [self._by_article[a] for a in aids]
                ids = [i for chunk_ids, _ in parts for i in chunk_ids]
                owner = np.concatenate([np.full(len(c), n) for n, (c, _) in enumerate(parts)]) if parts \
                    else np.zeros(0, int)
                m = np.concatenate([v for _, v in parts]) if parts else np.zeros((0, 1), np.float32)
                self._stacked = (ids, m, owner, aids)
            return self._stacked

    def search(self, vector, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine) of the k nearest chunks (of `articles`, if given), best first."""
        ids, m, owner, aids = self._stack()
        if not ids or k <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32)
        scores = m @ (q / max(float(np.linalg.norm(q)), 1e-12))
        if articles is not None:
            keep = np.isin(owner, [n for n, a in enumerate(aids) if a in set(articles)])
            scores = np.where(keep, scores, -np.inf)
            k = min(k, int(keep.sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(ids[i], float(scores[i])) for i in top]
