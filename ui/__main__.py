"""Serve the chat UI and the HTTP API: `python -m ui` on http://127.0.0.1:7860 (API docs at /docs).

Settings come from `ui.settings.Settings.from_env()` (RAG_UI_HOST, RAG_UI_PORT, RAG_UI_AUTH,
RAG_MAX_UPLOAD, RAG_POOL, RAG_QUEUE, RAG_WORKERS and everything `rag` reads). Binding to
anything but loopback is an explicit choice; set RAG_UI_AUTH="user:password" when you do
(Gradio's login for the chat; HTTP Basic or a Bearer password for the API).
"""
from __future__ import annotations

import logging
import os
import sys


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from rag import Pipeline, RagError
    from .serve import Server
    from .settings import Settings, threads_per_answer

    try:
        settings = Settings.from_env()
        # Before torch loads (warm_up): parallel answers, not parallel matrix products inside
        # one. Two torch threads per question on 2 busy cores spin-wait on each other: a new
        # question took 130-170 ms (spikes to 480) instead of 30-45 ms with one.
        os.environ.setdefault("OMP_NUM_THREADS", str(threads_per_answer(settings)))
        pipeline = Pipeline(settings.rag)
    except (RagError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if settings.exposed_without_login:
        print(f"warning: serving on {settings.host} without RAG_UI_AUTH: anyone who can reach this machine "
              "can use the chat and the API.", file=sys.stderr)
    if settings.workers == 1:
        pipeline.warm_up()  # torch for the query embedder, loaded in the background

    def started():
        where = f"{settings.workers} worker processes" if settings.workers > 1 else "this process"
        print(f"Chat:     {settings.browser_url}\nAPI docs: {settings.docs_url}\n"
              f"(answers: {settings.pool} at once in {where}, up to {settings.queue} waiting; Ctrl+C stops)",
              flush=True)

    try:
        server = Server.create(pipeline, settings, on_started=started)
    except RagError as e:  # e.g. a worker process could not open the index
        print(f"error: {e}", file=sys.stderr)
        return 1
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
