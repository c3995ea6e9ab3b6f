"""Scale: synthetic corpora of ~1k, 10k and 100k chunks in Chroma, read through the local cache.

How they are made: chunk text is drawn from the bundled articles' words with their own
frequencies (a Zipf-like curve, so common words have long BM25 postings), cut into sentences;
vectors are random unit vectors (384-d), because embedding 100k chunks with MiniLM here would
take ~45 minutes (the ingest suite measures real embedding). Articles of 50 chunks are written
through `Store.write_version` and made current 20 at a time, as a build does. Each size runs in
its own process so peak RSS is that size's.

Measured: write time (Chroma records with text + vectors, then the cache sync), store size on
disk (Chroma + cache), peak RSS, warm dense / BM25 / hybrid retrieval latency (hybrid = both in
parallel + fusion + chunk lookup, the retriever answers use), the per-question version check,
and the two start-up paths: a restart on a filled cache (BM25 rebuilt from it) and a new replica
on an empty cache (filled from Chroma). Queries are 6 content words drawn from the same
frequencies, so their postings are long — a hard case for BM25.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time

import numpy as np

from .common import REPO, dir_mb, p50, p95, rss_mb, synthetic_text, tempdir, vocabulary

PER_ARTICLE = 50
ACTIVATE_EVERY = 20


class _QueryStub:
    """Stands in for the embedder at query time: a random unit vector per query."""
    name = "random"

    def __init__(self, rng):
        self.rng = rng

    def encode(self, texts, progress=False):
        v = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _write(store, n: int, rng: random.Random, nrng, vocab) -> None:
    from index.chunker import Chunk, chunk_id
    from index.loader import Article
    from index.structure import Outline

    batch = []
    for a in range(max(1, n // PER_ARTICLE)):
        paras = [synthetic_text(rng, vocab) for _ in range(min(PER_ARTICLE, n))]
        text = "\n\n".join(paras)
        aid, sha = f"synthetic_{a:05d}.txt", f"sha{a:05d}"
        art = Article(id=aid, path="", title=f"Synthetic {a}", text=text, sha=sha, raw_sha=f"raw{a}")
        chunks, pos = [], 0
        for i, p in enumerate(paras):
            start = text.index(p, pos)
            pos = start + len(p)
            chunks.append(Chunk(chunk_id(aid, start, p, sha), aid, i, start, pos, p, len(p) // 4))
        vecs = nrng.standard_normal((len(chunks), 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        store.write_version(art, chunks, {c.id: v for c, v in zip(chunks, vecs)}, Outline(()), [],
                            np.zeros((0, 384), np.float32), [])
        batch.append(art)
        if len(batch) == ACTIVATE_EVERY:
            store.activate(batch)
            batch = []
    store.activate(batch)


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def one(n: int) -> dict:
    from index import Settings, Store
    from rag.retrieve import hybrid_retriever

    rng, nrng = random.Random(n), np.random.default_rng(n)
    vocab = vocabulary()
    from index.text import STOP
    content = [(w, c) for w, c in zip(*vocab) if w not in STOP]
    qwords = ([w for w, _ in content], [c for _, c in content])
    with tempdir() as d:
        s = Settings.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        q = _QueryStub(nrng)
        store = Store(s, q)
        t0 = time.perf_counter()
        _write(store, n, rng, nrng, vocab)
        write_s = time.perf_counter() - t0
        count = store.count()
        queries = [" ".join(rng.choices(qwords[0], weights=qwords[1], k=6)) for _ in range(80)]
        vectors = q.encode(queries)
        hybrid = hybrid_retriever(store, q, candidates=20, limit=5)
        it = iter(range(10 ** 9))
        dense = _timed(lambda: store.dense(vectors[next(it) % 80], 20), 80)
        it = iter(range(10 ** 9))
        lex = _timed(lambda: store.lexical(queries[next(it) % 80], 20), 80)
        it = iter(range(10 ** 9))
        hyb = _timed(lambda: hybrid.invoke(queries[next(it) % 80]), 80)
        check = _timed(store.version, 50)
        rss = rss_mb()
        disk = dir_mb(s.data_dir)
        store.close()

        t = time.perf_counter()
        Store(s, q).close()                      # restart: cache on disk, BM25 rebuilt from it
        restart_s = time.perf_counter() - t
        s.cache_path.unlink()
        t = time.perf_counter()
        fresh = Store(s, q)                      # a new replica: empty cache, filled from Chroma
        fill_s = time.perf_counter() - t
        assert fresh.count() == count
        fresh.close()
    return {"chunks": count, "write_s": round(write_s, 1), "disk_mb": round(disk, 1), "rss_mb": round(rss, 0),
            "dense_p50": round(p50(dense[10:]), 1), "dense_p95": round(p95(dense[10:]), 1),
            "bm25_p50": round(p50(lex[10:]), 1), "bm25_p95": round(p95(lex[10:]), 1),
            "hybrid_p50": round(p50(hyb[10:]), 1), "hybrid_p95": round(p95(hyb[10:]), 1),
            "check_ms": round(p50(check), 2), "restart_s": round(restart_s, 1), "fill_s": round(fill_s, 1)}


def run(tiny: bool = False) -> dict:
    sizes = [200] if tiny else [1000, 10000, 100000]
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.scale", str(n)], cwd=REPO, capture_output=True,
                             text=True)
        if out.returncode:
            raise RuntimeError(f"bench.scale {n} failed:\n{out.stderr[-3000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    head = ("chunks", "write s", "disk MB", "peak RSS MB", "dense p50/p95 ms", "BM25 p50/p95 ms",
            "hybrid p50/p95 ms", "version check ms", "restart s", "new replica fill s")
    rows = [(r["chunks"], r["write_s"], r["disk_mb"], r["rss_mb"], f"{r['dense_p50']} / {r['dense_p95']}",
             f"{r['bm25_p50']} / {r['bm25_p95']}", f"{r['hybrid_p50']} / {r['hybrid_p95']}", r["check_ms"],
             r["restart_s"], r["fill_s"]) for r in results]
    return {"title": "Scale (synthetic text, random vectors)", "header": head, "table": rows, "figures": results}


if __name__ == "__main__":
    print(json.dumps(one(int(sys.argv[1]))))
