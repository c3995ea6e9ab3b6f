"""ui: the Gradio chat app and the HTTP API beside it. `build_app(pipeline)` returns the Blocks;
`python -m ui` serves both (ui.serve). Imported lazily, so answer worker processes (ui.runners)
start without loading Gradio."""


def __getattr__(name):
    if name == "build_app":
        from .app import build_app
        return build_app
    raise AttributeError(name)


__all__ = ["build_app"]
