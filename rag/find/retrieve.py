"""Hybrid retrieval as LangChain pieces: dense (Chroma) + lexical (in-memory BM25 over the
local cache), fused by reciprocal rank fusion.

`DenseRetriever` and `LexicalRetriever` are ordinary `BaseRetriever`s, so they compose
with any LangChain chain; `hybrid_retriever()` runs both in parallel and fuses them with
a small runnable (LangChain 1.x moved `EnsembleRetriever` to langchain-classic, which only
gets security fixes). The sizes (candidates per retriever, the RRF constant, how many
passages) are `rag.Settings`' to give; nothing here has a default of its own. Leaves out
re-ranking: sentence-level scoring happens in rag.decide.
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnableParallel
from pydantic import ConfigDict

from index import StoreError

from ..types import Passage


def _docs(store, hits: list[tuple[str, float]], kind: str) -> list[Document]:
    chunks = store.chunks([i for i, _ in hits])
    score = dict(hits)
    return [Document(page_content=c.text, id=c.id, metadata={
        "chunk_id": c.id, "source": c.article_id, "article_sha": c.article_sha, "title": c.title,
        "start": c.start, "end": c.end, "index": c.index, kind: score[c.id], f"{kind}_rank": r})
        for r, c in enumerate(chunks)]


class DenseRetriever(BaseRetriever):
    """Nearest chunks by cosine similarity of all-MiniLM-L6-v2 vectors."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: Any
    embedder: Any
    k: int
    articles: tuple[str, ...] = ()   # a scope: only these articles' chunks

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        # `embedder` may be a Corpus (cached query vectors) or any embedder.
        embed = getattr(self.embedder, "query_vector", None)
        vec = embed(query) if embed else self.embedder.encode([query])[0]
        try:
            hits = self.store.dense(vec, self.k, self.articles or None)
        except StoreError:
            # Chroma is unreachable: the lexical half still answers from the local cache, and
            # the store's `degraded` says why (the pipeline turns it into a notice).
            return []
        return _docs(self.store, hits, "dense")


class LexicalRetriever(BaseRetriever):
    """BM25 ranking from the store's in-memory index (Porter-stemmed words of index.text)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: Any
    k: int
    articles: tuple[str, ...] = ()   # a scope: only these articles' chunks

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return _docs(self.store, self.store.lexical(query, self.k, self.articles or None), "bm25")


# Each retriever's top hits that always make the cut (see rrf()).
GUARANTEED = 2


def rrf(results: dict[str, list[Document]], k: int, limit: int, guarantee: int = GUARANTEED) -> list[Document]:
    """Reciprocal rank fusion (score = sum over lists of 1 / (k + rank)), keeping each list's top `guarantee`."""
    fused: dict[str, Document] = {}
    score: dict[str, float] = {}
    for docs in results.values():
        for rank, d in enumerate(docs):
            cid = d.metadata["chunk_id"]
            score[cid] = score.get(cid, 0.0) + 1.0 / (k + rank + 1)
            if cid in fused:
                fused[cid].metadata.update({x: v for x, v in d.metadata.items()
                                            if x in ("dense", "bm25", "dense_rank", "bm25_rank")})
            else:
                fused[cid] = Document(page_content=d.page_content, id=cid, metadata=dict(d.metadata))
    ranked = sorted(fused, key=lambda c: -score[c])
    # Each retriever's own top hits always make the cut: a passage only one retriever finds
    # (a rare exact term for BM25, a paraphrase for dense) otherwise loses to passages that
    # both rank middling.
    keep = list(dict.fromkeys(d.metadata["chunk_id"] for docs in results.values() for d in docs[:guarantee]))
    order = keep[:limit] + [c for c in ranked if c not in keep][:max(0, limit - len(keep))]
    order.sort(key=lambda c: -score[c])
    out = []
    for r, cid in enumerate(order):
        d = fused[cid]
        d.metadata.update(rrf=score[cid], fused_rank=r)
        out.append(d)
    return out


def hybrid_retriever(store, embedder, candidates: int, rrf_k: int, limit: int,
                     articles: tuple[str, ...] = ()) -> Runnable:
    """question -> fused list[Document], dense and lexical run in parallel (within `articles`, if given)."""
    return RunnableParallel(dense=DenseRetriever(store=store, embedder=embedder, k=candidates, articles=articles),
                            lexical=LexicalRetriever(store=store, k=candidates, articles=articles)) | RunnableLambda(
        lambda r: rrf(r, k=rrf_k, limit=limit), name="reciprocal_rank_fusion")


def dense_only(store, embedder, k: int) -> Runnable:
    """The plain baseline: top-k dense chunks, nothing else."""
    return DenseRetriever(store=store, embedder=embedder, k=k)


def to_passages(docs: list[Document]) -> list[Passage]:
    out = []
    for d in docs:
        m = d.metadata
        cos = m.get("dense")
        out.append(Passage(chunk_id=m["chunk_id"], source=m["source"], title=m["title"], text=d.page_content,
                           start=m["start"], end=m["end"], fusion=float(m.get("rrf", 0.0)),
                           cosine=None if cos is None else float(cos), article_sha=m.get("article_sha", ""),
                           bm25=m.get("bm25"), dense_rank=m.get("dense_rank"), bm25_rank=m.get("bm25_rank"),
                           fused_rank=m.get("fused_rank", len(out))))
    return out
