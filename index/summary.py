"""Extractive summaries: each article's most central sentences, chosen at index time.

LexRank (Erkan and Radev, 2004) over the sentence vectors the build already computes:
sentences are nodes, cosine similarities the edge weights, and a sentence's centrality is
its stationary probability under a random walk with damping. Sentences are then taken in
order of centrality, skipping any too similar to one already taken (redundancy), until the
ranking holds MAX_SENTENCES; a summary is the first `size(n)` of them (fewer when asked for
shorter), in article order. Headings, list intros
and fragments never make a summary. Leaves out rewriting: an LLM backend may rephrase the
summary, under the same guard as any answer.
"""
from __future__ import annotations

import numpy as np

from .structure import ENDS_SENTENCE

DAMPING = 0.85          # LexRank's usual damping: the walk jumps anywhere with probability 0.15
REDUNDANT = 0.8         # cosine above which a second sentence repeats one already taken
MIN_WORDS = 8           # shorter sentences rarely state a point on their own
MIN_SENTENCES, MAX_SENTENCES = 3, 6


def size(n_sentences: int) -> int:
    """One summary sentence per ten of the article's, between three and six."""
    return max(MIN_SENTENCES, min(MAX_SENTENCES, round(n_sentences / 10)))


def centrality(vectors: np.ndarray, iterations: int = 100) -> np.ndarray:
    """LexRank scores of unit-length sentence vectors (continuous, weighted edges)."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0)
    sim = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(1, keepdims=True)
    trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    score = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - DAMPING) / n + DAMPING * trans.T @ score
        if np.abs(new - score).sum() < 1e-9:
            return new
        score = new
    return score


def ranked(texts: list[str], kinds: list[str], vectors: np.ndarray, k: int = MAX_SENTENCES) -> list[int]:
    """Up to k summary sentences, most central first; `pick()` makes a summary of any length from them."""
    eligible = [i for i, (t, kind) in enumerate(zip(texts, kinds))
                if kind in ("text", "item", "enum") and len(t.split()) >= MIN_WORDS and ENDS_SENTENCE.search(t)
                and not t[:1].islower()]
    if not eligible:
        return []
    scores = centrality(vectors[eligible])
    chosen: list[int] = []
    for j in np.argsort(-scores):
        i = eligible[int(j)]
        if all(float(vectors[i] @ vectors[c]) < REDUNDANT for c in chosen):
            chosen.append(i)
        if len(chosen) >= k:
            break
    return chosen


def pick(ranking: list[int], n_sentences: int, length: int | None = None) -> list[int]:
    """The summary: the first `length` (default `size(n_sentences)`) of a ranking, in article order."""
    return sorted(ranking[:length or size(n_sentences)])
