"""Chroma as the index's source of truth: everything an answer needs lives in four collections.

* `<name>` — one record per chunk: the chunk's text as the document, its vector, and its
  metadata (article id and version, title, position, offsets, tokens, index time).
  `langchain_chroma.Chroma(client=..., collection_name=<name>, embedding_function=...)`
  reads it as ordinary LangChain Documents.
* `<name>__articles` — one record per article version: the cleaned text as the document and
  its metadata (title, byline, date, site, file, outline, summary, what the cleaner removed).
* `<name>__sentences` — each article version's sentence annotations and vectors, in pages.
* `<name>__meta` — a pointer per article to its current version, and a version record that
  changes with every write.

A version is written in full before its pointer switches (one record upsert), so a write
killed midway leaves nothing visible; readers only see chunks of current versions. The
client connects lazily and again after a failure, so a server that went away is picked up
again when it is back. Leaves out ranking and the local cache (store.py).
"""
from __future__ import annotations

import base64
import json
import re
import time
import uuid
from typing import Sequence

import numpy as np

from .errors import StoreError
from .settings import Settings

PAGE = 400          # sentences per page record (vectors as float16, base64: ~400 KB a page)
BATCH = 2000        # records per Chroma call


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        m = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", settings.chroma_url)
        if not m:
            raise StoreError(f"RAG_CHROMA_URL={settings.chroma_url!r} is not http(s)://HOST:PORT")
        scheme, host, port = m.groups()
        return chromadb.HttpClient(host=host, port=int(port or 8000), ssl=scheme == "https", settings=chroma_settings)
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class ChromaEmbeddings:
    """Chroma's embedding-function interface over our embedder, so Chroma never falls back
    to its own default model (which downloads one)."""

    def __init__(self, embedder):
        self._e = embedder

    def __call__(self, input):
        if self._e is None:
            return [[1.0] for _ in input]
        return [list(map(float, v)) for v in self._e.encode(list(input))]

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


def _pack(vectors: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode()


def _unpack(blob: str, dim: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(blob), dtype=np.float16).astype(np.float32).reshape(-1, dim)


class ChromaSource:
    def __init__(self, settings: Settings, embedder=None):
        self.settings, self.embedder = settings, embedder
        self._cols: dict | None = None

    # ---- connection -----------------------------------------------------------
    @property
    def where(self) -> str:
        return str(self.settings.chroma_url or self.settings.chroma_path)

    def _fail(self, e: Exception, write: bool) -> StoreError:
        self._cols = None  # reconnect next time: the server may be back
        fix = ("Check that `chroma run` is up at that address" if self.settings.chroma_url
               else "Check the data directory is writable and the disk is not full")
        if write:
            return StoreError(f"Writing to the Chroma store at {self.where} failed: {e}. {fix}, then run the build "
                              "again; the index is unchanged (a half-written version is never visible and the "
                              "next build clears it).")
        return StoreError(f"The Chroma store at {self.where} failed: {e}. {fix}, then retry.")

    def cols(self) -> dict:
        if self._cols is None:
            try:
                client, name = _client(self.settings), self.settings.collection
                unit = ChromaEmbeddings(None)
                self._cols = {
                    "chunks": client.get_or_create_collection(name, embedding_function=ChromaEmbeddings(self.embedder),
                                                              metadata={"hnsw:space": "cosine"}),
                    "articles": client.get_or_create_collection(f"{name}__articles", embedding_function=unit),
                    "sentences": client.get_or_create_collection(f"{name}__sentences", embedding_function=unit),
                    "meta": client.get_or_create_collection(f"{name}__meta", embedding_function=unit)}
            except StoreError:
                raise
            except Exception as e:  # chromadb raises many types; all mean the same to a user
                raise StoreError(f"Cannot open the Chroma store at {self.where}: {e}. "
                                 + ("Is `chroma run` up at that address?" if self.settings.chroma_url
                                    else "Check the directory is writable.")) from None
        return self._cols

    def call(self, fn, write: bool = False):
        try:
            return fn(self.cols())
        except StoreError:
            raise
        except Exception as e:
            raise self._fail(e, write) from None

    def write(self, fn):
        return self.call(fn, write=True)

    # ---- writes ---------------------------------------------------------------
    def put_version(self, article, chunks, vectors: dict, outline: dict, sentences, sentence_vectors,
                    summary: Sequence[int], removed: list, link_vectors=()) -> None:
        """Every record of one article version; none is visible until `set_current`."""
        now = time.time()
        ids = [c.id for c in chunks if c.id in vectors]
        for i in range(0, len(ids), BATCH):
            part = [c for c in chunks if c.id in vectors][i:i + BATCH]
            self.write(lambda c, part=part: c["chunks"].upsert(
                ids=[x.id for x in part], embeddings=[list(map(float, vectors[x.id])) for x in part],
                documents=[x.text for x in part],
                metadatas=[{"article_id": x.article_id, "article_sha": article.sha, "title": article.title,
                            "index": x.index, "start": x.start, "end": x.end, "tokens": x.tokens,
                            "indexed_at": now} for x in part]))
        rows = [list(s.to_row()) for s in sentences]
        dim = len(sentence_vectors[0]) if len(sentence_vectors) else 0
        pages = [(f"{article.sha}:{p}", rows[i:i + PAGE], sentence_vectors[i:i + PAGE])
                 for p, i in enumerate(range(0, max(len(rows), 1), PAGE))]
        self.write(lambda c: c["sentences"].upsert(
            ids=[pid for pid, _, _ in pages], embeddings=[[1.0]] * len(pages), documents=[""] * len(pages),
            metadatas=[{"article_sha": article.sha, "page": n, "rows": json.dumps(r, ensure_ascii=False), "dim": dim,
                        "vectors": _pack(v) if len(v) else "", "indexed_at": now}
                       for n, (_, r, v) in enumerate(pages)]))
        self.write(lambda c: c["articles"].upsert(
            ids=[article.sha], embeddings=[[1.0]], documents=[article.text],
            metadatas=[{"article_id": article.id, "path": article.path, "title": article.title,
                        "byline": article.byline, "date": article.date, "site": article.site,
                        "raw_sha": article.raw_sha, "outline": json.dumps(outline), "summary": json.dumps(list(summary)),
                        "removed": json.dumps(removed, ensure_ascii=False), "pages": len(pages), "indexed_at": now,
                        "links": _pack(link_vectors) if len(link_vectors) else "",
                        "link_dim": len(link_vectors[0]) if len(link_vectors) else 0}]))

    def set_current(self, pointers: dict[str, str]) -> None:
        """Point each article id at its version (one upsert; each pointer moves on its own). The
        time goes with it, so a forced re-index of an unchanged version reaches every cache too."""
        now = time.time()
        self.write(lambda c: c["meta"].upsert(
            ids=[f"current:{a}" for a in pointers], embeddings=[[1.0]] * len(pointers), documents=[""] * len(pointers),
            metadatas=[{"kind": "current", "article_id": a, "sha": sha, "at": now} for a, sha in pointers.items()]))

    def clear_current(self, article_id: str) -> None:
        self.write(lambda c: c["meta"].delete(ids=[f"current:{article_id}"]))

    def bump(self) -> None:
        """A new version value: every reader re-syncs on its next question."""
        self.write(lambda c: c["meta"].upsert(ids=["version"], embeddings=[[1.0]], documents=[""],
                                             metadatas=[{"kind": "version", "value": uuid.uuid4().hex}]))

    def delete_version(self, sha: str) -> None:
        self.write(lambda c: c["chunks"].delete(where={"article_sha": sha}))
        self.write(lambda c: c["sentences"].delete(where={"article_sha": sha}))
        self.write(lambda c: c["articles"].delete(ids=[sha]))

    def set_marker(self, key: str, value: str) -> None:
        self.write(lambda c: c["meta"].upsert(ids=[f"marker:{key}"], embeddings=[[1.0]], documents=[""],
                                             metadatas=[{"kind": "marker", "value": value}]))

    def marker(self, key: str) -> str | None:
        r = self.call(lambda c: c["meta"].get(ids=[f"marker:{key}"], include=["metadatas"]))
        return r["metadatas"][0]["value"] if r["ids"] else None

    # ---- reads ----------------------------------------------------------------
    def version(self) -> str:
        r = self.call(lambda c: c["meta"].get(ids=["version"], include=["metadatas"]))
        return r["metadatas"][0]["value"] if r["ids"] else ""

    def pointers(self) -> dict[str, tuple[str, float]]:
        """article id -> (current version, when the pointer was set)."""
        r = self.call(lambda c: c["meta"].get(where={"kind": "current"}, include=["metadatas"]))
        return {m["article_id"]: (m["sha"], m.get("at", 0.0)) for m in r["metadatas"]}

    def current(self) -> dict[str, str]:
        return {a: sha for a, (sha, _) in self.pointers().items()}

    def article(self, sha: str) -> dict | None:
        r = self.call(lambda c: c["articles"].get(ids=[sha], include=["metadatas", "documents"]))
        if not r["ids"]:
            return None
        m = r["metadatas"][0]
        links = _unpack(m["links"], m["link_dim"]) if m.get("links") else None
        return {**m, "sha": sha, "text": r["documents"][0], "links": links}

    def chunk_records(self, sha: str) -> list[tuple[str, str, dict, np.ndarray]]:
        """(id, text, metadata, vector) of a version's chunks."""
        out, offset = [], 0
        while True:
            r = self.call(lambda c: c["chunks"].get(where={"article_sha": sha},
                                                    include=["documents", "metadatas", "embeddings"],
                                                    limit=BATCH, offset=offset))
            out += list(zip(r["ids"], r["documents"], r["metadatas"], r["embeddings"]))
            if len(r["ids"]) < BATCH:
                return out
            offset += BATCH

    def sentences(self, sha: str) -> tuple[list[list], np.ndarray]:
        """A version's sentence rows (as annotate.SentenceInfo.to_row) and their vectors."""
        r = self.call(lambda c: c["sentences"].get(where={"article_sha": sha}, include=["metadatas"]))
        pages = sorted(r["metadatas"], key=lambda m: m["page"])
        rows = [row for m in pages for row in json.loads(m["rows"])]
        vecs = [_unpack(m["vectors"], m["dim"]) for m in pages if m.get("vectors")]
        return rows, (np.concatenate(vecs) if vecs else np.zeros((0, 1), np.float32))

    def missing_chunks(self, ids: Sequence[str]) -> list[str]:
        have = set()
        for i in range(0, len(ids), BATCH):
            have |= set(self.call(lambda c, part=list(ids[i:i + BATCH]): c["chunks"].get(ids=part, include=[]))["ids"])
        return [i for i in ids if i not in have]

    def query(self, vector, n: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine) of the n nearest chunk records (of `articles`, if given)."""
        where = {"article_id": {"$in": list(articles)}} if articles else None
        r = self.call(lambda c: c["chunks"].query(query_embeddings=[list(map(float, vector))], n_results=n,
                                                  include=["distances"], where=where))
        return [(i, 1.0 - d) for i, d in zip(r["ids"][0], r["distances"][0])]

    def count(self) -> int:
        return self.call(lambda c: c["chunks"].count())

    def all_chunk_ids(self) -> list[str]:
        ids, offset = [], 0
        while True:
            page = self.call(lambda c: c["chunks"].get(include=[], limit=10000, offset=offset))["ids"]
            ids += page
            if len(page) < 10000:
                return ids
            offset += len(page)

    def versions(self) -> dict[str, tuple[str, float]]:
        """Every article version on record: sha -> (article id, when written)."""
        r = self.call(lambda c: c["articles"].get(include=["metadatas"]))
        return {i: (m["article_id"], m.get("indexed_at", 0.0)) for i, m in zip(r["ids"], r["metadatas"])}

    def chunk_shas(self) -> dict[str, float]:
        """Article versions that have chunk records: sha -> latest write time."""
        out: dict[str, float] = {}
        offset = 0
        while True:
            r = self.call(lambda c: c["chunks"].get(include=["metadatas"], limit=10000, offset=offset))
            for m in r["metadatas"]:
                sha = m.get("article_sha", "")
                out[sha] = max(out.get(sha, 0.0), m.get("indexed_at", 0.0))
            if len(r["ids"]) < 10000:
                return out
            offset += len(r["ids"])
