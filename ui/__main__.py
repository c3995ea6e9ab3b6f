"""Serve the chat UI: `python -m ui` on http://127.0.0.1:7860.

Settings come from `ui.settings.Settings.from_env()` (RAG_UI_HOST, RAG_UI_PORT, RAG_UI_AUTH,
RAG_MAX_UPLOAD and everything `rag` reads). Binding to anything but loopback is an explicit
choice; set RAG_UI_AUTH="user:password" when you do (Gradio's login page).
"""
from __future__ import annotations

import logging
import sys


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from rag import Pipeline, RagError
    from .app import launch
    from .settings import Settings

    try:
        settings = Settings.from_env()
        pipeline = Pipeline(settings.rag)
    except (RagError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if settings.exposed_without_login:
        print(f"warning: serving on {settings.host} without RAG_UI_AUTH: anyone who can reach this machine "
              "can use it.", file=sys.stderr)
    pipeline.warm_up()  # torch for the query embedder, loaded in the background
    print(f"Open {settings.browser_url} in your browser.", flush=True)
    launch(pipeline, settings, block=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
