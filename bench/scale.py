"""Scale: synthetic corpora of ~1k, 10k and 100k chunks.

How they are made: chunk text is random words from the bundled articles' vocabulary, cut into
sentences (so BM25 sees a realistic vocabulary); vectors are random unit vectors (384-d),
because embedding 100k chunks here would take ~1.5 hours. Each size runs in its own process so
peak RSS is that size's. Measured: build time (SQLite + FTS5 + Chroma writes), store size on
disk, peak RSS, and dense / lexical / hybrid retrieval latency.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time

import numpy as np

from .common import REPO, dir_mb, p50, p95, rss_mb, synthetic_text, tempdir, vocabulary


class _QueryStub:
    """Stands in for the embedder at query time: a random unit vector per query."""
    name = "random"

    def __init__(self, rng):
        self.rng = rng

    def encode(self, texts, progress=False):
        v = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def one(n: int) -> dict:
    from index import Settings, Store
    from index.chunker import Chunk, chunk_id
    from index.loader import Article
    from rag.retrieve import hybrid_retriever

    rng = random.Random(n)
    nrng = np.random.default_rng(n)
    vocab = vocabulary()
    per_article = 50
    with tempdir() as d:
        s = Settings.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        store = Store(s, _QueryStub(nrng))
        t0 = time.perf_counter()
        for a in range(max(1, n // per_article)):
            paras = [synthetic_text(rng, vocab) for _ in range(min(per_article, n))]
            text = "\n\n".join(paras)
            aid = f"synthetic_{a:05d}.txt"
            art = Article(id=aid, path="", title=f"Synthetic {a}", text=text, sha=f"sha{a}", raw_sha=f"raw{a}")
            chunks, pos = [], 0
            for i, p in enumerate(paras):
                start = text.index(p, pos)
                pos = start + len(p)
                chunks.append(Chunk(chunk_id(aid, start, p), aid, i, start, pos, p, len(p) // 4))
            store.put_article(art, chunks)
            vecs = nrng.standard_normal((len(chunks), 384)).astype(np.float32)
            vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
            store.add_vectors([(art, c) for c in chunks], vecs)
            store.activate(art)
        build_s = time.perf_counter() - t0
        count = store.count()
        q = _QueryStub(nrng)
        dense, lex, hyb = [], [], []
        hybrid = hybrid_retriever(store, q, candidates=20, limit=5)
        for i in range(60):
            words = " ".join(rng.choice(vocab) for _ in range(6))
            t = time.perf_counter(); store.dense(q.encode([words])[0], 20); dense.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter(); store.lexical(words, 20); lex.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter(); hybrid.invoke(words); hyb.append((time.perf_counter() - t) * 1000)
        disk = dir_mb(s.data_dir)
    return {"chunks": count, "build_s": round(build_s, 1), "disk_mb": round(disk, 1), "rss_mb": round(rss_mb(), 0),
            "dense_p50": round(p50(dense[10:]), 1), "dense_p95": round(p95(dense[10:]), 1),
            "bm25_p50": round(p50(lex[10:]), 1), "bm25_p95": round(p95(lex[10:]), 1),
            "hybrid_p50": round(p50(hyb[10:]), 1), "hybrid_p95": round(p95(hyb[10:]), 1)}


def run(tiny: bool = False) -> dict:
    sizes = [200] if tiny else [1000, 10000, 100000]
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.scale", str(n)], cwd=REPO, capture_output=True,
                             text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    head = ("chunks", "build s", "disk MB", "peak RSS MB", "dense p50/p95 ms", "BM25 p50/p95 ms", "hybrid p50/p95 ms")
    rows = [(r["chunks"], r["build_s"], r["disk_mb"], r["rss_mb"], f"{r['dense_p50']} / {r['dense_p95']}",
             f"{r['bm25_p50']} / {r['bm25_p95']}", f"{r['hybrid_p50']} / {r['hybrid_p95']}") for r in results]
    return {"title": "Scale (synthetic text, random vectors)", "header": head, "table": rows, "figures": results}


if __name__ == "__main__":
    print(json.dumps(one(int(sys.argv[1]))))
