"""UI and server settings, read from environment variables when `Settings.from_env()` is called.

Covers where the server listens, its login, and its capacity: how many answers run at once
(`pool`), how many wait for one of those (`queue`), and in how many processes (`workers`).
Leaves out answer and index settings: they are `rag.Settings`, carried inside.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import rag

LOOPBACK = ("127.0.0.1", "localhost", "::1")

# Answers at once, per CPU core. An answer is CPU-bound Python (spaCy on the question, BM25,
# scoring sentences, the MiniLM query vector): one per core keeps every core busy, and more
# only take turns on the same cores, making each answer slower without adding throughput.
# Measured on 2 cores, one process, warm: 1 at a time 64 answers/s, 2: 73, 3: 69, 4: 63.
POOL_PER_CORE = 1
# Answers that may wait for a free slot, per slot. A waiting request costs a few kB and no
# thread; what the bound limits is waiting time: at ~25 answers/s on 2 cores, 256 waiting
# is ~10 s. Past that a client is better told at once when to come back (503 + Retry-After).
QUEUE_PER_SLOT = 128


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def threads_per_answer(settings: "Settings") -> int:
    """torch threads one answer may use: the cores shared among the answers running at once."""
    return max(1, cores() // settings.pool)


def _int(env, name: str, default: int, low: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number; unset it to use {default}.") from None
    if value < low:
        raise ValueError(f"{name}={value} is below {low}; unset it to use {default}.")
    return value


@dataclass(frozen=True)
class Settings:
    rag: rag.Settings = field(default_factory=rag.Settings.from_env)
    host: str = "127.0.0.1"           # loopback unless the user chooses otherwise
    port: int = 7860
    auth: tuple[str, str] | None = None
    max_upload: str = "5mb"           # Gradio's own limit on one request's files
    pool: int = field(default_factory=lambda: POOL_PER_CORE * cores())
    queue: int | None = None          # None: QUEUE_PER_SLOT per pool slot
    workers: int = 1                  # answer processes; >1 needs a Chroma server

    def __post_init__(self):
        if self.queue is None:
            object.__setattr__(self, "queue", QUEUE_PER_SLOT * self.pool)
        if self.workers > 1 and not self.rag.index.chroma_url:
            raise ValueError(
                f"RAG_WORKERS={self.workers} needs a Chroma server: the embedded store in "
                f"{self.rag.index.chroma_path} can be opened by one process only, and each worker is a process. "
                "Start one (`.venv/bin/chroma run --path /srv/chroma --port 8000`), build the index into it "
                "(`RAG_CHROMA_URL=http://127.0.0.1:8000 .venv/bin/python -m index build`) and set RAG_CHROMA_URL "
                "to its address; or set RAG_WORKERS=1.")
        if self.workers > self.pool:
            raise ValueError(f"RAG_WORKERS={self.workers} is more than RAG_POOL={self.pool} answers at once: each "
                             "worker needs at least one. Raise RAG_POOL or lower RAG_WORKERS.")

    @classmethod
    def from_env(cls) -> "Settings":
        e = os.environ
        user, _, pw = e.get("RAG_UI_AUTH", "").partition(":")
        if user and not pw:
            raise ValueError("RAG_UI_AUTH must be user:password (the password is missing).")
        workers = _int(e, "RAG_WORKERS", 1, 1)
        pool = _int(e, "RAG_POOL", max(POOL_PER_CORE * cores(), workers), 1)
        return cls(rag=rag.Settings.from_env(), host=e.get("RAG_UI_HOST", "127.0.0.1"),
                   port=int(e.get("RAG_UI_PORT", "7860")), auth=(user, pw) if user else None,
                   max_upload=e.get("RAG_MAX_UPLOAD", "5mb"), pool=pool,
                   queue=_int(e, "RAG_QUEUE", QUEUE_PER_SLOT * pool, 0), workers=workers)

    @property
    def exposed_without_login(self) -> bool:
        return self.host not in LOOPBACK and self.auth is None

    @property
    def browser_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def docs_url(self) -> str:
        """The HTTP API's documentation page (OpenAPI)."""
        return f"{self.browser_url}/docs"
