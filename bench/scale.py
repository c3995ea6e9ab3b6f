"""Scale: synthetic corpora of ~1k, 10k and 100k chunks in Chroma, read through the local cache.

How they are made: chunk text is drawn from the bundled articles' words with their own
frequencies (a Zipf-like curve, so common words have long BM25 postings), cut into sentences;
vectors are random unit vectors (384-d), because embedding 100k chunks with MiniLM here would
take ~51 minutes (the real-vector suite measures it). Articles of 50 chunks are written
through `Store.write_version` and made current 20 at a time, as a build does. Each size runs in
its own process so peak RSS is that size's.

Measured: write time (Chroma records with text + vectors, then the cache sync), store size on
disk (Chroma + cache), peak RSS, warm dense / BM25 / hybrid retrieval latency (hybrid = both +
fusion + chunk lookup, as the answer path runs it: rag.find.hybrid), the per-question version
check, and the two start-up paths: a restart on a filled cache (BM25 and the chunk vectors
rebuilt from it) and a new replica on an empty cache (filled from Chroma). The store is local:
dense search is the exact NumPy scan up to index.dense.EXACT_MAX chunks, Chroma's HNSW above. Queries are 6 content words drawn from the same
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


def write(store, articles) -> None:
    """Write `articles` ([(paragraphs, vectors)], one chunk per paragraph) through
    `Store.write_version`, made current ACTIVATE_EVERY at a time as a build does."""
    from index.chunker import Chunk, chunk_id
    from index.loader import Article
    from index.structure import Outline

    batch = []
    for a, (paras, vecs) in enumerate(articles):
        text = "\n\n".join(paras)
        aid, sha = f"synthetic_{a:05d}.txt", f"sha{a:05d}"
        art = Article(id=aid, path="", title=f"Synthetic {a}", text=text, sha=sha, raw_sha=f"raw{a}")
        chunks, pos = [], 0
        for i, p in enumerate(paras):
            start = text.index(p, pos)
            pos = start + len(p)
            chunks.append(Chunk(chunk_id(aid, start, p, sha), aid, i, start, pos, p, len(p) // 4))
        store.write_version(art, chunks, {c.id: v for c, v in zip(chunks, vecs)}, Outline(()), [],
                            np.zeros((0, 384), np.float32), [])
        batch.append(art)
        if len(batch) == ACTIVATE_EVERY:
            store.activate(batch)
            batch = []
    store.activate(batch)


def _synthetic(n: int, rng: random.Random, nrng, vocab):
    for _ in range(max(1, n // PER_ARTICLE)):
        paras = [synthetic_text(rng, vocab) for _ in range(min(PER_ARTICLE, n))]
        vecs = nrng.standard_normal((len(paras), 384)).astype(np.float32)
        yield paras, vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def measure(s, q, articles, queries: list[str]) -> dict:
    """Write `articles` into a fresh store under settings `s`, then time retrieval with
    `queries` (embedded by `q`), the version check, a restart and a new replica's fill."""
    from index import Store
    from rag.find.hybrid import hybrid as hybrid_passages
    from rag.settings import Settings as RagSettings

    store = Store(s, q)
    t0 = time.perf_counter()
    write(store, articles)
    write_s = time.perf_counter() - t0
    count = store.count()
    vectors = q.encode(queries)
    hybrid = lambda query: hybrid_passages(store, q, query, RagSettings.candidates, RagSettings.rrf_k, 5)  # noqa: E731
    nq = len(queries)
    it = iter(range(10 ** 9))
    dense = _timed(lambda: store.dense(vectors[next(it) % nq], 20), 80)
    it = iter(range(10 ** 9))
    lex = _timed(lambda: store.lexical(queries[next(it) % nq], 20), 80)
    it = iter(range(10 ** 9))
    hyb = _timed(lambda: hybrid(queries[next(it) % nq]), 80)
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


def one(n: int) -> dict:
    from index import Settings
    from index.text import STOP

    rng, nrng = random.Random(n), np.random.default_rng(n)
    vocab = vocabulary()
    content = [(w, c) for w, c in zip(*vocab) if w not in STOP]
    queries = [" ".join(rng.choices([w for w, _ in content], weights=[c for _, c in content], k=6))
               for _ in range(80)]
    with tempdir() as d:
        s = Settings.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        return measure(s, _QueryStub(nrng), _synthetic(n, rng, nrng, vocab), queries)


HEADER = ("chunks", "write s", "disk MB", "peak RSS MB", "dense p50/p95 ms", "BM25 p50/p95 ms",
          "hybrid p50/p95 ms", "version check ms", "restart s", "new replica fill s")


def row(r: dict) -> tuple:
    return (r["chunks"], r["write_s"], r["disk_mb"], r["rss_mb"], f"{r['dense_p50']} / {r['dense_p95']}",
            f"{r['bm25_p50']} / {r['bm25_p95']}", f"{r['hybrid_p50']} / {r['hybrid_p95']}", r["check_ms"],
            r["restart_s"], r["fill_s"])


def run(tiny: bool = False) -> dict:
    sizes = [200] if tiny else [1000, 10000, 100000]
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, "-m", "bench.scale", str(n)], cwd=REPO, capture_output=True,
                             text=True)
        if out.returncode:
            raise RuntimeError(f"bench.scale {n} failed:\n{out.stderr[-3000:]}")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"title": "Scale (synthetic text, random vectors)", "header": HEADER, "table": [row(r) for r in results],
            "figures": results}


if __name__ == "__main__":
    print(json.dumps(one(int(sys.argv[1]))))
