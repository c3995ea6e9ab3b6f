"""The local cache of what Chroma holds: article text and metadata, chunks with their vectors,
sentences, the vectors of an article's removed link lines.

A SQLite file under the data directory, derived from Chroma and rebuilt from it when lost:
each replica keeps its own, so reads (citations, article text, sentence annotations) never
wait on the network, and answers go on (keyword search only) while Chroma is unreachable;
on a local index it is all a reader needs (store.py). Only `Store` writes here (its sync, and
the marks of a write in progress), and every change of one article is one transaction. This
module is the only one that knows the tables: everything else asks through its methods.
Leaves out lexical ranking (bm25.py) and the source of truth (chroma.py).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import StoreError

CACHE_SCHEMA = "3"   # a cache of another schema is dropped and refilled from Chroma
SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS articles (
    sha TEXT PRIMARY KEY, id TEXT NOT NULL, path TEXT, title TEXT, byline TEXT, date TEXT, site TEXT, raw_sha TEXT,
    text TEXT NOT NULL, outline TEXT NOT NULL DEFAULT '{}', summary TEXT NOT NULL DEFAULT '[]',
    removed TEXT NOT NULL DEFAULT '[]', indexed_at REAL NOT NULL DEFAULT 0, links BLOB, link_dim INTEGER);
CREATE TABLE IF NOT EXISTS current (id TEXT PRIMARY KEY, sha TEXT NOT NULL, at REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_sha TEXT NOT NULL, article_id TEXT NOT NULL, idx INTEGER,
    start INTEGER, end INTEGER, tokens INTEGER, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_sha ON chunks(article_sha);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks(article_id);
-- apart from chunks, so reading chunk text (BM25 at start-up) does not page through vectors
CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sentences (
    article_sha TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER, end INTEGER, para INTEGER,
    section INTEGER, kind TEXT, stems TEXT, ents TEXT, vec BLOB, PRIMARY KEY (article_sha, idx));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
"""


class LocalCache:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.RLock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, check_same_thread=False, timeout=30)
            self.db.executescript(SCHEMA)
            if self.get("schema") != CACHE_SCHEMA:
                with self.db:
                    for (table,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
                        self.db.execute(f"DROP TABLE {table}")
                self.db.executescript(SCHEMA)
                self.put("schema", CACHE_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"Cannot open the index cache in {path.parent}: {e}. Make sure the directory is "
                             "writable and has free space, or point RAG_DATA_DIR elsewhere.") from None

    @contextmanager
    def write(self):
        with self._lock:
            try:
                with self.db:
                    yield self.db
            except sqlite3.Error as e:
                raise StoreError(f"Cannot write the index cache in {self.path.parent}: {e}. Free some disk space "
                                 "or make the directory writable (or point RAG_DATA_DIR elsewhere); it is "
                                 "rebuilt from Chroma on the next start.") from None

    def _read(self, sql: str, args=()) -> list:
        with self._lock:
            return self.db.execute(sql, args).fetchall()

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # ---- meta -----------------------------------------------------------------
    def get(self, key: str, default=None):
        r = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return r[0][0] if r else default

    def put(self, key: str, value) -> None:
        with self.write() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))

    def delete(self, key: str) -> None:
        with self.write() as db:
            db.execute("DELETE FROM meta WHERE key=?", (key,))

    def keys(self, prefix: str) -> list[str]:
        return [r[0] for r in self._read("SELECT key FROM meta WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))]

    # ---- articles -------------------------------------------------------------
    def current(self) -> dict[str, str]:
        return dict(self._read("SELECT id, sha FROM current"))

    def pointers(self) -> dict[str, tuple[str, float]]:
        return {i: (sha, at) for i, sha, at in self._read("SELECT id, sha, at FROM current")}

    def add(self, article: dict, chunks: list[tuple], rows: list[list] = (),
            vectors: np.ndarray | None = None, at: float = 0.0) -> None:
        """One article version from Chroma's records (chunks as (id, text, metadata[, vector]),
        sentence rows and vectors), made current, replacing an older one — in one transaction."""
        links = article.get("links")
        links = np.asarray(links, np.float16) if links is not None and len(links) else None
        with self.write() as db:
            old = [r[0] for r in db.execute("SELECT sha FROM current WHERE id=?", (article["article_id"],))]
            for sha in old:
                self._drop_version(db, sha)
            db.execute("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (article["sha"], article["article_id"], article.get("path", ""), article.get("title", ""),
                        article.get("byline", ""), article.get("date", ""), article.get("site", ""),
                        article.get("raw_sha", ""), article["text"], article.get("outline", "{}"),
                        article.get("summary", "[]"), article.get("removed", "[]"), article.get("indexed_at", 0.0),
                        links.tobytes() if links is not None else None,
                        links.shape[1] if links is not None else None))
            db.executemany("INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                           [(c[0], c[2]["article_sha"], c[2]["article_id"], c[2]["index"], c[2]["start"], c[2]["end"],
                             c[2]["tokens"], c[1]) for c in chunks])
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?,?)",
                           [(c[0], np.asarray(c[3], np.float32).tobytes()) for c in chunks
                            if len(c) > 3 and c[3] is not None])
            self._put_sentences(db, article["sha"], rows, vectors)
            db.execute("INSERT OR REPLACE INTO current VALUES (?,?,?)", (article["article_id"], article["sha"], at))

    def drop(self, article_id: str) -> list[str]:
        """Forget an article; returns the ids of the chunks it had."""
        with self.write() as db:
            shas = [r[0] for r in db.execute("SELECT sha FROM current WHERE id=?", (article_id,))]
            ids = [r[0] for sha in shas for r in db.execute("SELECT id FROM chunks WHERE article_sha=?", (sha,))]
            for sha in shas:
                self._drop_version(db, sha)
            db.execute("DELETE FROM current WHERE id=?", (article_id,))
        return ids

    @staticmethod
    def _drop_version(db, sha: str) -> None:
        db.execute("DELETE FROM vectors WHERE id IN (SELECT id FROM chunks WHERE article_sha=?)", (sha,))
        db.execute("DELETE FROM chunks WHERE article_sha=?", (sha,))
        db.execute("DELETE FROM sentences WHERE article_sha=?", (sha,))
        db.execute("DELETE FROM articles WHERE sha=?", (sha,))

    # ---- sentences ----------------------------------------------------------------
    @staticmethod
    def _put_sentences(db, sha: str, rows, vectors) -> None:
        db.executemany("INSERT OR REPLACE INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)",
                       [(sha, *row, np.asarray(vectors[i], np.float16).tobytes()
                         if vectors is not None and i < len(vectors) else None) for i, row in enumerate(rows)])

    def sentences(self, sha: str) -> list[tuple]:
        return self._read("SELECT idx, start, end, para, section, kind, stems, ents, vec FROM sentences "
                         "WHERE article_sha=? ORDER BY idx", (sha,))

    def link_vectors(self, sha: str) -> np.ndarray | None:
        """The vectors of the version's removed link lines (None when its build stored none)."""
        r = self._read("SELECT links, link_dim FROM articles WHERE sha=?", (sha,))
        if not r or r[0][0] is None:
            return None
        return np.frombuffer(r[0][0], dtype=np.float16).astype(np.float32).reshape(-1, r[0][1])

    def json_column(self, sha: str, column: str, default):
        if column not in ("outline", "summary", "removed"):
            raise ValueError(f"no JSON column {column!r}")
        r = self._read(f"SELECT {column} FROM articles WHERE sha=?", (sha,))
        return json.loads(r[0][0]) if r else default

    # ---- reads for Store ---------------------------------------------------------
    def current_sha(self, article_id: str) -> str | None:
        r = self._read("SELECT sha FROM current WHERE id=?", (article_id,))
        return r[0][0] if r else None

    def text(self, sha: str | None) -> str | None:
        r = self._read("SELECT text FROM articles WHERE sha=?", (sha,))
        return r[0][0] if r else None

    def articles(self) -> list[tuple]:
        """Current articles: id, sha, path, title, byline, date, site, raw_sha, chunks, tokens, words, indexed_at."""
        return self._read(
            "SELECT a.id, a.sha, a.path, a.title, a.byline, a.date, a.site, a.raw_sha, "
            "(SELECT count(*) FROM chunks c WHERE c.article_sha = a.sha), "
            "(SELECT coalesce(sum(tokens), 0) FROM chunks c WHERE c.article_sha = a.sha), "
            "length(a.text) - length(replace(a.text, ' ', '')) + 1, a.indexed_at "
            "FROM current cur JOIN articles a ON a.sha = cur.sha ORDER BY a.id")

    def chunk_count(self, article_id: str) -> int:
        return self._read("SELECT count(*) FROM chunks WHERE article_id=?", (article_id,))[0][0]

    _CHUNK = ("SELECT c.id, c.article_id, c.article_sha, a.title, c.idx, c.start, c.end, c.tokens, c.text "
              "FROM chunks c JOIN articles a ON a.sha = c.article_sha ")
    _BATCH = 500   # SQLite's default limit on bound parameters is 999

    def chunks(self, ids: list[str] | None = None, article_id: str | None = None) -> list[tuple]:
        """Chunk rows (id, article_id, article_sha, title, idx, start, end, tokens, text): by id
        (any order), of one article (in article order), or all."""
        if ids is not None:
            out = []
            for i in range(0, len(ids), self._BATCH):
                part = ids[i:i + self._BATCH]
                out += self._read(self._CHUNK + f"WHERE c.id IN ({','.join('?' * len(part))})", part)
            return out
        if article_id is not None:
            return self._read(self._CHUNK + "WHERE c.article_id=? ORDER BY c.idx", (article_id,))
        return self._read(self._CHUNK + "ORDER BY c.article_id, c.idx")

    def current_chunk_vectors(self, article_ids: list[str]) -> list[tuple[str, str, bytes | None]]:
        """(chunk id, article id, float32 vector bytes or None) of the current versions of these articles."""
        out = []
        for i in range(0, len(article_ids), self._BATCH):
            part = article_ids[i:i + self._BATCH]
            out += self._read(
                "SELECT c.id, c.article_id, v.vec FROM current cur JOIN chunks c ON c.article_sha = cur.sha "
                f"LEFT JOIN vectors v ON v.id = c.id WHERE cur.id IN ({','.join('?' * len(part))}) "
                "ORDER BY c.article_id, c.idx", part)
        return out

    def current_chunk_texts(self, article_ids: list[str]) -> list[tuple[str, str, str, str]]:
        """(chunk id, article id, title, text) of the current versions of these articles."""
        out = []
        for i in range(0, len(article_ids), self._BATCH):
            part = article_ids[i:i + self._BATCH]
            out += self._read(
                "SELECT c.id, c.article_id, a.title, c.text FROM current cur JOIN chunks c ON c.article_sha = cur.sha "
                f"JOIN articles a ON a.sha = cur.sha WHERE cur.id IN ({','.join('?' * len(part))})", part)
        return out
