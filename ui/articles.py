"""The Articles tab's behaviour: the list of indexed articles and adding new ones.

Uploads pass `ui.uploads` (names and sizes checked, files kept inside one folder) and are
indexed with the running pipeline's own embedder and store, so they can be asked about at
once. Leaves out layout (app.py).
"""
from __future__ import annotations

from pathlib import Path

import gradio as gr

import index
from rag import Pipeline

from .uploads import UploadError, save_upload


class Articles:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.settings = pipeline.settings.index
        self.uploads_dir = self.settings.data_dir / "uploads"

    def scope_choices(self, chosen: list | None = None):
        """The scope selector's choices (title, file name), keeping what is still there."""
        arts = self.pipeline.store.current_articles()
        ids = {a.id for a in arts}
        return gr.update(choices=[(f"{a.title[:70]} — {a.id}", a.id) for a in arts],
                         value=[c for c in (chosen or []) if c in ids])

    def table(self):
        rows = [[a.title, a.id, a.chunks, a.date or ""] for a in self.pipeline.store.current_articles()]
        return gr.update(value=rows)

    def _save(self, files) -> list[Path]:
        saved = []
        for f in files:
            path = getattr(f, "name", None) or str(f)
            orig = getattr(f, "orig_name", None) or Path(path).name
            try:
                saved.append(save_upload(path, orig, self.uploads_dir, self.settings.max_file_bytes))
            except UploadError as e:
                gr.Warning(str(e))
        return saved

    def add(self, files, progress=gr.Progress()):
        """Outputs: the articles table, the (cleared) file picker."""
        if not files:
            gr.Warning("Choose one or more .txt, .md or .html files first.")
            return self.table(), None
        saved = self._save(files)
        if not saved:
            return self.table(), None
        try:
            report = index.build(saved, settings=self.settings, embedder=self.pipeline.embedder,
                                 store=self.pipeline.store, prune=False,
                                 progress=lambda frac, msg: progress(frac, desc=msg))
        except index.IndexingError as e:
            raise gr.Error(str(e)) from None
        for path, reason in report.skipped:
            gr.Warning(f"{Path(path).name}: {reason}")
        done = report.added + report.updated
        if done:
            gr.Info(f"Indexed {', '.join(done)}: you can ask about {'it' if len(done) == 1 else 'them'} now.")
        elif report.unchanged:
            gr.Info(f"Already indexed: {', '.join(report.unchanged)}.")
        return self.table(), None
