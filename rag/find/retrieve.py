"""Hybrid retrieval as LangChain pieces, for chains: `DenseRetriever` and `LexicalRetriever`
are ordinary `BaseRetriever`s, and `hybrid_retriever()` runs both in parallel and fuses them
with a small runnable (LangChain 1.x moved `EnsembleRetriever` to langchain-classic, which
only gets security fixes). They wrap hybrid.py's functions, which the answer path calls
directly (LangChain's import is ~0.45 s of a cold start), so a chain built from
`Pipeline.retriever()` gets the same passages as `Pipeline.retrieve()`. Leaves out the
ranking itself (hybrid.py) and re-ranking (rag.decide).
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnableParallel
from pydantic import ConfigDict

from ..types import Passage
from .hybrid import GUARANTEED, dense_hits, fuse, lexical_hits


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
        return _docs(self.store, dense_hits(self.store, self.embedder, query, self.k, self.articles), "dense")


class LexicalRetriever(BaseRetriever):
    """BM25 ranking from the store's in-memory index (Porter-stemmed words of index.text)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    store: Any
    k: int
    articles: tuple[str, ...] = ()   # a scope: only these articles' chunks

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return _docs(self.store, lexical_hits(self.store, query, self.k, self.articles), "bm25")


def rrf(results: dict[str, list[Document]], k: int, limit: int, guarantee: int = GUARANTEED) -> list[Document]:
    """hybrid.fuse over Documents: each chunk once, with every retriever's scores and ranks."""
    fused: dict[str, Document] = {}
    for docs in results.values():
        for d in docs:
            cid = d.metadata["chunk_id"]
            if cid in fused:
                fused[cid].metadata.update({x: v for x, v in d.metadata.items()
                                            if x in ("dense", "bm25", "dense_rank", "bm25_rank")})
            else:
                fused[cid] = Document(page_content=d.page_content, id=cid, metadata=dict(d.metadata))
    out = []
    for r, (cid, score) in enumerate(fuse([[d.metadata["chunk_id"] for d in docs] for docs in results.values()],
                                          k, limit, guarantee)):
        d = fused[cid]
        d.metadata.update(rrf=score, fused_rank=r)
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
