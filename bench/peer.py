"""Peer: the plain LangChain tutorial pipeline on the same articles and machine, same run.

Tutorial pipeline: TextLoader-style raw files -> RecursiveCharacterTextSplitter(1000, 200) ->
`Chroma.from_documents` (same MiniLM embedder, so only the pipeline differs) ->
`similarity_search(k=4)`. Compared on retrieval latency and on how often the dev set's gold
quotes are in what it retrieves; the answer-quality side by side comes from
`eval.evaluate(compare=True)`, whose baseline is the same dense top-4 idea on our chunks.
"""
from __future__ import annotations

import json
import time

from .common import ARTICLES, REPO, p50, p95, tempdir


def run(tiny: bool = False) -> dict:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from eval import evaluate
    from index import Embedder, Settings as IS, build
    from rag import Pipeline, Settings

    items = [json.loads(l) for l in (REPO / "eval" / "data" / "dev.jsonl").read_text().splitlines()]
    items = items[:5] if tiny else items
    emb = Embedder()
    with tempdir() as d:
        docs = [Document(page_content=f.read_text(encoding="utf-8"), metadata={"source": f.name})
                for f in sorted(ARTICLES.iterdir())]
        splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        t = time.perf_counter()
        client = chromadb.PersistentClient(path=str(d / "peer"))
        vs = Chroma.from_documents(splits, emb, client=client, collection_name="peer")
        peer_build = time.perf_counter() - t

        s = IS.from_env(data_dir=d / "ours", progress=False, chroma_url=None)
        t = time.perf_counter()
        build([ARTICLES], settings=s, embedder=emb)
        our_build = time.perf_counter() - t
        pipe = Pipeline(Settings(index=s), embedder=emb, build_if_empty=False)
        n_ours = pipe.store.count()

        peer_lat, our_lat, peer_hit, our_hit, n_gold = [], [], 0, 0, 0
        for it in items:
            q = it["question"]
            vs.similarity_search(q, k=4)
            pipe.retrieve(q)  # warm both
            pipe.corpus.forget_queries()
            t = time.perf_counter(); got = vs.similarity_search(q, k=4); peer_lat.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter(); ours = pipe.retrieve(q, 4); our_lat.append((time.perf_counter() - t) * 1000)
            for g in it["gold"]:
                n_gold += 1
                peer_hit += any(g["quote"] in doc.page_content for doc in got)
                our_hit += any(g["quote"] in p.text for p in ours)
        report = evaluate(REPO / "eval" / "data" / "dev.jsonl", pipeline=pipe, settings=pipe.settings,
                          compare=not tiny)
    rows = [("index build, s (same embedder)", f"{our_build:.2f}", f"{peer_build:.2f}"),
            ("chunks", n_ours, len(splits)),
            ("retrieval p50 / p95 ms", f"{p50(our_lat):.1f} / {p95(our_lat):.1f}", f"{p50(peer_lat):.1f} / {p95(peer_lat):.1f}"),
            ("latency ratio ours / peer", f"{p50(our_lat) / p50(peer_lat):.2f}", "1.00"),
            ("gold quotes found verbatim in top-4", f"{our_hit}/{n_gold}", f"{peer_hit}/{n_gold}")]
    quality = []
    if report.baseline:
        for m in ("recall@5", "citation_precision", "key_fact_recall", "truthfulness", "abstention_recall",
                  "false_abstention", "latency_p50_ms"):
            quality.append((m, report.summary.get(m), report.baseline.summary.get(m)))
    return {"title": "Peer: LangChain tutorial pipeline", "header": ("", "this project", "tutorial pipeline"),
            "table": rows, "quality": quality,
            "figures": {"latency_ratio": p50(our_lat) / p50(peer_lat), "ours_hits": our_hit, "peer_hits": peer_hit}}
