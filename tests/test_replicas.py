"""Two app replicas sharing one Chroma server: what one adds or removes, the other sees.

Everything is real and on loopback: a `chroma run` server, two `python -m ui` processes with
their own data directories (their own local caches), the real MiniLM model, and the apps'
own API endpoints driven by gradio_client. Bounded: each wait has a deadline.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ARTICLES, REPO, free_port, start_chroma

QUESTION = "When is the Lankaran caviar festival held?"
ARTICLE = ("Festival notes\n\nThe Lankaran caviar festival is held every October, its organisers say, "
           "and draws fishermen from the whole coast.\n")


def _serve(data_dir, chroma_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data_dir), "RAG_CHROMA_URL": chroma_url, "RAG_UI_PORT": str(port),
           "RAG_BACKEND": "extractive", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"replica exited: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except Exception:
            time.sleep(0.5)
    proc.kill()
    raise AssertionError("replica did not come up within 180 s")


def _cites(answer: dict, article_id: str) -> bool:
    return any(c["source"] == article_id for c in answer["citations"])


@pytest.mark.slow
def test_two_replicas_share_one_chroma_server(tmp_path, real_embedder):
    from gradio_client import Client
    from index import Settings, build

    port = free_port()
    chroma = start_chroma(tmp_path / "server", port)
    url = f"http://127.0.0.1:{port}"
    procs = []
    try:
        # The bundled articles go into the server once; the replicas start on empty caches.
        build([ARTICLES], settings=Settings.from_env(data_dir=tmp_path / "builder", chroma_url=url, progress=False),
              embedder=real_embedder)
        for name in ("a", "b"):
            procs.append(_serve(tmp_path / name, url))
        a, b = (Client(u, verbose=False) for _, u in procs)

        before = b.predict(QUESTION, None, api_name="/ask")
        assert not _cites(before, "zz_lankaran.txt")

        r = a.predict("zz_lankaran.txt", ARTICLE, api_name="/add_article")  # uploaded through replica A
        assert r["added"] == ["zz_lankaran.txt"]
        seen = b.predict(QUESTION, None, api_name="/ask")                  # asked on replica B
        assert _cites(seen, "zz_lankaran.txt") and "October" in seen["text"]
        assert not (tmp_path / "b" / "uploads").exists()                    # B never had the file

        gone = b.predict("zz_lankaran.txt", api_name="/remove_article")    # removed through B
        assert gone["removed"] == "zz_lankaran.txt" and gone["passages"] >= 1
        after = a.predict(QUESTION, None, api_name="/ask")                  # A stops citing it
        assert not _cites(after, "zz_lankaran.txt") and "October" not in after["text"]
        again = a.predict("When did Azerbaijan join the Non-Aligned Movement?", None, api_name="/ask")
        assert "2012" in again["text"]                                      # the rest still answers
    finally:
        for p, _ in procs:
            p.terminate()
        for p, _ in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        chroma.terminate()
        chroma.wait(timeout=30)
