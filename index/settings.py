"""Index settings, read from environment variables when `Settings.from_env()` is called.

Nothing here is read at import time: callers build one `Settings` and pass it down.
Leaves out answer-time settings (backend, LLM endpoint): those live in `rag.Settings`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_ARTICLES = REPO_ROOT / "data" / "articles"


def _default_data_dir() -> Path:
    # A repo-local directory when running from a checkout keeps the demo self-contained;
    # an installed package falls back to the per-user data directory.
    if (REPO_ROOT / "pyproject.toml").exists():
        return REPO_ROOT / ".rag"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "caucasus-rag"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    chroma_url: str | None = None
    collection: str = "articles"
    chunk_tokens: int = 160          # cl100k tokens a chunk aims for; the embedder's own window is checked too
    overlap_sentences: int = 1
    embed_batch: int = 32
    max_file_bytes: int = 5_000_000
    progress: bool = True

    def __post_init__(self):
        object.__setattr__(self, "data_dir", Path(self.data_dir).expanduser())

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        s = cls(
            data_dir=Path(env.get("RAG_DATA_DIR") or _default_data_dir()).expanduser(),
            chroma_url=env.get("RAG_CHROMA_URL") or None,
            collection=env.get("RAG_COLLECTION", "articles"),
            max_file_bytes=int(env.get("RAG_MAX_FILE_BYTES", 5_000_000)),
            progress=env.get("RAG_PROGRESS", "1") not in ("0", "false", "no"),
        )
        return replace(s, **overrides) if overrides else s

    @property
    def uses_default_dir(self) -> bool:
        """True when the index lives where `make run` and a bare `rag.answer()` put it: only
        there may an empty index be filled with the bundled articles without asking."""
        return self.data_dir.resolve() == _default_data_dir().resolve()

    @property
    def cache_path(self) -> Path:
        """The local cache of what Chroma holds (rebuilt from Chroma when missing)."""
        return self.data_dir / "cache.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"
