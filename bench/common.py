"""Shared helpers for the benchmarks: timing, percentiles, a synthetic corpus, the machine."""
from __future__ import annotations

import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "data" / "articles"


def pct(values, q: float) -> float:
    v = sorted(values)
    if not v:
        return float("nan")
    i = (len(v) - 1) * q
    lo, hi = int(i), min(int(i) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (i - lo)


def p50(v):
    return pct(v, 0.5)


def p95(v):
    return pct(v, 0.95)


@contextmanager
def tempdir(prefix="bench-"):
    d = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


def timed(fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t


def rss_mb() -> float:
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):  # peak resident set size
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def corpus_copies(dest: Path, copies: int) -> Path:
    """The bundled articles, `copies` times, each copy lightly varied so it is new content."""
    dest.mkdir(parents=True, exist_ok=True)
    for c in range(copies):
        for f in sorted(ARTICLES.iterdir()):
            text = f.read_text(encoding="utf-8")
            if c:
                text = text.replace("Azerbaijan", f"Azerbaijan{c}").replace("Russia", f"Russia{c}")
            (dest / f"c{c:03d}_{f.name}").write_text(text, encoding="utf-8")
    return dest


def vocabulary() -> tuple[list[str], list[int]]:
    """The bundled articles' words and how often each occurs (lower-cased, 3+ letters)."""
    import re
    from collections import Counter
    counts: Counter = Counter()
    for f in ARTICLES.iterdir():
        counts.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", f.read_text(encoding="utf-8")))
    words = sorted(counts)
    return words, [counts[w] for w in words]


def synthetic_text(rng: random.Random, vocab: tuple[list[str], list[int]], n_words: int = 110) -> str:
    """Sentences of words drawn with the articles' own word frequencies (a Zipf-like curve),
    so common words have long postings and rare ones short, as in real text."""
    words = rng.choices(vocab[0], weights=vocab[1], k=n_words)
    out, i = [], 0
    while i < len(words):
        k = rng.randint(8, 22)
        s = " ".join(words[i:i + k])
        out.append(s[:1].upper() + s[1:] + ".")
        i += k
    return " ".join(out)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version
    vers = {}
    for dist in ("torch", "sentence-transformers", "chromadb", "langchain-core", "langchain-chroma", "gradio",
                 "tiktoken", "onnxruntime"):
        try:
            vers[dist] = version(dist)
        except PackageNotFoundError:
            vers[dist] = "not installed"
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), **vers}


def median(v):
    return statistics.median(v) if v else float("nan")
