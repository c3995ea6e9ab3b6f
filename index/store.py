"""Where the index lives: a SQLite document store beside a Chroma vector collection.

SQLite holds each article version's cleaned text, its chunks, and an FTS5 (BM25) index
of chunk text; Chroma holds one vector per chunk (cosine space), embedded or via a
`chroma run` server when `RAG_CHROMA_URL` is set. An article becomes visible through a
single SQLite row, `current(article_id -> sha)`, switched in one transaction after all of
its chunks and vectors are written; every read joins through it. So a build killed at any
point leaves the previous version answering, and the next build finishes the job. Vectors
whose chunk is gone from SQLite are swept at the end of each build.

Lexical search lives in SQLite rather than an in-memory BM25 so that it scales with the
corpus on disk, is updated incrementally, and is safe across processes. Leaves out
ranking and fusion (see `rag.retrieve`).
"""
from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .annotate import SentenceInfo
from .chunker import Chunk
from .errors import StoreError
from .loader import Article
from .settings import Settings
from .structure import Outline
from .text import STOP, words

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS articles (
    sha TEXT PRIMARY KEY, id TEXT NOT NULL, path TEXT, title TEXT, byline TEXT, date TEXT,
    site TEXT, raw_sha TEXT, text TEXT NOT NULL, outline TEXT NOT NULL DEFAULT '{}',
    summary TEXT NOT NULL DEFAULT '[]', removed TEXT NOT NULL DEFAULT '[]', indexed_at REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sentences (
    article_sha TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, end INTEGER, para INTEGER,
    section INTEGER, kind TEXT, stems TEXT, ents TEXT, vec BLOB, PRIMARY KEY (article_sha, idx));
CREATE TABLE IF NOT EXISTS current (id TEXT PRIMARY KEY, sha TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_sha TEXT NOT NULL, article_id TEXT NOT NULL, idx INTEGER,
    start INTEGER, end INTEGER, tokens INTEGER, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks(article_sha);
CREATE INDEX IF NOT EXISTS chunks_by_article_id ON chunks(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    id UNINDEXED, text, tokenize='porter unicode61 remove_diacritics 2');
"""



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
    """A sentence's annotations as stored, with its vector (None until the build embeds it)."""
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


def _chroma_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        m = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", settings.chroma_url)
        if not m:
            raise StoreError(f"RAG_CHROMA_URL={settings.chroma_url!r} is not http(s)://HOST:PORT")
        scheme, host, port = m.groups()
        return chromadb.HttpClient(host=host, port=int(port or 8000), ssl=scheme == "https",
                                   settings=chroma_settings)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class _ChromaEF:
    """Adapter so Chroma never falls back to its own (downloading) default model."""

    def __init__(self, embedder):
        self._e = embedder

    def __call__(self, input):
        return [v for v in self._e.encode(list(input))]

    def embed_query(self, input):
        return self(input)

    @staticmethod
    def name() -> str:
        return "caucasus-rag-minilm"

    def is_legacy(self) -> bool:
        return True

    def default_space(self):
        return "cosine"

    def supported_spaces(self):
        return ["cosine"]

    def get_config(self):
        return {}


class Store:
    def __init__(self, settings: Settings, embedder=None):
        self.settings = settings
        self.embedder = embedder
        self._lock = threading.RLock()
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(settings.docstore_path, check_same_thread=False, timeout=30)
            self.db.executescript(SCHEMA)
            self._migrate()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(
                f"Cannot open the index in {settings.data_dir}: {e}. Make sure the directory "
                "is writable and has free space, or point RAG_DATA_DIR elsewhere.") from None
        try:
            self.client = _chroma_client(settings)
            self.collection = self.client.get_or_create_collection(
                settings.collection, embedding_function=_ChromaEF(embedder) if embedder else None,
                metadata={"hnsw:space": "cosine"})
        except StoreError:
            raise
        except Exception as e:  # chromadb raises many types; all mean the same to a user
            where = settings.chroma_url or settings.chroma_path
            raise StoreError(f"Cannot open the Chroma vector store at {where}: {e}. "
                             + ("Is `chroma run` up at that address?" if settings.chroma_url
                                else "Check the directory is writable.")) from None

    def _migrate(self) -> None:
        """Bring an index written by an earlier version up to this schema (columns added with
        defaults; the pipeline version then re-indexes every article on the next build)."""
        cols = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        for name, default in (("outline", "'{}'"), ("summary", "'[]'"), ("removed", "'[]'"), ("indexed_at", "0")):
            if name not in cols:
                with self.db:
                    self.db.execute(f"ALTER TABLE articles ADD COLUMN {name} TEXT NOT NULL DEFAULT {default}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # ---- writes ------------------------------------------------------------------
    @contextmanager
    def _write(self):
        """A write transaction; SQLite failures (disk full, read-only) become StoreError.

        The transaction rolls back, so the index is left as it was before the write."""
        with self._lock:
            try:
                with self.db:
                    yield
            except sqlite3.Error as e:
                disk = any(w in str(e).lower() for w in ("full", "readonly", "read-only", "unable to open", "i/o"))
                hint = ("Free some disk space or make the directory writable (or point RAG_DATA_DIR elsewhere)"
                        if disk else "If the index was written by another version of this program, point "
                        "RAG_DATA_DIR at a new directory and build again")
                raise StoreError(f"Cannot write to the index in {self.settings.data_dir}: {e}. {hint}, then run "
                                 "the build again; the existing index is unchanged.") from None

    def put_article(self, article: Article, chunks: Sequence[Chunk], outline: Outline | None = None,
                    sentences: Sequence[SentenceInfo] = ()) -> None:
        """Stage an article version, its outline, sentences and chunks (not yet visible)."""
        with self._write():
            self.db.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,'[]',?,?) ON CONFLICT(sha) DO UPDATE SET "
                "outline=excluded.outline, removed=excluded.removed, indexed_at=excluded.indexed_at",
                (article.sha, article.id, article.path, article.title, article.byline,
                 article.date, article.site, article.raw_sha, article.text,
                 json.dumps((outline or Outline(())).to_json()),
                 json.dumps([[r.line, r.reason] for r in article.removed], ensure_ascii=False), time.time()))
            self.db.executemany("INSERT OR IGNORE INTO sentences VALUES (?,?,?,?,?,?,?,?,?,NULL)",
                                [(article.sha, *x.to_row()) for x in sentences])
            have = {r[0] for r in self.db.execute(
                "SELECT id FROM chunks WHERE article_sha=?", (article.sha,))}
            for c in chunks:
                if c.id in have:
                    continue
                self.db.execute("INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                                (c.id, article.sha, c.article_id, c.index, c.start, c.end,
                                 c.tokens, c.text))
                self.db.execute("INSERT INTO chunks_fts(id, text) VALUES (?,?)",
                                (c.id, f"{article.title}\n{c.text}"))

    def missing_vectors(self, ids: Sequence[str]) -> list[str]:
        if not ids:
            return []
        got = set(self._chroma(lambda: self.collection.get(ids=list(ids), include=[]))["ids"])
        return [i for i in ids if i not in got]

    def add_vectors(self, items: Sequence[tuple[Article, Chunk]], vectors) -> None:
        """Write one vector per (article, chunk); one Chroma call for many articles' chunks."""
        if not items:
            return
        self._chroma(lambda: self.collection.upsert(
            # Text lives in SQLite (with its own BM25 index); storing it in Chroma too would
            # make Chroma build a second full-text index and halve ingest speed at scale.
            ids=[c.id for _, c in items], embeddings=[list(map(float, v)) for v in vectors],
            metadatas=[{"article_id": c.article_id, "article_sha": a.sha, "title": a.title, "index": c.index,
                        "start": c.start, "end": c.end, "tokens": c.tokens} for a, c in items]))

    def add_sentence_vectors(self, article_sha: str, vectors) -> None:
        """Sentence vectors, in sentence order, stored as float16 (cosines to ~1e-3)."""
        with self._write():
            self.db.executemany("UPDATE sentences SET vec=? WHERE article_sha=? AND idx=?",
                                [(np.asarray(v, dtype=np.float16).tobytes(), article_sha, i)
                                 for i, v in enumerate(vectors)])

    def set_summary(self, article_sha: str, ranking: Sequence[int]) -> None:
        """The article version's summary sentences, most central first (see index.summary)."""
        with self._write():
            self.db.execute("UPDATE articles SET summary=? WHERE sha=?", (json.dumps(list(ranking)), article_sha))

    def summary(self, article_sha: str) -> list[int]:
        with self._lock:
            r = self.db.execute("SELECT summary FROM articles WHERE sha=?", (article_sha,)).fetchone()
        return json.loads(r[0]) if r else []

    def activate(self, article: Article) -> int:
        """Make `article` the live version of its id; drop older versions. Returns chunks dropped."""
        with self._write():
            self.db.execute("INSERT OR REPLACE INTO current VALUES (?,?)", (article.id, article.sha))
            stale = self._stale_chunk_ids(article.id, keep_sha=article.sha)
            self._bump_version()
        self._delete_vectors(stale)
        return len(stale)

    def remove_article(self, article_id: str) -> int:
        with self._write():
            self.db.execute("DELETE FROM current WHERE id=?", (article_id,))
            stale = self._stale_chunk_ids(article_id, keep_sha=None)
            self._bump_version()
        self._delete_vectors(stale)
        return len(stale)

    def _bump_version(self) -> None:
        # Inside the caller's transaction: readers see the new articles and the new version together.
        self.db.execute("INSERT INTO meta VALUES ('version', 1) "
                        "ON CONFLICT(key) DO UPDATE SET value = value + 1")

    def _stale_chunk_ids(self, article_id: str, keep_sha: str | None) -> list[str]:
        rows = self.db.execute(
            "SELECT id, article_sha FROM chunks WHERE article_id=? AND article_sha IS NOT ?",
            (article_id, keep_sha)).fetchall()
        ids = [r[0] for r in rows]
        for sha in {r[1] for r in rows}:
            self.db.execute("DELETE FROM articles WHERE sha=?", (sha,))
            self.db.execute("DELETE FROM sentences WHERE article_sha=?", (sha,))
        self.db.executemany("DELETE FROM chunks WHERE id=?", [(i,) for i in ids])
        self.db.executemany("DELETE FROM chunks_fts WHERE id=?", [(i,) for i in ids])
        return ids

    def _delete_vectors(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self._chroma(lambda: self.collection.delete(ids=ids[i:i + 5000]))

    def sweep(self) -> int:
        """Delete vectors and staged chunks that no live article owns (left by a killed build)."""
        with self._write():
            orphans = [r[0] for r in self.db.execute(
                "SELECT c.id FROM chunks c LEFT JOIN current cur ON cur.sha = c.article_sha "
                "WHERE cur.sha IS NULL")]
            self.db.executemany("DELETE FROM chunks WHERE id=?", [(i,) for i in orphans])
            self.db.executemany("DELETE FROM chunks_fts WHERE id=?", [(i,) for i in orphans])
            self.db.execute("DELETE FROM articles WHERE sha NOT IN (SELECT sha FROM current)")
            self.db.execute("DELETE FROM sentences WHERE article_sha NOT IN (SELECT sha FROM current)")
            live = {r[0] for r in self.db.execute("SELECT id FROM chunks")}
        extra = [i for i in self.all_vector_ids() if i not in live]
        self._delete_vectors(extra)
        return len(extra) + len(orphans)

    def all_vector_ids(self) -> list[str]:
        ids, offset = [], 0
        while True:
            page = self._chroma(lambda: self.collection.get(include=[], limit=10000, offset=offset))["ids"]
            ids += page
            if len(page) < 10000:
                return ids
            offset += len(page)

    # ---- reads -------------------------------------------------------------------
    def current_articles(self) -> list[ArticleInfo]:
        with self._lock:
            rows = self.db.execute(
                "SELECT a.id, a.sha, a.path, a.title, a.byline, a.date, a.site, a.raw_sha, "
                "(SELECT count(*) FROM chunks c WHERE c.article_sha = a.sha), "
                "(SELECT coalesce(sum(tokens), 0) FROM chunks c WHERE c.article_sha = a.sha), "
                "length(a.text) - length(replace(a.text, ' ', '')) + 1, a.indexed_at "
                "FROM current cur JOIN articles a ON a.sha = cur.sha ORDER BY a.id").fetchall()
        return [ArticleInfo(*r) for r in rows]

    def removed_lines(self, article_sha: str) -> list[tuple[str, str]]:
        """What the cleaner removed from the article's file, with the reason, in order."""
        with self._lock:
            r = self.db.execute("SELECT removed FROM articles WHERE sha=?", (article_sha,)).fetchone()
        return [tuple(x) for x in json.loads(r[0])] if r else []

    def current_sha(self, article_id: str) -> str | None:
        with self._lock:
            r = self.db.execute("SELECT sha FROM current WHERE id=?", (article_id,)).fetchone()
        return r[0] if r else None

    def article_text(self, article_id: str, sha: str | None = None) -> str | None:
        with self._lock:
            if sha is None:
                sha = self.current_sha(article_id)
            r = self.db.execute("SELECT text FROM articles WHERE sha=?", (sha,)).fetchone()
        return r[0] if r else None

    def sentences(self, article_sha: str) -> list[StoredSentence]:
        """An article version's sentences with their annotations and vectors, in order."""
        with self._lock:
            rows = self.db.execute("SELECT idx, start, end, para, section, kind, stems, ents, vec FROM sentences "
                                   "WHERE article_sha=? ORDER BY idx", (article_sha,)).fetchall()
        return [StoredSentence(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6].split()),
                               tuple(tuple(e) for e in json.loads(r[7])),
                               np.frombuffer(r[8], dtype=np.float16).astype(np.float32) if r[8] else None)
                for r in rows]

    def outline(self, article_sha: str) -> Outline:
        with self._lock:
            r = self.db.execute("SELECT outline FROM articles WHERE sha=?", (article_sha,)).fetchone()
        return Outline.from_json(json.loads(r[0])) if r else Outline(())

    def chunks(self, ids: Iterable[str] | None = None, article_id: str | None = None) -> list[StoredChunk]:
        """Live chunks, by id (in the order given) or for one article (in article order)."""
        q = ("SELECT c.id, c.article_id, c.article_sha, a.title, c.idx, c.start, c.end, c.tokens, c.text "
             "FROM chunks c JOIN current cur ON cur.sha = c.article_sha JOIN articles a ON a.sha = c.article_sha ")
        with self._lock:
            if ids is not None:
                ids = list(ids)
                found: dict[str, StoredChunk] = {}
                for i in range(0, len(ids), 500):
                    part = ids[i:i + 500]
                    for r in self.db.execute(q + f"WHERE c.id IN ({','.join('?' * len(part))})", part):
                        found[r[0]] = StoredChunk(*r)
                return [found[i] for i in ids if i in found]
            if article_id is not None:
                rows = self.db.execute(q + "WHERE c.article_id=? ORDER BY c.idx", (article_id,))
            else:
                rows = self.db.execute(q + "ORDER BY c.article_id, c.idx")
            return [StoredChunk(*r) for r in rows]

    def set_meta(self, key: str, value) -> None:
        with self._write():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))

    def version(self) -> int:
        """A number that changes whenever the set of live articles does (any process)."""
        with self._lock:
            r = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        return r[0] if r else 0

    def count(self) -> int:
        with self._lock:
            return self.db.execute(
                "SELECT count(*) FROM chunks c JOIN current cur ON cur.sha = c.article_sha").fetchone()[0]

    def dense(self, vector, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest live chunks (of `articles`, if given)."""
        n = self._chroma(self.collection.count)
        if n == 0:
            return []
        where = {"article_id": {"$in": list(articles)}} if articles else None
        res = self._chroma(lambda: self.collection.query(
            query_embeddings=[list(map(float, vector))], n_results=min(n, k * 2 + 8), include=["distances"],
            where=where))
        pairs = list(zip(res["ids"][0], res["distances"][0]))
        live = {c.id for c in self.chunks(i for i, _ in pairs)}
        return [(i, 1.0 - d) for i, d in pairs if i in live][:k]

    def lexical(self, query: str, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score, higher is better) from SQLite FTS5 (of `articles`, if given)."""
        # Function words match most chunks and add nothing to BM25 but time; dropped from queries.
        ws = [t for t in words(query) if len(t) > 1]
        terms = [t for t in ws if t not in STOP] or ws
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in dict.fromkeys(terms))
        with self._lock:
            if articles:  # a scope: filter first (few chunks), then rank
                marks = ",".join("?" * len(articles))
                rows = self.db.execute(
                    "SELECT f.id, bm25(chunks_fts) AS s FROM chunks_fts f JOIN chunks c ON c.id = f.id "
                    f"JOIN current cur ON cur.sha = c.article_sha WHERE chunks_fts MATCH ? AND c.article_id IN ({marks}) "
                    "ORDER BY s LIMIT ?", (match, *articles, k)).fetchall()
            else:
                # Rank inside FTS5 first, then keep live chunks: joining before ranking makes
                # SQLite join every match (thousands on a big corpus) just to sort them.
                rows = self.db.execute(
                    "SELECT f.id, f.s FROM (SELECT id, bm25(chunks_fts) AS s FROM chunks_fts "
                    "WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?) f "
                    "JOIN chunks c ON c.id = f.id JOIN current cur ON cur.sha = c.article_sha ORDER BY f.s",
                    (match, k * 2 + 10)).fetchall()[:k]
        return [(i, -s) for i, s in rows]

    def document_frequency(self, text: str, phrase: bool = False) -> int:
        """How many chunks contain every word of `text` (or, with `phrase`, the words in a row);
        the same stemming as lexical search."""
        terms = words(text)
        if not terms:
            return 0
        match = f'"{" ".join(terms)}"' if phrase else " ".join(f'"{t}"' for t in terms)
        with self._lock:
            return self.db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (match,)).fetchone()[0]

    def _chroma(self, fn):
        try:
            return fn()
        except Exception as e:
            where = self.settings.chroma_url or self.settings.chroma_path
            raise StoreError(f"The Chroma vector store at {where} failed: {e}. "
                             + ("Check that `chroma run` is up, then retry." if self.settings.chroma_url
                                else "Check the data directory is writable and not full, then retry.")) from None
