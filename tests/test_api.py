"""ui.api and ui.pool: the HTTP API served beside the chat, on a real uvicorn server.

Real parts throughout: the bundled articles indexed with the real model (`real_index`), the
server `python -m ui` runs (ui.serve) on a free loopback port, the `openai` client, httpx,
gradio_client. Three servers, one each per module: defaults; a tiny pool (1 slot, 1
waiting) whose pipeline waits behind a gate the tests close, so a full pool is a certainty
rather than a race, and whose LLM is scripted; and one with RAG_UI_AUTH. The pool's taking
turns between lanes is checked on the Pool itself, with scripted runners.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import httpx
import pytest

from conftest import ARTICLES, REPO, free_port, start_chroma
from rag import Answer, IndexNotReadyError, Pipeline, Reset, Settings
from rag.errors import EmptyQuestionError
from rag.settings import BACKENDS
from ui.pool import Busy, Pool, Request
from ui.serve import Server
from ui.settings import Settings as UISettings

Q = "When did Azerbaijan join the Non-Aligned Movement?"
LLM_Q = "What did Azerbaijan's Prosecutor General accuse Russian police of?"
LLM_REPLY = ("The Prosecutor General launched a criminal case, accusing Russian police of torture and intentional "
             "murder. [1] Aliens built Baku. [1]")


class ScriptedLLM:
    """An LLM whose reply has one sentence the guard must drop (so the stream gets a Reset)."""
    name = "scripted"

    def stream(self, question, passages):
        for w in LLM_REPLY.split(" "):
            yield w + " "

    def rewrite(self, question, history):
        return question


class Gated:
    """The real pipeline behind a gate: while it is closed, answers wait in their slot. The
    question NOT READY fails as an index that cannot be read does."""

    def __init__(self, pipeline):
        self._pipeline = pipeline
        self.gate = threading.Event()
        self.gate.set()
        self.pause = 0.0    # seconds between events (a slow LLM)

    def __getattr__(self, name):
        return getattr(self._pipeline, name)

    def stream(self, question, history=None, **kw):
        if question == "NOT READY":
            raise IndexNotReadyError("The Chroma store at x failed: gone. Check that `chroma run` is up at that "
                                     "address, then retry.")
        assert self.gate.wait(60), "the test left the gate closed"
        for event in self._pipeline.stream(question, history, **kw):
            yield event
            time.sleep(self.pause)


def _serve(pipeline, **settings) -> Server:
    return Server.create(pipeline, UISettings(rag=pipeline.settings, port=free_port(), **settings)).start()


@pytest.fixture(scope="module")
def served(real_index, real_embedder):
    pipe = Pipeline(Settings(index=real_index), embedder=real_embedder, build_if_empty=False)
    server = _serve(pipe)
    yield server.url.rstrip("/"), pipe
    server.close()


@pytest.fixture(scope="module")
def small(real_index, real_embedder):
    pipe = Pipeline(Settings(index=real_index), embedder=real_embedder, llm=ScriptedLLM(), build_if_empty=False)
    gated = Gated(pipe)
    server = _serve(gated, pool=1, queue=1)
    yield server.url.rstrip("/"), gated, server.pool
    gated.gate.set()
    server.close()


@pytest.fixture(scope="module")
def locked(real_index, real_embedder):
    pipe = Pipeline(Settings(index=real_index), embedder=real_embedder, build_if_empty=False)
    server = _serve(pipe, auth=("alice", "s3cret"))
    yield server.url.rstrip("/")
    server.close()


def _openai(url: str, key: str = "unused"):
    from openai import OpenAI
    return OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=60)


def _cited_properly(text: str, citations: list[dict], pipe) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers and max(markers) <= len(citations), (text, len(citations))
    for c in citations:
        article = pipe.store.article_text(c["source"])
        assert article[c["start"]:c["end"]] == c["text"]
        assert all(c["start"] <= s < e <= c["end"] for s, e in c["quotes"])


# ------------------------------------------------------------------------- OpenAI-compatible
def test_openai_client_gets_a_cited_answer(served):
    url, pipe = served
    r = _openai(url).chat.completions.create(model="extractive", messages=[{"role": "user", "content": Q}])
    content, extra = r.choices[0].message.content, r.model_extra
    assert "2012" in content and r.choices[0].finish_reason == "stop" and r.model == "extractive"
    assert content == pipe.answer(Q).text
    _cited_properly(content, extra["citations"], pipe)
    assert extra["answer"]["text"] == content and "trace" not in extra["answer"]
    assert r.usage.completion_tokens > 0


def test_openai_client_streams_exactly_the_answer_text(served):
    url, pipe = served
    chunks = list(_openai(url).chat.completions.create(
        model="extractive", stream=True, messages=[{"role": "user", "content": "When did Russia invade Georgia?"}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    expected = pipe.answer("When did Russia invade Georgia?")
    assert len(chunks) >= 3 and text == expected.text and "2008" in text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    _cited_properly(text, last.model_extra["citations"], pipe)


def test_chat_history_is_the_conversation_and_model_picks_the_backend(served):
    """Plain OpenAI messages (role, content) carry a follow-up: the server knows its own answers."""
    url, pipe = served
    client = _openai(url)
    messages = [{"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Summarize the article about the diplomatic rift."}]
    first = client.chat.completions.create(model="no-such-model", messages=messages)
    assert first.model == "extractive"                                   # unknown model: the default backend
    messages.append({"role": "assistant", "content": first.choices[0].message.content})
    r = client.chat.completions.create(model="extractive", messages=[*messages, {"role": "user", "content": "shorter"}])
    expected = pipe.answer("shorter", [{"role": "user", "content": messages[1]["content"]},
                                       {"role": "assistant", "content": first.choices[0].message.content,
                                        "context": first.model_extra["answer"]["context"]}])
    text = r.choices[0].message.content
    assert text == expected.text and text.startswith("Summary of") and "Diplomatic Rift" in text
    assert len(text) < len(first.choices[0].message.content)
    models = httpx.get(url + "/v1/models").json()
    assert [m["id"] for m in models["data"]] == list(BACKENDS)
    assert [m["id"] for m in models["data"] if m["default"]] == ["extractive"]


def test_llm_answers_stream_only_their_final_text(small):
    """The guard drops an LLM sentence (a Reset mid-stream); the OpenAI client never sees it."""
    url, gated, _ = small
    events = list(gated.stream(LLM_Q, backend="openai"))
    final = events[-1]
    assert any(isinstance(e, Reset) for e in events) and "Aliens" in "".join(e for e in events if isinstance(e, str))
    assert "Aliens" not in final.text and "torture" in final.text and final.backend == "openai"
    chunks = list(_openai(url).chat.completions.create(model="openai", stream=True,
                                                       messages=[{"role": "user", "content": LLM_Q}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == final.text
    assert chunks[-1].model_extra["answer"]["notice"] == final.notice


def test_a_slow_llm_answer_keeps_the_stream_alive_until_its_final_text(small, monkeypatch):
    import ui.api
    url, gated, _ = small
    monkeypatch.setattr(ui.api, "KEEPALIVE", 0.2)
    monkeypatch.setattr(gated, "pause", 0.1)           # ~30 pieces: ~3 s of writing
    body = {"model": "openai", "stream": True, "messages": [{"role": "user", "content": LLM_Q}]}
    with httpx.stream("POST", url + "/v1/chat/completions", json=body, timeout=60) as r:
        lines = [line for line in r.iter_lines() if line]
    comments = [line for line in lines if line.startswith(":")]
    data = [line[6:] for line in lines if line.startswith("data: ")]
    assert len(comments) >= 3 and data[-1] == "[DONE]"
    import json
    chunks = [json.loads(d) for d in data[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert text == chunks[-1]["answer"]["text"] and "Aliens" not in text and "torture" in text


# ------------------------------------------------------------------------- /v1/answer
def test_answer_returns_the_answer_with_citations_at_their_offsets(served):
    url, pipe = served
    r = httpx.post(url + "/v1/answer", json={"question": Q}, timeout=60)
    assert r.status_code == 200
    a = r.json()
    expected = pipe.answer(Q)
    assert a["text"] == expected.text and not a["abstained"]
    assert set(a) == set(expected.to_dict()) - {"trace"}                # every field but the trace, as is
    _cited_properly(a["text"], a["citations"], pipe)
    traced = httpx.post(url + "/v1/answer", json={"question": Q, "trace": True}, timeout=60).json()
    assert traced["trace"]["decision"] == "answer"
    scoped = httpx.post(url + "/v1/answer", timeout=60, json={
        "question": "What happened to Russian peacekeepers in Karabakh?", "articles": ["002_df76d505f7288145.txt"]})
    assert {c["source"] for c in scoped.json()["citations"]} == {"002_df76d505f7288145.txt"}
    none = httpx.post(url + "/v1/answer", json={"question": "What is the capital of France?"}, timeout=60).json()
    assert none["abstained"] and none["citations"] == [] and none["candidates"]


@pytest.mark.parametrize("body,status,says", [
    ({"question": "   "}, 422, EmptyQuestionError().args[0]),
    ({"question": "word " * 400}, 422, "tokens long; the limit is 256"),
    ({"question": Q, "backend": "gpt-9"}, 422, "Unknown backend"),
    ({"question": Q, "colour": "red"}, 422, "colour"),
    ({"question": 42}, 422, "question"),
    ({"question": Q, "history": [{"role": "robot", "content": "hi"}]}, 422, "role"),
    ({"question": "x" * 1_100_000}, 413, "over 1000000 bytes"),
])
def test_answer_refuses_bad_requests_with_a_reason(served, body, status, says):
    url, _ = served
    r = httpx.post(url + "/v1/answer", json=body, timeout=60)
    assert r.status_code == status and says in r.text, r.text[:500]


def test_answer_refuses_a_body_that_is_not_json(served):
    url, _ = served

    def chunked():                                                     # no Content-Length to check up front
        yield b'{"question": "'
        for _ in range(200):
            yield b"x" * 10_000
        yield b'"}'
    big = httpx.post(url + "/v1/answer", content=chunked(), headers={"content-type": "application/json"})
    assert big.status_code == 413 and "over 1000000 bytes" in big.json()["detail"]
    r = httpx.post(url + "/v1/answer", content=b"question=hi", headers={"content-type": "application/json"})
    assert r.status_code == 422
    chat = httpx.post(url + "/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hi"}]})
    assert chat.status_code == 422 and "last message must be the user's" in chat.text


def test_index_that_cannot_be_read_is_503(small):
    url, _, _ = small
    r = httpx.post(url + "/v1/answer", json={"question": "NOT READY"}, timeout=30)
    assert r.status_code == 503 and "chroma run" in r.json()["detail"]


# ------------------------------------------------------------------------- capacity
def _pool_state(url: str) -> dict:
    return httpx.get(url + "/healthz", timeout=30).json()["pool"]


def _until(cond, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_full_pool_and_queue_answer_503_with_retry_after_at_once(small):
    url, gated, pool = small
    results: dict = {}

    def ask(name: str):
        results[name] = httpx.post(url + "/v1/answer", json={"question": Q}, timeout=60)

    gated.gate.clear()
    try:
        first = threading.Thread(target=ask, args=("running",))
        first.start()
        _until(lambda: _pool_state(url)["running"] == 1, "the first request never started")
        second = threading.Thread(target=ask, args=("waiting",))
        second.start()
        _until(lambda: _pool_state(url)["waiting"] == 1, "the second request never queued")
        t = time.monotonic()
        full = httpx.post(url + "/v1/answer", json={"question": Q}, timeout=60)
        chat = httpx.post(url + "/v1/chat/completions", json={"messages": [{"role": "user", "content": Q}]})
        took = time.monotonic() - t
        assert full.status_code == 503 and chat.status_code == 503 and took < 5
        assert int(full.headers["retry-after"]) >= 1 and int(chat.headers["retry-after"]) >= 1
        assert "busy" in full.json()["detail"] and "Try again in" in full.json()["detail"]
        assert _pool_state(url)["refused"] >= 2
    finally:
        gated.gate.set()
    first.join(60)
    second.join(60)
    assert results["running"].status_code == 200 and results["waiting"].status_code == 200
    time.sleep(int(full.headers["retry-after"]))
    again = httpx.post(url + "/v1/answer", json={"question": Q}, timeout=60)
    assert again.status_code == 200 and "2012" in again.json()["text"]


def test_gradio_queue_has_the_same_limits_and_its_503_says_when_to_retry(small):
    """One Gradio answer running (the pool has one slot), one waiting (RAG_QUEUE=1), the next refused."""
    url, gated, _ = small
    config = httpx.get(url + "/config").json()
    fn = next(i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == "ask")
    body = {"data": [Q, None], "fn_index": fn, "event_data": None, "trigger_id": None}
    gated.gate.clear()
    try:
        codes = []
        for i in range(2):
            r = httpx.post(url + "/gradio_api/queue/join", json={**body, "session_hash": f"s{i}"})
            codes.append(r.status_code)
            if i == 0:
                _until(lambda: _pool_state(url)["running"] == 1, "Gradio's first answer never reached the pool")
        third = httpx.post(url + "/gradio_api/queue/join", json={**body, "session_hash": "s2"})
        assert codes == [200, 200] and third.status_code == 503 and int(third.headers["retry-after"]) >= 1
    finally:
        gated.gate.set()
    _until(lambda: _pool_state(url)["running"] == 0 and _pool_state(url)["waiting"] == 0, "Gradio's answers hung")


def test_pool_takes_turns_between_the_chat_and_the_api():
    """With the API's requests queued, a chat question runs next rather than after all of them."""
    gate, order = threading.Event(), []

    class Runner:
        alive = True

        def run(self, r, emit, cancelled):
            order.append(r.question)
            if r.question == "api-1":
                assert gate.wait(10)
            emit(Answer(text=r.question, citations=()))

    pool = Pool([Runner()], queue=3)
    threads = []

    def submit(name: str, lane: str) -> None:
        threads.append(threading.Thread(target=pool.answer, args=(Request(name), lane)))
        threads[-1].start()
    try:
        submit("api-1", "api")
        _until(lambda: order == ["api-1"], "the first job never ran")
        for name in ("api-2", "api-3", "api-4"):
            submit(name, "api")
        _until(lambda: pool.stats()["waiting"] == 3, "the API jobs never queued")
        with pytest.raises(Busy) as busy:                                # 1 running + 3 waiting: full
            pool.answer(Request("api-5"), "api")
        assert busy.value.retry_after >= 1
        submit("chat-1", "chat")                                         # the chat's own queue bounds it
        _until(lambda: pool.stats()["waiting"] == 4, "the chat job never queued")
        gate.set()
        for t in threads:
            t.join(10)
        assert order == ["api-1", "chat-1", "api-2", "api-3", "api-4"]
    finally:
        gate.set()
        pool.close()


# ------------------------------------------------------------------------- health, auth, settings
def test_healthz_reports_the_index_and_chroma(served):
    url, pipe = served
    r = httpx.get(url + "/healthz", timeout=30)
    h = r.json()
    assert r.status_code == 200 and h["status"] == "ok"
    assert h["version"] == pipe.store.version() and h["articles"] == 5 and h["chunks"] == pipe.store.count()
    assert h["chroma"] == {"reachable": True, "mode": "embedded"}
    assert h["pool"]["slots"] >= 1 and h["pool"]["workers"] == 1


def test_healthz_is_503_when_the_index_is_empty(tmp_path, real_embedder):
    from index import Settings as IndexSettings
    s = IndexSettings.from_env(data_dir=tmp_path / "empty", chroma_url=None, progress=False)
    server = _serve(Pipeline(Settings(index=s), embedder=real_embedder, build_if_empty=False))
    try:
        r = httpx.get(server.url + "healthz", timeout=30)
        assert r.status_code == 503 and r.json()["articles"] == 0 and "index is empty" in r.json()["why"]
    finally:
        server.close()


def test_auth_is_required_when_rag_ui_auth_is_set(locked, monkeypatch):
    url = locked
    for path in ("/v1/models", "/docs", "/openapi.json"):
        r = httpx.get(url + path)
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic"), path
    assert httpx.post(url + "/v1/answer", json={"question": Q}).status_code == 401
    assert httpx.get(url + "/v1/models", auth=("alice", "wrong")).status_code == 401
    assert httpx.get(url + "/v1/models", headers={"authorization": "Bearer wrong"}).status_code == 401
    basic = httpx.post(url + "/v1/answer", json={"question": Q}, auth=("alice", "s3cret"), timeout=60)
    assert basic.status_code == 200 and "2012" in basic.json()["text"]
    docs = httpx.get(url + "/docs", auth=("alice", "s3cret"))
    assert docs.status_code == 200 and "/v1/chat/completions" in docs.text and "/v1/answer" in docs.text
    spec = httpx.get(url + "/openapi.json", headers={"authorization": "Bearer s3cret"}).json()
    assert {"/v1/answer", "/v1/chat/completions", "/v1/models", "/healthz"} <= set(spec["paths"])
    r = _openai(url, key="s3cret").chat.completions.create(model="extractive", messages=[{"role": "user", "content": Q}])
    assert "2012" in r.choices[0].message.content
    import openai
    with pytest.raises(openai.AuthenticationError):
        _openai(url, key="nope").chat.completions.create(model="extractive", messages=[{"role": "user", "content": Q}])
    health = httpx.get(url + "/healthz")                                 # for load balancers: no login
    assert health.status_code == 200 and "error" not in health.json()["chroma"]
    from gradio_client import Client                                     # the chat: Gradio's own login
    with pytest.raises(Exception):
        Client(url + "/", verbose=False)
    assert "2012" in Client(url + "/", auth=("alice", "s3cret"), verbose=False).predict(Q, api_name="/ask")["text"]
    monkeypatch.setenv("RAG_UI_AUTH", "alice:s3cret")
    assert UISettings.from_env().auth == ("alice", "s3cret")


def test_capacity_settings_are_checked(monkeypatch, tmp_path):
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RAG_CHROMA_URL", raising=False)
    for var in ("RAG_POOL", "RAG_QUEUE", "RAG_WORKERS", "RAG_UI_AUTH"):
        monkeypatch.delenv(var, raising=False)
    s = UISettings.from_env()
    assert s.pool >= 1 and s.queue == 128 * s.pool and s.workers == 1
    monkeypatch.setenv("RAG_WORKERS", "2")
    with pytest.raises(ValueError, match="needs a Chroma server.*RAG_CHROMA_URL"):
        UISettings.from_env()
    monkeypatch.setenv("RAG_CHROMA_URL", "http://127.0.0.1:8000")
    assert UISettings.from_env().workers == 2 and UISettings.from_env().pool >= 2
    monkeypatch.setenv("RAG_POOL", "1")
    with pytest.raises(ValueError, match="RAG_WORKERS=2 is more than RAG_POOL=1"):
        UISettings.from_env()
    monkeypatch.setenv("RAG_POOL", "many")
    with pytest.raises(ValueError, match="RAG_POOL='many' is not a whole number"):
        UISettings.from_env()
    monkeypatch.setenv("RAG_POOL", "3")
    monkeypatch.setenv("RAG_QUEUE", "-1")
    with pytest.raises(ValueError, match="RAG_QUEUE=-1 is below 0"):
        UISettings.from_env()


# ------------------------------------------------------------------------- worker processes
@pytest.mark.slow
def test_worker_processes_on_a_chroma_server(tmp_path, real_embedder):
    """`python -m ui` with RAG_WORKERS=2 on a real `chroma run`: prints both URLs, answers
    through both endpoints, and /healthz counts two workers."""
    from index import Settings as IndexSettings, build
    port = free_port()
    chroma = start_chroma(tmp_path / "chroma", port)
    proc = None
    try:
        chroma_url = f"http://127.0.0.1:{port}"
        build([ARTICLES], settings=IndexSettings.from_env(data_dir=tmp_path / "builder", chroma_url=chroma_url,
                                                          progress=False), embedder=real_embedder)
        ui_port = free_port()
        env = {**os.environ, "RAG_DATA_DIR": str(tmp_path / "app"), "RAG_CHROMA_URL": chroma_url,
               "RAG_UI_PORT": str(ui_port), "RAG_WORKERS": "2", "RAG_POOL": "2", "RAG_BACKEND": "extractive"}
        proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        lines = []
        deadline = time.monotonic() + 300
        while not any(line.startswith("API docs:") for line in lines):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)[-3000:]
            lines.append(proc.stdout.readline())
        url = f"http://127.0.0.1:{ui_port}"
        assert f"Chat:     {url}\n" in lines and f"API docs: {url}/docs\n" in lines
        health = httpx.get(url + "/healthz", timeout=30).json()
        assert health["pool"]["workers"] == 2 and health["chroma"] == {"reachable": True, "mode": "server"}
        a = httpx.post(url + "/v1/answer", json={"question": Q}, timeout=120).json()
        assert "2012" in a["text"] and a["citations"][0]["source"] == "001_350488f4c5f50c02.txt"
        chunks = list(_openai(url).chat.completions.create(model="extractive", stream=True,
                                                           messages=[{"role": "user", "content": Q}]))
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == a["text"]
        bad = httpx.post(url + "/v1/answer", json={"question": "  "}, timeout=60)
        assert bad.status_code == 422 and bad.json()["detail"] == EmptyQuestionError().args[0]
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        chroma.terminate()
        chroma.wait(timeout=30)
