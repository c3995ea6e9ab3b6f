"""Serve the chat UI: `python -m ui` on http://127.0.0.1:7860.

RAG_UI_HOST / RAG_UI_PORT change where it listens. Binding to anything but loopback is an
explicit choice; set RAG_UI_AUTH="user:password" when you do (Gradio's login page). The
index in RAG_DATA_DIR is built from the bundled articles on first run if empty.
"""
from __future__ import annotations

import logging
import os
import sys


def main() -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from rag import Pipeline, RagError, Settings
    from .app import CSS, HEAD_JS, build_app

    host = os.environ.get("RAG_UI_HOST", "127.0.0.1")
    port = int(os.environ.get("RAG_UI_PORT", "7860"))
    auth = None
    if os.environ.get("RAG_UI_AUTH"):
        user, _, pw = os.environ["RAG_UI_AUTH"].partition(":")
        auth = (user, pw)
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        print(f"warning: serving on {host} without RAG_UI_AUTH: anyone who can reach this machine can use it.",
              file=sys.stderr)
    try:
        pipeline = Pipeline(Settings.from_env())
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    app = build_app(pipeline)
    app.queue(default_concurrency_limit=4, max_size=64)
    print(f"Open http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port} in your browser.", flush=True)
    app.launch(server_name=host, server_port=port, auth=auth, share=False, css=CSS, head=HEAD_JS,
               show_error=False, max_file_size=os.environ.get("RAG_MAX_UPLOAD", "5mb"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
