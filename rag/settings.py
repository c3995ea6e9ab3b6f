"""Answer-time settings, read from the environment when `Settings.from_env()` is called."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

import index

BACKENDS = ("extractive", "openai", "llamacpp")


@dataclass(frozen=True)
class Settings:
    index: index.Settings = field(default_factory=index.Settings.from_env)
    backend: str = "extractive"
    k: int = 5                       # passages read per question (dev:test recall@5 .93 with 5)
    candidates: int = 20             # per retriever, before fusion
    rrf_k: int = 60                  # reciprocal rank fusion's constant, as in Cormack et al. (2009)
    max_question_tokens: int = 256   # MiniLM reads 256 word pieces; a longer "question" is a pasted document
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 60.0        # a 1.5B model on 2 cores took up to ~30 s per answer (FACTS.md)
    llm_gguf: str = ""
    llm_max_tokens: int = 300        # the prompt asks for at most four short sentences
    llm_verify: bool = False         # ask the LLM yes/no whether the chosen sentence answers, before writing
    rerank: bool = True              # the cross-encoder reorders the scorer's best sentences (rag.decide.reranker)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        e = os.environ
        s = cls(
            index=index.Settings.from_env(),
            backend=e.get("RAG_BACKEND", cls.backend).strip().lower() or cls.backend,
            k=int(e.get("RAG_K", cls.k)),
            llm_base_url=e.get("RAG_LLM_BASE_URL", ""),
            llm_model=e.get("RAG_LLM_MODEL", ""),
            llm_api_key=e.get("RAG_LLM_API_KEY", ""),
            llm_timeout=float(e.get("RAG_LLM_TIMEOUT", cls.llm_timeout)),
            llm_gguf=e.get("RAG_LLM_GGUF", ""),
            llm_verify=e.get("RAG_LLM_VERIFY", "0").strip().lower() in ("1", "true", "yes"),
            rerank=e.get("RAG_RERANK", "1").strip().lower() not in ("0", "false", "no"),
        )
        s = replace(s, **overrides) if overrides else s
        if s.backend not in BACKENDS:
            from .errors import RagError
            raise RagError(f"RAG_BACKEND={s.backend!r} is not one of {', '.join(BACKENDS)}.")
        return s
