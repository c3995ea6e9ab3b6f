"""Build or update the index from article files: load, clean, chunk, embed, store.

Incremental by content: an article whose cleaned text and metadata are unchanged is
skipped before any chunking or embedding; chunk ids are content hashes, so only chunks
Chroma lacks are embedded. Articles that disappeared from a built folder are removed. Bad
files are reported one line each and the rest of the batch goes on. Leaves out watching
folders for changes: run it again (it is cheap when nothing changed).
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from . import summary
from .annotate import annotate
from .chunker import chunk_text
from .furniture import link_lines
from .errors import LoadError
from .loader import PIPELINE_VERSION, discover, load
from .settings import BUNDLED_ARTICLES, Settings
from .store import Store


@dataclass(frozen=True)
class BuildReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)
    chunks_embedded: int = 0
    seconds: float = 0.0
    articles: tuple[str, ...] = field(default=(), repr=False)  # ids indexed or unchanged

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed, {len(self.skipped)} skipped; "
                f"{self.chunks_embedded} chunks embedded in {self.seconds:.1f}s")


class _LazyEmbedder:
    def __init__(self, batch_size: int):
        self._batch, self._e = batch_size, None

    def __getattr__(self, name):
        if self._e is None:
            from .embedder import Embedder
            self._e = Embedder(batch_size=self._batch)
        return getattr(self._e, name)


def embed_text(title: str, text: str) -> str:
    """What the embedder sees for a chunk: the title gives short passages their subject."""
    return f"{title}\n{text}" if title else text


@dataclass
class _Pending:
    """An article chunked and annotated, waiting for its vectors."""
    article: object
    previous: object
    chunks: list                 # every chunk of the version
    todo: list                   # the ones with no vector in the store yet
    outline: object
    sentences: list              # annotate.SentenceInfo

    def texts(self) -> list[str]:
        return [self.article.text[x.start:x.end] for x in self.sentences]

    def links(self) -> list[str]:
        return link_lines(self.article.removed)


class _Build:
    """One build's state and its steps: admit a file, stage its chunks, embed in batches,
    activate, prune. Each step is a method so it can be read (and tested) on its own."""

    def __init__(self, settings: Settings, embedder, store: Store, n_files: int,
                 progress: Callable[[float, str], None], force: bool = False):
        self.settings, self.embedder, self.store = settings, embedder, store
        self.n_files, self.progress, self.force = max(n_files, 1), progress, force
        self.current = {a.id: a for a in store.current_articles()}
        self.added: list[str] = []
        self.updated: list[str] = []
        self.unchanged: list[str] = []
        self.skipped: list[tuple[str, str]] = []
        self.seen: list[str] = []
        self.raw_seen: dict[str, str] = {}
        self.embedded = 0
        # Chunks of several articles are embedded together: small per-article batches leave
        # the model idle. An article becomes visible only once all of its vectors are written.
        self.pending: list[_Pending] = []
        self.written: list[str] = []      # versions this build wrote (its own leftovers are swept at once)
        self.flush_at = max(settings.embed_batch * 8, 1)
        self.same_pipeline = store.marker("pipeline") == PIPELINE_VERSION

    def admit(self, f: Path):
        """The loaded Article if it should be (re)indexed; None (recorded why) otherwise."""
        if self._unchanged_bytes(f):
            return None
        try:
            art = load(f, self.settings.max_file_bytes)
        except LoadError as e:
            self.skipped.append((str(f), e.reason + (f" ({e.hint})" if e.hint else "")))
            return None
        twin = self.raw_seen.get(art.raw_sha) or next(
            (a.id for a in self.current.values() if a.raw_sha == art.raw_sha and a.id != art.id), None)
        if twin:
            self.skipped.append((str(f), f"same content as {twin}, already indexed"))
            return None
        prev = self.current.get(art.id)
        if prev and prev.path and Path(prev.path).resolve() != f.resolve() and Path(prev.path).exists():
            self.skipped.append((str(f), f"an article named {art.id} is already indexed from {prev.path}; rename one"))
            return None
        self.raw_seen[art.raw_sha] = art.id
        self.seen.append(art.id)
        if prev and prev.sha == art.sha and not self.force:
            self.unchanged.append(art.id)
            return None
        return art

    def _unchanged_bytes(self, f: Path) -> bool:
        """True (and recorded) when the file's bytes are those already indexed from this path by
        this pipeline version: cleaning is deterministic, so spaCy need not run again to say so."""
        prev = self.current.get(f.name)
        if self.force or not self.same_pipeline or not prev or not prev.path or not prev.raw_sha:
            return False
        try:
            if Path(prev.path).resolve() != f or f.stat().st_size > self.settings.max_file_bytes:
                return False
            raw = hashlib.sha256(f.read_bytes()).hexdigest()
        except OSError:
            return False  # load() reports it
        if raw != prev.raw_sha:
            return False
        self.raw_seen[raw] = prev.id
        self.seen.append(prev.id)
        self.unchanged.append(prev.id)
        return True

    def stage(self, art, n_done: int) -> None:
        """Chunk and annotate an article; embed and write when a batch is full."""
        chunks = chunk_text(art.id, art.text, self.settings.chunk_tokens, self.settings.overlap_sentences,
                            fits=lambda t, title=art.title: self.embedder.fits(embed_text(title, t)), version=art.sha)
        outline, sentences = annotate(art.text)
        todo = set(self.store.missing_vectors([c.id for c in chunks]))  # a killed build may have written some
        self.pending.append(_Pending(art, self.current.get(art.id), chunks, [c for c in chunks if c.id in todo],
                                     outline, sentences))
        if sum(len(p.todo) + len(p.sentences) for p in self.pending) >= self.flush_at:
            self.flush(n_done)

    def flush(self, n_done: int) -> None:
        """Embed the pending chunks and sentences in one batch, write each article version in
        full, then make it current."""
        work = [(p.article, c) for p in self.pending for c in p.todo]
        sents = [t for p in self.pending for t in p.texts() + p.links()]
        if not self.pending:
            return
        names = ", ".join(p.article.id for p in self.pending)
        self.progress(n_done / self.n_files, f"Embedding {len(work)} chunks, {len(sents)} sentences ({names})")
        vecs = self.embedder.encode([embed_text(a.title, c.text) for a, c in work] + sents,
                                    progress=self.settings.progress and len(work) + len(sents) > 256) \
            if work or sents else np.zeros((0, 1), np.float32)
        by_id = {c.id: vecs[i] for i, (_, c) in enumerate(work)}
        at = len(work)
        for p in self.pending:
            texts, links = p.texts(), p.links()
            sv = vecs[at:at + len(texts)]
            lv = vecs[at + len(texts):at + len(texts) + len(links)]
            at += len(texts) + len(links)
            self.store.write_version(p.article, p.chunks, {c.id: by_id[c.id] for c in p.todo}, p.outline,
                                     p.sentences, sv, summary.ranked(texts, [x.kind for x in p.sentences], sv), lv)
            self.written.append(p.article.sha)
        self.store.activate([p.article for p in self.pending])
        for p in self.pending:
            (self.updated if p.previous else self.added).append(p.article.id)
        self.embedded += len(work)
        self.pending.clear()

    def prune(self, roots: list[Path]) -> list[str]:
        """Remove articles whose files were under the built folders and are gone."""
        removed = []
        for a in self.current.values():
            if a.id in self.seen or not a.path:
                continue
            ap = Path(a.path).resolve()
            if any(ap == r or r in ap.parents for r in roots) and not ap.exists():
                self.store.remove_article(a.id)
                removed.append(a.id)
        return removed


def build(paths: Sequence[Path | str] | None = None, *, settings: Settings | None = None,
          embedder=None, store: Store | None = None, prune: bool = True, force: bool = False,
          progress: Callable[[float, str], None] | None = None) -> BuildReport:
    """Index the files under `paths` (default: the bundled articles).

    `force` re-indexes files whose content is unchanged (after the cleaning, chunking or
    annotating code changed); `progress(fraction, message)` is called as work proceeds.
    """
    t0 = time.perf_counter()
    settings = settings or Settings.from_env()
    if embedder is None:  # loaded on first use: a no-op rebuild never pays for torch
        embedder = _LazyEmbedder(settings.embed_batch)
    own_store = store is None
    store = store or Store(settings, embedder)
    store.sync(from_source=True)  # what is indexed is Chroma's to say, not a cache's
    paths = [Path(p) for p in (paths or [BUNDLED_ARTICLES])]
    files = [f.resolve() for f in discover(paths)]
    progress = progress or (lambda f, m: None)
    b = _Build(settings, embedder, store, len(files), progress, force)
    for n, f in enumerate(files):
        progress(n / max(len(files), 1), f"Reading {f.name}")
        art = b.admit(f)
        if art is not None:
            b.stage(art, n)
    b.flush(len(files))
    removed = b.prune([p.resolve() for p in paths]) if prune else []
    store.sweep(own=b.written)
    if store.marker("pipeline") != PIPELINE_VERSION:
        store.set_marker("pipeline", PIPELINE_VERSION)
    progress(1.0, "Done")
    if own_store:
        store.close()
    return BuildReport(tuple(b.added), tuple(b.updated), tuple(b.unchanged), tuple(removed),
                       tuple(b.skipped), b.embedded, time.perf_counter() - t0, tuple(b.seen))


def is_stale(settings: Settings, paths: Sequence[Path | str] | None = None) -> bool:
    """True when files under `paths` differ from what the index holds, or the index was built
    by another pipeline version (cheap: file hashes against the store's records)."""
    if not settings.chroma_url and not settings.chroma_path.exists():
        return True
    store = Store(settings)
    try:
        if store.marker("pipeline") != PIPELINE_VERSION:
            return True
        have = {str(Path(a.path).resolve()): a.raw_sha for a in store.current_articles() if a.path}
    finally:
        store.close()
    files = [f.resolve() for f in discover([Path(p) for p in (paths or [BUNDLED_ARTICLES])])]
    return any(have.get(str(f)) != hashlib.sha256(f.read_bytes()).hexdigest() for f in files)


def remove(article_id: str, *, settings: Settings | None = None, store: Store | None = None) -> int:
    """Take an article out of the index (text, sentences, chunks, vectors) in one step that a
    crash cannot leave half done: it stops being current in one transaction, and its
    leftovers are swept now or by the next build. Returns the chunks removed."""
    own = store is None
    store = store or Store(settings or Settings.from_env())
    if store.current_sha(article_id) is None:
        raise LoadError(article_id, "is not in the index", "see `python -m index stats` for what is")
    try:
        return store.remove_article(article_id)
    finally:
        if own:
            store.close()
