"""Scale with real vectors: ~100k chunks of real-looking text embedded by the bundled MiniLM.

How they are made: the sentences of the SQuAD 2.0 articles (eval/data/squad2, 11 Wikipedia
articles) and of the bundled articles are pooled per document; each chunk is 4–6 sentences of
one document, in document order (not always adjacent), so chunks are on-topic, read like prose and cluster in vector
space the way a real collection's do (random vectors do not cluster, which flatters nothing in
HNSW but may hide its worst case). Repeats across chunks are expected: 16 documents cannot give
100k distinct passages, so BM25 sees real vocabulary with realistic, long postings. Queries are
the SQuAD and dev-set questions, embedded by the same model. Articles of 50 chunks are written
and made current as the synthetic suite does; the run takes ~63 minutes on 2 cores: ~51 of them
embedding (reported on its own, not part of the write time), ~10 writing.

Size: BENCH_REAL_CHUNKS (default 100000; --tiny 300). Measured as in the synthetic suite, except
that hybrid here includes embedding the question with MiniLM (~15 ms of it; dense is timed on
precomputed question vectors), and peak RSS includes the model and this script's own copy of
all texts and vectors, held before writing.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time

import numpy as np

from .common import ARTICLES, REPO, tempdir
from .scale import HEADER, PER_ARTICLE, measure, row

SQUAD = REPO / "eval" / "data" / "squad2" / "dev-subset.json"
DEV = REPO / "eval" / "data" / "dev.jsonl"
_SENT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(]?[A-Z0-9])")


def documents() -> list[list[str]]:
    """Each document as its list of sentences (a plain splitter: speed matters here, not spaCy)."""
    squad_docs = [" ".join(p["context"] for p in a["paragraphs"])
                  for a in json.loads(SQUAD.read_text(encoding="utf-8"))["data"]]
    docs = squad_docs + [f.read_text(encoding="utf-8") for f in sorted(ARTICLES.iterdir())]
    out = []
    for d in docs:
        sents = [s.strip() for s in _SENT.split(" ".join(d.split())) if len(s.split()) >= 4]
        out.append(sents)
    return out


def questions() -> list[str]:
    qs = [q["question"] for a in json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
          for p in a["paragraphs"] for q in p["qas"]]
    qs += [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return qs


def chunks(n: int, rng: random.Random) -> list[str]:
    docs = documents()
    out = []
    for _ in range(n):
        d = rng.choice(docs)
        k = min(rng.randint(4, 6), len(d))
        picked = sorted(rng.sample(range(len(d)), k))
        out.append(" ".join(d[i] for i in picked))
    return out


def one(n: int) -> dict:
    from index import Embedder, Settings

    rng = random.Random(n)
    texts = chunks(n, rng)
    emb = Embedder(batch_size=64)
    t = time.perf_counter()
    vecs = []
    step = 2048
    for i in range(0, len(texts), step):
        vecs.append(emb.encode(texts[i:i + step]))
        done = min(i + step, len(texts))
        rate = done / (time.perf_counter() - t)
        print(f"embedded {done}/{len(texts)} ({rate:.1f}/s, ~{(len(texts) - done) / rate / 60:.0f} min left)",
              file=sys.stderr, flush=True)
    embed_s = time.perf_counter() - t
    vecs = np.concatenate(vecs)
    articles = [(texts[i:i + PER_ARTICLE], vecs[i:i + PER_ARTICLE]) for i in range(0, n, PER_ARTICLE)]
    qs = rng.sample(questions(), 80)
    with tempdir() as d:
        s = Settings.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        out = measure(s, emb, articles, qs)
    out["embed_s"] = round(embed_s, 0)
    out["embed_rate"] = round(n / embed_s, 1)
    return out


def run(tiny: bool = False) -> dict:
    n = 300 if tiny else int(os.environ.get("BENCH_REAL_CHUNKS", "100000"))
    # Its own process, so peak RSS is this size's (and not the model's load in the parent).
    proc = subprocess.run([sys.executable, "-m", "bench.scale_real", str(n)], cwd=REPO, stdout=subprocess.PIPE,
                          text=True)
    if proc.returncode:
        raise RuntimeError(f"bench.scale_real {n} failed (its stderr is above)")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"title": "Scale (real-looking text, real MiniLM vectors)",
            "header": HEADER + ("embedding s", "embedded chunks/s"),
            "table": [row(r) + (r["embed_s"], r["embed_rate"])], "figures": [r]}


if __name__ == "__main__":
    print(json.dumps(one(int(sys.argv[1]))))
