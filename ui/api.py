"""The HTTP API for programs, served beside the chat on the same port (ui.serve mounts both).

* `POST /v1/answer` — `{question, history?, articles?, backend?, trace?}` -> `Answer.to_dict()`
  as it is (whatever fields `Answer` has), without `trace` unless asked.
* `POST /v1/chat/completions` — OpenAI-compatible, streamed (SSE) or not: the last user
  message is the question, earlier ones the history, `model` picks the backend (unknown:
  the default). The content is the answer's text with its [n] markers; `citations` (and
  the whole answer as `answer`) ride on the response, or on the last chunk when streamed.
  OpenAI clients send back only role and content: an assistant message whose text is one
  of the last CONTEXTS answers given here gets that answer's `context` again, so follow-ups
  ("shorter", "and the second one?") resolve as in the chat (a client may also send
  `context` itself).
  Extractive answers stream as they are written (their text is final). LLM backends are
  buffered: the guard may withdraw streamed text (`Reset`), which an OpenAI client cannot
  take back, so their text is sent once the answer is final (SSE comments keep the
  connection alive meanwhile). Either way the client ends up with exactly `Answer.text`.
* `GET /v1/models` — the backends as models. `GET /healthz` — index version, articles,
  Chroma reachable, the pool; 200 when this server can answer, 503 otherwise.
* `GET /docs` — the endpoints described from the OpenAPI schema (`/openapi.json`), as a page
  that needs nothing from the internet.

Answers run in the pool (ui.pool): a full pool answers 503 with Retry-After at once. With
RAG_UI_AUTH set, everything but /healthz's summary needs HTTP Basic with that user and
password or `Authorization: Bearer <password>` (OpenAI clients: api_key=password). Bodies
are validated with pydantic (ui.bodies) and capped at MAX_BODY bytes; /docs is written by
ui.apidocs. Leaves out the chat UI (ui.app) and sessions: callers pass the history.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import logging
import re
import time
import uuid

from fastapi import Depends, FastAPI, Request as HTTPRequest
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from index.tokens import count_tokens
from rag import Answer, Reset
from rag.cache import LRU
from rag.settings import BACKENDS

from .apidocs import docs_html
from .bodies import AnswerBody, ChatBody
from .failures import Busy, Crashed, status_of
from .pool import Pool, Request

log = logging.getLogger("ui.api")

MAX_BODY = 1_000_000        # bytes in one request body: a question, its history and a scope fit in far less
TOO_LARGE = (f"The request body is over {MAX_BODY} bytes. Send the question, its history and the articles to "
             "answer from; nothing else is needed.")
HEALTH_TIMEOUT = 5.0        # seconds /healthz waits for the store before calling Chroma unreachable
KEEPALIVE = 10.0            # seconds between SSE comments while a buffered answer is written
NO_ANSWER = "The answer ended without a reply; try again."
CONTEXTS = 4096             # recent answers whose context an OpenAI client's history gets back (text -> context)
REALM = 'Basic realm="Ask the articles", charset="UTF-8"'


def _plain(o):
    """JSON for what `Answer.to_dict()` may hold besides JSON types (NumPy scalars, sets)."""
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def dumps(data) -> str:
    return json.dumps(data, default=_plain, ensure_ascii=False, separators=(",", ":"))


class JSON(JSONResponse):
    def render(self, content) -> bytes:
        return dumps(content).encode("utf-8")


def error(status: int, message: str, headers: dict | None = None) -> JSON:
    """An error both FastAPI-style (`detail`) and OpenAI-style (`error`) clients can read."""
    kind = {401: "authentication_error", 413: "invalid_request_error", 422: "invalid_request_error",
            503: "overloaded_error" if headers and "Retry-After" in headers else "service_unavailable"}
    return JSON({"detail": message, "error": {"message": message, "type": kind.get(status, "api_error"),
                                              "code": status}}, status_code=status, headers=headers)


def failure(e: BaseException) -> JSON:
    status = status_of(e)
    if status == 500:
        log.error("answer failed", exc_info=e)
        msg = (str(e) if isinstance(e, Crashed) else
               f"Something went wrong while answering ({type(e).__name__}). The details are in the server log; "
               "try again or rephrase.")
        return error(500, msg)
    return error(status, str(e), {"Retry-After": str(e.retry_after)} if isinstance(e, Busy) else None)


# ------------------------------------------------------------------------- auth, limits
def authorized(request: HTTPRequest, auth: tuple[str, str] | None) -> bool:
    if auth is None:
        return True
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    user, pw = auth
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.strip().encode(), pw.encode())
    if scheme.lower() == "basic":
        try:
            u, _, p = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return hmac.compare_digest(u.encode(), user.encode()) & hmac.compare_digest(p.encode(), pw.encode())
    return False


class Limits:
    """Pure ASGI middleware: request bodies under /v1 capped at MAX_BODY (413), and every 503
    — ours or the Gradio queue's — carries Retry-After from the pool's estimate."""

    def __init__(self, app, pool: Pool):
        self.app, self.pool = app, pool

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_(message):
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"retry-after" for k, _ in headers):
                    headers.append((b"retry-after", str(self.pool.retry_after()).encode()))
                    message = {**message, "headers": headers}
            await send(message)

        if scope["path"].startswith("/v1/"):
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                return await self._too_large(scope, receive, send)
            seen = 0

            async def receive_():
                nonlocal seen
                message = await receive()
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise HTTPException(413, TOO_LARGE)
                return message
            try:
                return await self.app(scope, receive_, send_)
            except HTTPException as e:
                if e.status_code == 413:
                    return await self._too_large(scope, receive, send)
                raise
        return await self.app(scope, receive, send_)

    @staticmethod
    async def _too_large(scope, receive, send):
        await error(413, TOO_LARGE)(scope, receive, send)


# ------------------------------------------------------------------------- the app
def _pieces(text: str) -> list[str]:
    """An answer's text in cited sentences (joined: exactly the text)."""
    return [p for p in re.split(r"(?<=\]\s)", text) if p]


def _answer_json(a: Answer, trace: bool = False) -> dict:
    d = a.to_dict()
    if not trace:
        d.pop("trace", None)
    return d


def build_api(pool: Pool, pipeline, auth: tuple[str, str] | None, default_backend: str) -> FastAPI:
    """The API app; `pipeline` is the local one (its store answers /healthz)."""
    app = FastAPI(title="Ask the articles — API", version="1", docs_url=None, redoc_url=None, openapi_url=None,
                  description="Cited answers from the indexed articles, for programs. The chat UI is at `/`.")

    async def need_auth(request: HTTPRequest):
        if not authorized(request, auth):
            raise HTTPException(401, "Log in: HTTP Basic with the RAG_UI_AUTH user and password, or "
                                     "`Authorization: Bearer <password>` (OpenAI clients: api_key=<password>).",
                                headers={"WWW-Authenticate": REALM})

    @app.exception_handler(HTTPException)
    async def _http_error(request, e: HTTPException):
        return error(e.status_code, str(e.detail), getattr(e, "headers", None))

    guarded = [Depends(need_auth)]
    contexts: LRU[dict] = LRU(CONTEXTS)   # hash of an answer's text -> its context

    def backend_of(model: str | None) -> str:
        m = (model or "").strip().lower()
        return m if m in BACKENDS else default_backend

    # ---- /v1/answer ------------------------------------------------------------------
    @app.post("/v1/answer", dependencies=guarded, tags=["answers"],
              responses={200: {"description": "`Answer.to_dict()`: text with [n] markers, citations (source, title, "
                                              "text, start, end, quotes…), abstained, notice, candidates, context"},
                         422: {"description": "Empty or too long question, unknown backend, malformed body"},
                         503: {"description": "Busy (see Retry-After) or the index is not ready"}})
    async def answer(body: AnswerBody) -> JSON:
        """Answer one question, with citations whose offsets point into the article text."""
        request = Request(body.question, [m.model_dump(exclude_none=True) for m in body.history], body.backend,
                          None, tuple(body.articles))
        final = None
        try:
            async for event in pool.astream(request, "api"):
                if isinstance(event, Answer):
                    final = event
        except Exception as e:
            return failure(e)
        if final is None:
            return error(500, NO_ANSWER)
        return JSON(_answer_json(final, body.trace))

    # ---- /v1/chat/completions ---------------------------------------------------------
    @app.post("/v1/chat/completions", dependencies=guarded, tags=["OpenAI-compatible"],
              responses={200: {"description": "A `chat.completion` (or `chat.completion.chunk` events when "
                                              "`stream`), with `citations` and `answer` added"}})
    async def chat_completions(body: ChatBody):
        """The OpenAI chat API: the last user message is the question, earlier messages the history."""
        last = body.messages[-1]
        if last.role != "user":
            return error(422, "The last message must be the user's question (role 'user').")
        history = []
        for m in body.messages[:-1]:
            if m.role in ("user", "assistant"):
                text = m.text()
                context = m.context or (contexts.get(hash(text)) if m.role == "assistant" else None)
                history.append({"role": m.role, "content": text, **({"context": context} if context else {})})
        backend = backend_of(body.model)
        request = Request(last.text(), history, backend, None, tuple(body.articles))
        cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        events = pool.astream(request, "api")
        try:  # the first event comes after validation: errors still get their status code
            first = await anext(events)
        except StopAsyncIteration:
            return error(500, NO_ANSWER)
        except Exception as e:
            return failure(e)

        def extra(a: Answer) -> dict:
            if a.context:
                contexts.put(hash(a.text), a.context)
            d = _answer_json(a)
            return {"citations": d["citations"], "answer": d}

        if not body.stream:
            final = first
            try:
                async for event in events:
                    final = event
            except Exception as e:
                return failure(e)
            if not isinstance(final, Answer):
                return error(500, NO_ANSWER)
            return JSON({"id": cid, "object": "chat.completion", "created": created, "model": final.backend,
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": final.text},
                                      "finish_reason": "stop"}],
                         "usage": _usage(request.question, final.text), **extra(final)})

        def chunk(delta: dict, finish: str | None = None, **more) -> str:
            return "data: " + dumps({"id": cid, "object": "chat.completion.chunk", "created": created,
                                     "model": backend, "choices": [{"index": 0, "delta": delta,
                                                                    "finish_reason": finish}], **more}) + "\n\n"

        async def sse():
            live = backend == "extractive"   # its text is final as written; LLM text may be withdrawn
            sent, final, pending, waiting, wrote = "", None, [first], None, time.monotonic()
            yield chunk({"role": "assistant", "content": ""})
            try:
                while final is None:
                    if pending:
                        event = pending.pop()
                    else:  # wait for the next event without cancelling it; a comment when nothing was sent for a while
                        waiting = waiting or asyncio.ensure_future(anext(events))
                        quiet = time.monotonic() - wrote
                        done = quiet < KEEPALIVE and (await asyncio.wait({waiting}, timeout=KEEPALIVE - quiet))[0]
                        if not done:
                            wrote = time.monotonic()
                            yield ": still writing\n\n"
                            continue
                        event, waiting = waiting.result(), None
                    if isinstance(event, Answer):
                        final = event
                    elif isinstance(event, str) and live:
                        sent, wrote = sent + event, time.monotonic()
                        yield chunk({"content": event})
                    elif isinstance(event, Reset) and live and sent:
                        log.error("text already streamed was withdrawn (%s); the client keeps it", event.reason)
            except StopAsyncIteration:
                yield "data: " + dumps({"error": {"message": NO_ANSWER, "type": "api_error"}}) + "\n\n"
                return
            except Exception as e:  # after the headers: the error goes in the stream, as OpenAI does
                status = status_of(e)
                yield "data: " + dumps({"error": {"message": str(e) if status != 500 else "Answering failed; see the "
                                                  "server log.", "type": "api_error", "code": status}}) + "\n\n"
                return
            finally:
                if waiting is not None:
                    waiting.cancel()
            if final.text.startswith(sent):
                for piece in _pieces(final.text[len(sent):]):
                    yield chunk({"content": piece})
            else:
                log.error("streamed text is not the start of the answer's text; the client has the streamed one")
            yield chunk({}, "stop", usage=_usage(request.question, final.text), **extra(final))
            yield "data: [DONE]\n\n"

        async def closing():
            try:
                async for part in sse():
                    yield part
            finally:
                try:
                    await events.aclose()
                except RuntimeError:  # still inside the event being waited for (cancelled above): it ends itself
                    pass

        return StreamingResponse(closing(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/v1/models", dependencies=guarded, tags=["OpenAI-compatible"])
    async def models() -> JSON:
        """The answer backends, as models; `model` in a chat request picks one."""
        return JSON({"object": "list", "data": [{"id": b, "object": "model", "created": 0, "owned_by": "caucasus-rag",
                                                 "default": b == default_backend} for b in BACKENDS]})

    # ---- health -------------------------------------------------------------------
    @app.get("/healthz", tags=["operations"],
             responses={503: {"description": "Cannot answer: empty index, or answer workers down"}})
    async def healthz(request: HTTPRequest) -> JSON:
        """For load balancers: 200 when this server can answer. Open without login; the
        Chroma error text only with it."""
        store = pipeline.store
        try:
            version = await asyncio.wait_for(asyncio.to_thread(store.version), HEALTH_TIMEOUT)
            problem = store.degraded
        except asyncio.TimeoutError:
            version, problem = None, f"The index store did not answer within {HEALTH_TIMEOUT:.0f} s."
        except Exception as e:  # the store raising here is itself the answer
            version, problem = None, f"{type(e).__name__}: {e}"
        articles = len(await asyncio.to_thread(store.current_articles))
        chunks = store.count()
        ok = chunks > 0 and pool.alive
        chroma = {"reachable": not problem, "mode": "server" if pipeline.settings.index.chroma_url else "embedded"}
        if problem and authorized(request, auth):
            chroma["error"] = problem
        body = {"status": "ok" if ok else "unavailable", "version": version, "articles": articles, "chunks": chunks,
                "chroma": chroma, "pool": pool.stats()}
        if not ok:
            body["why"] = ("The index is empty: build it (`python -m index build`) or add articles in the Articles "
                           "tab." if not chunks else "The answer workers are down or restarting; see the server log.")
        return JSON(body, status_code=200 if ok else 503)

    # ---- docs -----------------------------------------------------------------------
    @app.get("/openapi.json", dependencies=guarded, include_in_schema=False)
    async def openapi() -> JSON:
        return JSON(app.openapi())

    @app.get("/docs", dependencies=guarded, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(app.openapi(), auth is not None))

    return app


def _usage(question: str, text: str) -> dict:
    p, c = count_tokens(question), count_tokens(text)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
