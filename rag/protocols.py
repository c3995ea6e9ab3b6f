"""What `rag` needs from its collaborators, as Protocols: the store it reads, the embedder
that turns questions into vectors, and an LLM generator.

`index.Store`, `index.Embedder` / `index.embedder.QueryEmbedder` and the generators in
`rag.write.llm` satisfy them; tests pass fakes that do too. Leaves out index writes: the
index package is the only writer of the store.
"""
from __future__ import annotations

from typing import Iterator, Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) unit vectors."""
        ...


class Store(Protocol):
    degraded: str                 # why reads come from the local cache alone, if they do

    def version(self) -> str: ...
    def count(self) -> int: ...
    def current_articles(self) -> list: ...                     # index.store.ArticleInfo
    def article_text(self, article_id: str, sha: str | None = None) -> str | None: ...
    def sentences(self, article_sha: str) -> list: ...           # index.store.StoredSentence
    def outline(self, article_sha: str): ...                     # index.structure.Outline
    def summary(self, article_sha: str) -> list[int]: ...
    def removed_lines(self, article_sha: str) -> list[tuple[str, str]]: ...
    def link_vectors(self, article_sha: str) -> list | None: ...  # (line, vector) of its removed links
    def chunks(self, ids=None, article_id: str | None = None) -> list: ...   # index.StoredChunk
    def dense(self, vector, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]: ...
    def lexical(self, query: str, k: int, articles: Sequence[str] | None = None) -> list[tuple[str, float]]: ...
    def document_frequency(self, text: str, phrase: bool = False) -> int: ...


class Generator(Protocol):
    """An LLM that writes an answer from numbered passages, and rewrites follow-ups."""
    name: str

    def stream(self, question: str, passages: list) -> Iterator[str]: ...
    def rewrite(self, question: str, history) -> str: ...
    def verify(self, question: str, sentence: str) -> bool: ...
