"""Support judges: does a set of passages support a sentence?

* `verbatim` — the sentence (whitespace-normalised) occurs in one passage. Exact, strict.
* `support` — `rag.evidence.Evidence.support` >= 0.6: max of content-word overlap and a
  blend of overlap with the best sentence cosine (all-MiniLM-L6-v2). Threshold chosen on
  the dev set: the reference answers against their own gold passages score >= 0.6 in most
  cases while the same answers against passages from another question mostly score well
  below it (see `python -m eval calibrate`). A proxy, not entailment: no NLI weights exist
  offline.
* `llm` — asks the configured OpenAI-compatible endpoint for a yes/no verdict.

Every report names the judge that produced its citation and faithfulness numbers.
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence


class Judge(Protocol):
    name: str

    def supports(self, sentence: str, passages: Sequence[str]) -> bool: ...


def _norm(s: str) -> str:
    return " ".join(s.split())


class VerbatimJudge:
    name = "verbatim"

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        s = _norm(sentence)
        return bool(s) and any(s in _norm(p) for p in passages)


class SupportJudge:
    name = "support@0.6"

    def __init__(self, evidence, threshold: float = 0.6):
        self.ev, self.threshold = evidence, threshold
        self.name = f"support@{threshold:g}"

    def score(self, sentence: str, passages: Sequence[str]) -> float:
        if not passages:
            return 0.0
        return self.ev.support(sentence, "\n\n".join(passages))

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        return self.score(sentence, passages) >= self.threshold


class LLMJudge:
    name = "llm"

    PROMPT = ("Passages:\n{passages}\n\nSentence: {sentence}\n\nIs every claim in the sentence stated or "
              "directly implied by the passages? Answer yes or no.")

    def __init__(self, chat):
        self.chat = chat

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        if not passages:
            return False
        reply = self.chat.invoke(self.PROMPT.format(passages="\n---\n".join(passages), sentence=sentence)).content
        return bool(re.match(r"\s*yes\b", str(reply), re.I))


def make_judge(name: str, evidence=None, settings=None) -> Judge:
    if name == "verbatim":
        return VerbatimJudge()
    if name == "support":
        return SupportJudge(evidence)
    if name == "llm":
        from langchain_openai import ChatOpenAI
        if settings is None or not settings.llm_base_url:
            raise ValueError("The llm judge needs RAG_LLM_BASE_URL (an OpenAI-compatible endpoint).")
        return LLMJudge(ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model or "default",
                                   api_key=settings.llm_api_key or "not-needed", temperature=0,
                                   timeout=settings.llm_timeout, max_retries=0, max_tokens=3))
    raise ValueError(f"unknown judge {name!r}: use verbatim, support or llm")
