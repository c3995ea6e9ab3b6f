"""Query: warm retrieval and full extractive answers on the bundled corpus (p50/p95), and
cold start from a new process to the first answer (median of five, with its peak memory).

Warm means the model is loaded and the passages' sentence vectors are cached; each question's
own embedding is recomputed every time (the query cache is cleared), as for a new question.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from .common import ARTICLES, REPO, p50, p95, tempdir


def run(tiny: bool = False) -> dict:
    from index import Embedder, Settings as IS, build
    from rag import Pipeline, Settings

    rows = [json.loads(l) for l in (REPO / "eval" / "data" / "dev.jsonl").read_text().splitlines()]
    rows = rows[:5] if tiny else rows
    emb = Embedder()
    with tempdir() as d:
        s = IS.from_env(data_dir=d / "data", progress=False, chroma_url=None)
        build([ARTICLES], settings=s, embedder=emb)
        pipe = Pipeline(Settings(index=s), embedder=emb, build_if_empty=False)
        for r in rows:
            pipe.answer(r["question"], r.get("history"))
        ret, ans = [], []
        for _ in range(1 if tiny else 3):
            for r in rows:
                pipe.corpus.forget_queries()
                t = time.perf_counter()
                pipe.retrieve(r["question"])
                ret.append((time.perf_counter() - t) * 1000)
                pipe.corpus.forget_queries()
                t = time.perf_counter()
                pipe.answer(r["question"], r.get("history"))
                ans.append((time.perf_counter() - t) * 1000)
        # #22 asks for the answer time with and without the reranker (RAG_RERANK=0): one more pass
        plain = Pipeline(Settings(index=s, rerank=False), embedder=emb, build_if_empty=False)
        bare = []
        for r in rows:
            plain.corpus.forget_queries()
            t = time.perf_counter()
            plain.answer(r["question"], r.get("history"))
            bare.append((time.perf_counter() - t) * 1000)
        # The child prints when it has answered, then its peak memory. The parent times the spawn
        # to that line (teardown after the answer is reported apart), and the peak is VmHWM:
        # ru_maxrss would carry over the spawning process's own peak through exec on Linux.
        code = ("import time; t=time.perf_counter(); import rag; "
                "a=rag.answer('When did Azerbaijan join the Non-Aligned Movement?'); "
                "print(round(time.perf_counter()-t, 3), flush=True); "
                "import re; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
        env = {"RAG_DATA_DIR": str(s.data_dir), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
        walls, inside, peaks, exits = [], [], [], []
        for _ in range(1 if tiny else 5):
            t = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-c", code], cwd=d, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
            secs = child.stdout.readline()
            answered = time.perf_counter()
            kib = child.stdout.read().split()[-1]
            if child.wait() != 0:
                raise RuntimeError("the cold-start process failed")
            walls.append(answered - t)
            exits.append(time.perf_counter() - answered)
            inside.append(float(secs))
            peaks.append(int(kib) / 1024)
        cold_wall = statistics.median(walls)
    return {"title": "Query (bundled corpus, warm unless noted)",
            "rows": [("questions", len(ans)),
                     ("retrieval p50 / p95 ms (target p50 <= 50)", f"{p50(ret):.1f} / {p95(ret):.1f}"),
                     ("extractive answer p50 / p95 ms (target p50 <= 60)", f"{p50(ans):.1f} / {p95(ans):.1f}"),
                     ("  the same without the reranker (RAG_RERANK=0), one pass", f"{p50(bare):.1f} / {p95(bare):.1f}"),
                     ("cold start: new process to first answer, median of runs, s (target <= 2.0)", f"{cold_wall:.2f}"),
                     ("  of which import + load + answer inside Python, s", f"{statistics.median(inside):.2f}"),
                     ("  then the process's exit (module teardown), s", f"{statistics.median(exits):.2f}"),
                     ("  peak memory of that process, MiB (target <= 450)", f"{statistics.median(peaks):.0f}")],
            "figures": {"retrieval_p50": p50(ret), "answer_p50": p50(ans), "answer_p50_no_rerank": p50(bare), "cold_s": cold_wall,
                        "cold_peak_mib": statistics.median(peaks)}}
