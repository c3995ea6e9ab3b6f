"""The Articles tab's behaviour: list, read, add, remove and re-index articles.

Uploads pass `ui.uploads` (names and sizes checked, files kept inside one folder) and are
indexed with the running pipeline's own embedder and store, so they can be asked about at
once. Reading shows the cleaned text with chunk boundaries and, toggled, what the cleaner
removed. Removing takes the article out of the index in one crash-safe step (and deletes
an uploaded copy, so it does not come back with the uploads). Re-indexing rebuilds one
article or all of them from their files even when the files have not changed, for after
the cleaning or chunking code has. `add_api`/`remove_api` do the same for scripts and
other replicas of the app. Leaves out layout (app.py).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import gradio as gr

import index
from rag import Pipeline

from .uploads import UploadError, save_upload
from .views import article_html


class Articles:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.settings = pipeline.settings.index
        self.uploads_dir = self.settings.data_dir / "uploads"

    # ---- lists ---------------------------------------------------------------
    def _infos(self):
        return self.pipeline.store.current_articles()

    def scope_choices(self, chosen: list | None = None):
        """The scope selector's choices (title, file name), keeping what is still there."""
        arts = self._infos()
        ids = {a.id for a in arts}
        return gr.update(choices=[(f"{a.title[:70]} — {a.id}", a.id) for a in arts],
                         value=[c for c in (chosen or []) if c in ids])

    def table(self):
        rows = [[a.title, a.id, a.words, a.chunks, a.tokens, a.date or "",
                 time.strftime("%Y-%m-%d %H:%M", time.localtime(a.indexed_at)) if a.indexed_at else ""]
                for a in self._infos()]
        return gr.update(value=rows)

    def picker(self, chosen: str | None = None):
        ids = [a.id for a in self._infos()]
        return gr.update(choices=[(f"{a.title[:70]} — {a.id}", a.id) for a in self._infos()],
                         value=chosen if chosen in ids else None)

    def refresh(self, chosen: str | None = None):
        """Outputs: table, article picker."""
        return self.table(), self.picker(chosen)

    # ---- reading -------------------------------------------------------------
    def show(self, article_id: str | None, show_removed: bool):
        if not article_id:
            return "<div class='article-view empty'>Choose an article to read it as indexed.</div>"
        store = self.pipeline.store
        info = next((a for a in self._infos() if a.id == article_id), None)
        if info is None:
            return "<div class='article-view empty'>That article is no longer indexed.</div>"
        return article_html(info, store.article_text(article_id) or "", store.chunks(article_id=article_id),
                            store.removed_lines(info.sha), bool(show_removed))

    def pick_row(self, evt: gr.SelectData):
        """A click on the table's row picks that article."""
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        infos = self._infos()
        return gr.update(value=infos[row].id) if 0 <= row < len(infos) else gr.update()

    # ---- changing ----------------------------------------------------------------
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

    def _build(self, paths, force: bool, progress):
        try:
            return index.build(paths, settings=self.settings, embedder=self.pipeline.embedder,
                               store=self.pipeline.store, prune=False, force=force,
                               progress=lambda frac, msg: progress(frac, desc=msg))
        except index.IndexingError as e:
            raise gr.Error(str(e)) from None

    def add(self, files, progress=gr.Progress()):
        """Outputs: the articles table, the (cleared) file picker."""
        if not files:
            gr.Warning("Choose one or more .txt, .md or .html files first.")
            return self.table(), None
        saved = self._save(files)
        if not saved:
            return self.table(), None
        report = self._build(saved, False, progress)
        for path, reason in report.skipped:
            gr.Warning(f"{Path(path).name}: {reason}")
        done = report.added + report.updated
        if done:
            gr.Info(f"Indexed {', '.join(done)}: you can ask about {'it' if len(done) == 1 else 'them'} now.")
        elif report.unchanged:
            gr.Info(f"Already indexed: {', '.join(report.unchanged)}.")
        return self.table(), None

    def remove(self, article_id: str | None):
        """Outputs: table, picker."""
        if not article_id:
            gr.Warning("Choose the article to remove first.")
            return self.refresh()
        info = next((a for a in self._infos() if a.id == article_id), None)
        try:
            n = index.remove(article_id, store=self.pipeline.store)
        except index.IndexingError as e:
            gr.Warning(str(e))
            return self.refresh()
        if info and info.path and Path(info.path).resolve().parent == self.uploads_dir.resolve():
            Path(info.path).unlink(missing_ok=True)  # an uploaded copy would come back with the uploads
        gr.Info(f"Removed {article_id} ({n} passages): answers no longer cite it.")
        return self.refresh()

    def reindex(self, article_id: str | None, everything: bool, progress=gr.Progress()):
        """Outputs: table, picker. Re-reads the files even if unchanged."""
        infos = self._infos() if everything else [a for a in self._infos() if a.id == article_id]
        if not infos:
            gr.Warning("Choose the article to re-index first.")
            return self.refresh(article_id)
        paths = [Path(a.path) for a in infos if a.path and Path(a.path).exists()]
        missing = [a.id for a in infos if not (a.path and Path(a.path).exists())]
        if missing:
            gr.Warning(f"The file of {', '.join(missing)} is gone; add it again to re-index it.")
        if paths:
            report = self._build(paths, True, progress)
            gr.Info(f"Re-indexed {len(report.added) + len(report.updated)} article(s) in {report.seconds:.1f}s.")
        return self.refresh(article_id)

    # ---- the same for scripts and other replicas (gr.api endpoints) ----------------------
    def add_api(self, name: str, text: str) -> dict:
        """Add (or update) one article from its text under a file name (.txt, .md or .html),
        with the checks an upload gets; returns what the build did."""
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "upload"
            src.write_text(text or "", encoding="utf-8")
            try:
                saved = save_upload(src, name, self.uploads_dir, self.settings.max_file_bytes)
            except UploadError as e:
                raise gr.Error(str(e)) from None
        try:
            report = index.build([saved], settings=self.settings, embedder=self.pipeline.embedder,
                                 store=self.pipeline.store, prune=False)
        except index.IndexingError as e:
            raise gr.Error(str(e)) from None
        return {"added": list(report.added), "updated": list(report.updated), "unchanged": list(report.unchanged),
                "skipped": [{"file": Path(p).name, "reason": r} for p, r in report.skipped]}

    def remove_api(self, article_id: str) -> dict:
        """Remove one article (by file name) from the shared index; returns how many passages went."""
        if article_id not in {a.id for a in self._infos()}:
            raise gr.Error(f"No article named {article_id!r} is indexed; see the Articles tab for the names.")
        try:
            n = index.remove(article_id, store=self.pipeline.store)
        except index.IndexingError as e:
            raise gr.Error(str(e)) from None
        local = self.uploads_dir / article_id
        local.unlink(missing_ok=True)  # a copy uploaded here would come back with the uploads
        return {"removed": article_id, "passages": n}
