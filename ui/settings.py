"""UI settings, read from environment variables when `Settings.from_env()` is called.

Leaves out answer and index settings: they are `rag.Settings`, carried inside.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import rag

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Settings:
    rag: rag.Settings = field(default_factory=rag.Settings.from_env)
    host: str = "127.0.0.1"           # loopback unless the user chooses otherwise
    port: int = 7860
    auth: tuple[str, str] | None = None
    max_upload: str = "5mb"           # Gradio's own limit on one request's files

    @classmethod
    def from_env(cls) -> "Settings":
        e = os.environ
        user, _, pw = e.get("RAG_UI_AUTH", "").partition(":")
        return cls(rag=rag.Settings.from_env(), host=e.get("RAG_UI_HOST", "127.0.0.1"),
                   port=int(e.get("RAG_UI_PORT", "7860")), auth=(user, pw) if user else None,
                   max_upload=e.get("RAG_MAX_UPLOAD", "5mb"))

    @property
    def exposed_without_login(self) -> bool:
        return self.host not in LOOPBACK and self.auth is None

    @property
    def browser_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"
