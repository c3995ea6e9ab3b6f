"""The index as the rest of the program sees it: Chroma the source of truth, a local cache
derived from it, and an in-memory BM25 over the cached chunks.

Writes (an article version, its activation, a removal) go to Chroma only, and end by
changing Chroma's version record. Reads come from the local cache, which `sync()` brings up
to date: it reads the version record (one small request, done before each question through
`version()`), and when it moved, fetches the pointers to current versions and pulls in what
changed. So several app processes — replicas, each with its own data directory — share
one Chroma server and see each other's uploads and removals on their next question; a
process starting on an empty cache fills it from Chroma. When Chroma is unreachable, reads
go on from the cache (`degraded` says why) and dense search raises `StoreError`; the next
successful sync recovers.

A local index (Chroma embedded in the data directory, no server) is read without Chroma at
all: every process that writes it shares the cache file, and ends its write by syncing the
cache, so the cache's version record is Chroma's. A write that changes what is current
first leaves a mark in the cache with its process id, removed when the cache is in step; a
reader that finds the mark of a process no longer running (a write killed between Chroma
and the cache) or of a write that failed syncs from Chroma as above. Dense search then
scans the cached chunk vectors exactly (dense.py) up to dense.EXACT_MAX chunks. So a fresh
process answers without importing chromadb. Leaves out ranking and fusion (rag.retrieve).
"""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .annotate import SentenceInfo
from .bm25 import BM25, tokens
from .cache import LocalCache
from .chroma import ChromaSource
from .furniture import link_lines
from .dense import EXACT_MAX, DenseIndex
from .errors import StoreError
from .settings import Settings
from .structure import Outline

STALE_AFTER = 15 * 60   # seconds: a version written this long ago and never made current is a dead build's
WRITING = "writing:"    # cache meta key prefix of a write in progress: "writing:<pid>:<token>"
FAILED = "writing:failed"  # a write that raised: the cache may lag Chroma until a reader syncs from it


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


@dataclass(frozen=True)
class StoredChunk:
    id: str
    article_id: str
    article_sha: str
    title: str
    index: int
    start: int
    end: int
    tokens: int
    text: str


@dataclass(frozen=True)
class StoredSentence(SentenceInfo):
    """A sentence's annotations as stored, with its vector (None if the build had none)."""
    vector: "np.ndarray | None" = None


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    sha: str
    path: str
    title: str
    byline: str
    date: str
    site: str
    raw_sha: str
    chunks: int
    tokens: int = 0          # cl100k tokens over its chunks (overlap counted once per chunk)
    words: int = 0
    indexed_at: float = 0.0  # when this version was written (seconds since the epoch)


class Store:
    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self.embedder = embedder
        self._lock = threading.RLock()
        self.source = ChromaSource(settings, embedder)
        self.cache = LocalCache(settings.cache_path)
        self.bm25 = BM25()
        self.vectors = DenseIndex()
        self._indexed: dict[str, str] = {}  # article id -> the version BM25 holds
        self._seen = ""                     # the Chroma version this process last synced to
        self.degraded = ""                  # why reads come from the cache alone, if they do
        self.local = not settings.chroma_url
        self._reindex()
        if v := self._current_version():
            self._seen = v
            return
        try:
            self.source.cols()              # fail early and clearly when Chroma can't be opened...
        except StoreError as e:
            if not len(self.bm25):
                raise
            self.degraded = str(e)          # ...unless a cached copy can answer meanwhile (read-only)
        self.sync()

    def close(self) -> None:
        self.cache.close()

    # ---- keeping the cache in step with Chroma ------------------------------------
    def _current_version(self) -> str:
        """The cache's version record when a local index's cache is known to be in step with
        Chroma (see the module docs); "" when Chroma must be asked."""
        v = self.cache.get("version", "") if self.local else ""
        if not v or not (self.settings.chroma_path / "chroma.sqlite3").exists():
            return ""  # (the store itself was removed: say so through Chroma rather than answer from a copy)
        return "" if self._stale_marks() else v

    @property
    def _scans_locally(self) -> bool:
        """Dense search is the exact scan of the cached vectors (a local index up to EXACT_MAX chunks)."""
        return self.local and len(self.bm25) <= EXACT_MAX

    def _stale_marks(self) -> list[str]:
        """Marks of writes that failed or whose process is gone."""
        return [key for key in self.cache.keys(WRITING) if key == FAILED or not _running(int(key.split(":")[1]))]

    @contextmanager
    def _publishing(self):
        """Around a write that changes what is current: mark the cache while Chroma and it differ."""
        if not self.local:
            yield
            return
        key = f"{WRITING}{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.cache.put(key, time.time())
        try:
            yield
        except BaseException:
            self.cache.put(FAILED, time.time())
            raise
        finally:
            self.cache.delete(key)

    def sync(self, from_source: bool = False) -> bool:
        """Pull in what changed in Chroma since this process last looked; False when nothing did.
        `from_source` asks Chroma even where the cache's own record would do (a build starts so)."""
        with self._lock:
            if not from_source and (v := self._current_version()):
                if v == self._seen:
                    return False
                self._seen, self.degraded = v, ""  # another process reached Chroma and brought the cache in step
                self._reindex()
                return True
            return self._sync_from_chroma()

    def _sync_from_chroma(self, strict: bool = False) -> bool:
        """`sync` by asking Chroma; `strict` (a writer's) raises StoreError instead of degrading."""
        with self._lock:
            try:
                v = self.source.version()
                changed = not (v and v == self._seen)
                if changed:
                    pointers = self.source.pointers()
                    local = self.cache.pointers()  # another process on this data dir may have moved it
                    for aid in local:
                        if aid not in pointers:
                            self.cache.drop(aid)
                    for aid, (sha, at) in pointers.items():
                        if local.get(aid) != (sha, at):
                            self._pull(aid, sha, at)
                    self.cache.put("version", v)
                self._seen, self.degraded = v, ""
                if self.local:  # in step now: a failed or killed write's mark has done its job
                    for key in self._stale_marks():
                        self.cache.delete(key)
                if not changed:
                    return False
            except StoreError as e:
                self.degraded = str(e)
                if strict:
                    raise
            self._reindex()
            return True

    def _pull(self, article_id: str, sha: str, at: float) -> None:
        art = self.source.article(sha)
        if art is None:  # the pointer moved again meanwhile; the next sync catches up
            return
        chunks = self.source.chunk_records(sha)
        rows, vecs = self.source.sentences(sha)
        self.cache.add(art, chunks, rows, vecs, at)

    def _reindex(self) -> None:
        """Bring the in-memory BM25 in line with the cache, article by article."""
        current = self.cache.current()
        for aid, sha in list(self._indexed.items()):
            if current.get(aid) != sha:
                for cid in self.bm25.ids_of(aid):
                    self.bm25.remove(cid)
                del self._indexed[aid]
        todo = [aid for aid, sha in current.items() if self._indexed.get(aid) != sha]
        for cid, aid, title, text in self.cache.current_chunk_texts(todo):
            self.bm25.add(cid, f"{title}\n{text}", aid)
        # Chunk vectors in memory only where dense search scans them (a local index up to
        # EXACT_MAX chunks); above that Chroma's HNSW answers and they would only cost memory.
        loaded = set(self.vectors.articles())
        for aid in loaded - (set(current) if self._scans_locally else set()):
            self.vectors.remove(aid)
        if self._scans_locally:
            need = sorted(set(todo) | (set(current) - loaded))
            rows: dict[str, list] = {aid: [] for aid in need}
            for cid, aid, vec in self.cache.current_chunk_vectors(need):
                rows[aid].append((cid, vec))
            for aid, r in rows.items():
                self.vectors.put(aid, r)
        for aid in todo:
            self._indexed[aid] = current[aid]

    def version(self) -> str:
        """Sync, then the version this process is in step with (changes whenever the set of articles does)."""
        self.sync()
        return self._seen or self.cache.get("version", "")

    # ---- writes (Chroma first; the cache follows by sync) -----------------------------
    def missing_vectors(self, ids: Sequence[str]) -> list[str]:
        """Chunk ids with no record yet (a killed build may have written some)."""
        return self.source.missing_chunks(list(ids)) if ids else []

    def write_version(self, article, chunks, vectors: dict, outline: Outline, sentences: Sequence[SentenceInfo],
                      sentence_vectors, summary: Sequence[int], link_vectors=()) -> None:
        """Every record of one article version, not yet visible. `link_vectors` are those of
        its removed lines that link to other stories (index.furniture.link_lines), in order."""
        self.source.put_version(article, chunks, vectors, outline.to_json(), sentences, sentence_vectors, summary,
                                [[r.line, r.reason] for r in article.removed], link_vectors)

    def activate(self, articles) -> None:
        """Make each article (written by `write_version`) the current version of its id, drop
        the versions they replace, then tell readers (one version bump for the lot)."""
        if not articles:
            return
        with self._publishing():
            before = self.source.current()
            self.source.set_current({a.id: a.sha for a in articles})
            for a in articles:
                if before.get(a.id) not in (None, a.sha):
                    self.source.delete_version(before[a.id])
            self.source.bump()
            self._sync_from_chroma(strict=True)

    def remove_article(self, article_id: str) -> int:
        with self._publishing():
            sha = self.source.current().get(article_id)
            n = self.cache.chunk_count(article_id)
            self.source.clear_current(article_id)
            if sha:
                self.source.delete_version(sha)
            self.source.bump()
            self._sync_from_chroma(strict=True)
        return n

    def sweep(self, own: Iterable[str] = ()) -> int:
        """Delete versions nobody points at: this build's leftovers (`own`) at once, anyone
        else's once they are older than STALE_AFTER (another replica may still be writing)."""
        live = set(self.source.current().values())
        mine, cutoff, gone = set(own), time.time() - STALE_AFTER, 0
        versions = self.source.versions()
        stale = {sha for sha, (_, at) in versions.items() if sha not in live and (sha in mine or at < cutoff)}
        stale |= {sha for sha, at in self.source.chunk_shas().items()
                  if sha not in live and sha not in versions and (sha in mine or at < cutoff)}
        for sha in stale:
            self.source.delete_version(sha)
            gone += 1
        return gone

    def set_marker(self, key: str, value: str) -> None:
        self.source.set_marker(key, value)

    def marker(self, key: str) -> str | None:
        return self.source.marker(key)

    # ---- reads -------------------------------------------------------------------
    def current_articles(self) -> list[ArticleInfo]:
        return [ArticleInfo(*r) for r in self.cache.articles()]

    def current_sha(self, article_id: str) -> str | None:
        return self.cache.current_sha(article_id)

    def article_text(self, article_id: str, sha: str | None = None) -> str | None:
        return self.cache.text(sha or self.current_sha(article_id))

    def link_vectors(self, article_sha: str) -> list[tuple[str, np.ndarray]] | None:
        """(line, vector) of the version's removed lines that link to other stories, in order;
        None when its build stored no vectors for them (an index from before they were kept)."""
        vecs = self.cache.link_vectors(article_sha)
        lines = link_lines(self.removed_lines(article_sha))
        if vecs is None:
            return None if lines else []
        return list(zip(lines, vecs)) if len(vecs) == len(lines) else None

    def outline(self, article_sha: str) -> Outline:
        return Outline.from_json(self.cache.json_column(article_sha, "outline", {}))

    def summary(self, article_sha: str) -> list[int]:
        return self.cache.json_column(article_sha, "summary", [])

    def removed_lines(self, article_sha: str) -> list[tuple[str, str]]:
        """What the cleaner removed from the article's file, with the reason, in order."""
        return [tuple(x) for x in self.cache.json_column(article_sha, "removed", [])]

    def sentences(self, article_sha: str) -> list[StoredSentence]:
        """An article version's sentences with annotations and vectors (from the cache)."""
        return [StoredSentence(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6].split()),
                               tuple(tuple(e) for e in json.loads(r[7])),
                               np.frombuffer(r[8], dtype=np.float16).astype(np.float32) if r[8] else None)
                for r in self.cache.sentences(article_sha)]

    def chunks(self, ids: Iterable[str] | None = None, article_id: str | None = None) -> list[StoredChunk]:
        """Live chunks, by id (in the order given) or for one article (in article order)."""
        if ids is not None:
            ids = list(ids)
            found = {r[0]: StoredChunk(*r) for r in self.cache.chunks(ids=ids)}
            return [found[i] for i in ids if i in found]
        return [StoredChunk(*r) for r in self.cache.chunks(article_id=article_id)]

    def count(self) -> int:
        return len(self.bm25)

    def dense(self, vector, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest live chunks (of `articles`, if given)."""
        if not len(self.bm25):
            return []
        if self._scans_locally and self.vectors.complete:
            return self.vectors.search(vector, k, articles)  # every cached chunk is live
        n = k * 2 + 8
        while True:
            try:
                hits = self.source.query(vector, n, articles)
            except StoreError as e:
                self.degraded = str(e)
                raise
            live = [(i, s) for i, s in hits if i in self.bm25.slot]  # versions being written or replaced
            if len(live) >= k or len(hits) < n:
                return live[:k]
            n *= 4

    def lexical(self, query: str, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score, higher is better), from the in-memory index."""
        return self.bm25.search(query, k, set(articles) if articles else None)

    def document_frequency(self, text: str, phrase: bool = False) -> int:
        """Live chunks holding every word of `text` (with `phrase`, the words in a row), with
        the stemming lexical search uses; the title counts as part of each chunk."""
        terms = list(dict.fromkeys(tokens(text)))
        if not terms:
            return 0
        if len(terms) == 1:
            return self.bm25.document_frequency(terms[0])
        ids = self.bm25.holding(terms)
        if not phrase:
            return len(ids)
        needle = f" {' '.join(tokens(text))} "
        return sum(needle in f" {' '.join(tokens(c.title + ' ' + c.text))} " for c in self.chunks(ids[:500]))

    def all_vector_ids(self) -> list[str]:
        return self.source.all_chunk_ids()

