"""Ingest: `index.build` throughput against bare `SentenceTransformer.encode` on the same
chunk texts in the same run, and a no-op rebuild as a share of the first build.

Both sides use one preloaded model, so model loading counts for neither; the corpus is the
bundled articles copied (and lightly varied) `copies` times (BENCH_INGEST_COPIES, default 10:
~490 chunks). A build also embeds every sentence (for the answer scorer and summaries), which
bare encoding of the chunks does not, so the ratio is below 1 by design.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

from .common import REPO, corpus_copies, tempdir, timed


def run(tiny: bool = False) -> dict:
    from index import Embedder, Settings, Store, build
    from index.build import embed_text

    copies = 1 if tiny else int(os.environ.get("BENCH_INGEST_COPIES", "10"))
    emb = Embedder()
    emb.encode(["warm up"])
    with tempdir() as d:
        corpus = corpus_copies(d / "articles", copies)
        s = Settings.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        report, t_first = timed(build, [corpus], settings=s, embedder=emb)
        store = Store(s, emb)
        texts = [embed_text(c.title, c.text) for c in store.chunks()]
        _, t_bare = timed(emb.model.encode, texts, batch_size=32, normalize_embeddings=True)
        _, t_noop = timed(build, [corpus], settings=s, embedder=emb)
        t0 = time.perf_counter()
        env = {"RAG_DATA_DIR": str(s.data_dir), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
        subprocess.run([sys.executable, "-m", "index", "build", "-q", str(corpus)], cwd=REPO, env=env,
                       check=True, capture_output=True)
        t_noop_cli = time.perf_counter() - t0
    n = report.chunks_embedded
    return {"title": "Ingest",
            "rows": [("articles", len(report.added)), ("chunks embedded", n),
                     ("first build (s)", round(t_first, 2)), ("build chunks/s", round(n / t_first, 1)),
                     ("bare encode chunks/s", round(len(texts) / t_bare, 1)),
                     ("ratio build/bare (target >= 0.9)", round((n / t_first) / (len(texts) / t_bare), 3)),
                     ("no-op rebuild in process (s)", round(t_noop, 3)),
                     ("no-op share of first build (target <= 5%)", f"{100 * t_noop / t_first:.1f}%"),
                     ("no-op rebuild as CLI, new process (s)", round(t_noop_cli, 2))],
            "figures": {"ratio": (n / t_first) / (len(texts) / t_bare), "noop_share": t_noop / t_first}}
