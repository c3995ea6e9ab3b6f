"""Hybrid retrieval: dense (chunk vectors) and lexical (in-memory BM25 over the local cache)
hits for a question, fused by reciprocal rank fusion into Passages.

Plain functions over the store, so the answer path needs no LangChain: importing
langchain_core costs ~0.45 s of a fresh process (langsmith's models), a quarter of issue
#24's cold-start budget. retrieve.py wraps these same functions as LangChain retrievers and
a runnable, and a test holds the two to the same passages. The sizes (candidates per
retriever, the RRF constant, how many passages) are `rag.Settings`' to give. Leaves out
re-ranking: sentence-level scoring happens in rag.decide.
"""
from __future__ import annotations

from typing import Sequence

from index import StoreError

from ..types import Passage

# Each retriever's top hits that always make the cut (see fuse()).
GUARANTEED = 2


def dense_hits(store, embedder, query: str, k: int, articles: Sequence[str] = ()) -> list[tuple[str, float]]:
    """(chunk id, cosine) of the k chunks nearest the query (within `articles`, if given)."""
    # `embedder` may be a Corpus (cached query vectors) or any embedder.
    embed = getattr(embedder, "query_vector", None)
    vec = embed(query) if embed else embedder.encode([query])[0]
    try:
        return store.dense(vec, k, tuple(articles) or None)
    except StoreError:
        # Chroma is unreachable: the lexical half still answers from the local cache, and
        # the store's `degraded` says why (the pipeline turns it into a notice).
        return []


def lexical_hits(store, query: str, k: int, articles: Sequence[str] = ()) -> list[tuple[str, float]]:
    """(chunk id, BM25 score) of the k best lexical matches (within `articles`, if given)."""
    return store.lexical(query, k, tuple(articles) or None)


def fuse(rankings: Sequence[Sequence[str]], k: int, limit: int, guarantee: int = GUARANTEED) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of chunk-id rankings (score = sum over lists of 1 / (k + rank)),
    keeping each list's top `guarantee`: (chunk id, score), best first, at most `limit`."""
    score: dict[str, float] = {}
    for ids in rankings:
        for rank, cid in enumerate(ids):
            score[cid] = score.get(cid, 0.0) + 1.0 / (k + rank + 1)
    ranked = sorted(score, key=lambda c: -score[c])
    # Each retriever's own top hits always make the cut: a passage only one retriever finds
    # (a rare exact term for BM25, a paraphrase for dense) otherwise loses to passages that
    # both rank middling.
    keep = list(dict.fromkeys(c for ids in rankings for c in ids[:guarantee]))
    order = keep[:limit] + [c for c in ranked if c not in keep][:max(0, limit - len(keep))]
    order.sort(key=lambda c: -score[c])
    return [(c, score[c]) for c in order]


def hybrid(store, embedder, query: str, candidates: int, rrf_k: int, limit: int,
           articles: Sequence[str] = ()) -> list[Passage]:
    """The fused passages for a question (within `articles`, if given)."""
    found: dict[str, dict] = {}
    rankings = []
    for kind, hits in (("dense", dense_hits(store, embedder, query, candidates, articles)),
                       ("bm25", lexical_hits(store, query, candidates, articles))):
        chunks = store.chunks([i for i, _ in hits])
        score = dict(hits)
        rankings.append([c.id for c in chunks])
        for r, c in enumerate(chunks):
            f = found.setdefault(c.id, {"chunk": c})
            f[kind], f[f"{kind}_rank"] = score[c.id], r
    out = []
    for r, (cid, s) in enumerate(fuse(rankings, rrf_k, limit)):
        f = found[cid]
        c = f["chunk"]
        cos = f.get("dense")
        out.append(Passage(chunk_id=c.id, source=c.article_id, title=c.title, text=c.text, start=c.start, end=c.end,
                           fusion=float(s), cosine=None if cos is None else float(cos), article_sha=c.article_sha,
                           bm25=f.get("bm25"), dense_rank=f.get("dense_rank"), bm25_rank=f.get("bm25_rank"),
                           fused_rank=r))
    return out
