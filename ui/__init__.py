"""ui: the Gradio chat app. `build_app(pipeline)` returns the Blocks; `python -m ui` serves it."""
from .app import build_app

__all__ = ["build_app"]
