"""rag errors. Messages say what happened and what to do next; the CLI and UI show them."""
from __future__ import annotations


class RagError(Exception):
    """Base class for everything `rag` raises on purpose."""


class EmptyQuestionError(RagError, ValueError):
    def __init__(self, detail: str = "The question is empty."):
        super().__init__(f"{detail} Type a question about the articles, e.g. "
                         "'When was the agreement signed?'")


class QuestionTooLongError(RagError, ValueError):
    def __init__(self, tokens: int, limit: int):
        super().__init__(f"The question is {tokens} tokens long; the limit is {limit}. "
                         "Shorten it to the question itself (no pasted documents).")


class LLMUnavailableError(RagError):
    """The configured LLM endpoint failed, timed out or is misconfigured."""


class IndexNotReadyError(RagError):
    """The index cannot be opened or is empty."""
