"""Shared fixtures and fakes.

`HashingEmbedder` is a deterministic bag-of-words embedder for fast unit tests; the real
all-MiniLM-L6-v2 model and real Chroma are used by the tests marked `slow`.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ["RAG_PROGRESS"] = "0"

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "data" / "articles"
GOLDEN = Path(__file__).resolve().parent / "golden"


class HashingEmbedder:
    """Deterministic fake: hashed word counts, L2-normalised. Similar words, similar vectors."""

    name = "hashing-fake"
    dim = 256
    max_wordpieces = 256

    def __init__(self):
        self.calls = 0
        self.texts_embedded = 0

    def fits(self, text: str) -> bool:
        return len(text.split()) <= 200

    def wordpieces(self, text: str) -> int:
        return len(text.split()) + 2

    def encode(self, texts, progress=False):
        self.calls += 1
        self.texts_embedded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int(hashlib.md5(w.encode()).hexdigest()[:8], 16)
                out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
        return out

    def embed_documents(self, texts):
        return self.encode(texts).tolist()

    def embed_query(self, text):
        return self.encode([text])[0].tolist()


@pytest.fixture
def fake_embedder():
    return HashingEmbedder()


@pytest.fixture
def settings(tmp_path):
    from index import Settings
    return Settings.from_env(data_dir=tmp_path / "data", chroma_url=None, progress=False)


@pytest.fixture
def corpus(tmp_path):
    """A writable copy of the bundled articles."""
    d = tmp_path / "articles"
    shutil.copytree(ARTICLES, d)
    for f in d.iterdir():
        f.chmod(0o644)
    return d


@pytest.fixture(scope="session")
def real_embedder():
    from index import Embedder
    return Embedder()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, real_embedder):
    """The bundled articles indexed with the real model into a real persistent Chroma."""
    from index import Settings, build
    s = Settings.from_env(data_dir=tmp_path_factory.mktemp("real") / "data", chroma_url=None, progress=False)
    report = build([ARTICLES], settings=s, embedder=real_embedder)
    assert len(report.added) == 5
    return s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path, port: int) -> subprocess.Popen:
    """A real `chroma run` on loopback, returned once its heartbeat answers."""
    import urllib.request
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return proc
        except Exception:
            if proc.poll() is not None:
                raise AssertionError("chroma run exited at start")
            time.sleep(0.25)
    proc.terminate()
    raise AssertionError("chroma run did not answer within 60 s")
