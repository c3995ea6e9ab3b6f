"""One server for the chat and the API: a FastAPI app with the HTTP API (ui.api), the Gradio
chat mounted at `/`, both answering through one pool (ui.pool), served by uvicorn.

`Server.create(pipeline, settings)` builds it all; `.start()` serves from a thread and returns
once the port answers (tests, `ui.app.launch`), `.run()` serves until interrupted
(`python -m ui`), `.close()` stops the server, the pool and its worker processes. With
RAG_WORKERS > 1 the answers run in that many worker processes on the shared Chroma server,
and `pipeline` (this process's) only serves the page, citations, uploads and /healthz.
Gradio's queue takes the same limits: as many of its answers at once as the pool has slots,
as many waiting as RAG_QUEUE. Leaves out TLS and several HTTP processes: Gradio's queue
lives in one process, so a reverse proxy in front is the place for TLS.
"""
from __future__ import annotations

import logging
import threading
import time

import gradio as gr
import uvicorn

from .api import Limits, build_api
from .app import CSS, HEAD_JS, build_app, configure_queue
from .pool import Pool, PooledPipeline
from .settings import Settings, threads_per_answer

log = logging.getLogger("ui.serve")

START_TIMEOUT = 60.0   # seconds for uvicorn to bind the port


def make_pool(pipeline, settings: Settings) -> Pool:
    """Answer slots in this process, or spread over RAG_WORKERS processes."""
    if settings.workers > 1:
        return Pool.processes(settings.rag, settings.workers, settings.pool, settings.queue, threads_per_answer(settings))
    return Pool.local(pipeline, settings.pool, settings.queue)


class _Uvicorn(uvicorn.Server):
    """uvicorn that says when it is listening."""

    def __init__(self, config, on_started=None):
        super().__init__(config)
        self.on_started = on_started

    async def startup(self, sockets=None):
        await super().startup(sockets)
        if self.started and self.on_started:
            self.on_started()


class Server:
    def __init__(self, app, pool: Pool, blocks: gr.Blocks, settings: Settings, on_started=None):
        self.app, self.pool, self.blocks, self.settings = app, pool, blocks, settings
        config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                                lifespan="on", timeout_graceful_shutdown=5, backlog=2048)
        self._uvicorn = _Uvicorn(config, on_started)
        self._thread: threading.Thread | None = None

    @classmethod
    def create(cls, pipeline, settings: Settings, pool: Pool | None = None, on_started=None) -> "Server":
        pool = pool or make_pool(pipeline, settings)
        try:
            blocks = build_app(PooledPipeline(pipeline, pool))
            configure_queue(blocks, settings)
            app = build_api(pool, pipeline, settings.auth, settings.rag.backend)
            app = gr.mount_gradio_app(app, blocks, path="/", auth=settings.auth, css=CSS, head=HEAD_JS,
                                      show_error=False, max_file_size=settings.max_upload,
                                      server_name=settings.host, server_port=settings.port)
            app.add_middleware(Limits, pool=pool)
        except BaseException:
            pool.close()
            raise
        return cls(app, pool, blocks, settings, on_started)

    @property
    def url(self) -> str:
        return self.settings.browser_url + "/"

    def run(self) -> None:
        """Serve until interrupted (Ctrl+C, SIGTERM), then stop the pool."""
        try:
            self._uvicorn.run()
        finally:
            self._stop_pool()

    def start(self) -> "Server":
        """Serve from a thread; return once the port answers."""
        self._thread = threading.Thread(target=self._uvicorn.run, name="uvicorn", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._stop_pool()
                raise RuntimeError(f"The server did not start on {self.settings.host}:{self.settings.port} "
                                   "(is the port taken? set RAG_UI_PORT); see the log above.")
            time.sleep(0.05)
        return self

    def close(self) -> None:
        self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._stop_pool()

    def _stop_pool(self) -> None:
        self.blocks.close(verbose=False)   # its queue; a no-op if it never started
        self.pool.close()
