"""Answering errors as the server reports them: the pool is full (`Busy`), a question was refused
in a worker process or while the server stops (`Failed`), a worker failed unexpectedly
(`Crashed`), and the HTTP status each stands for (`status_of`). A worker process sends an error
back over its pipe as a kind (`KINDS`), which the server turns back into that status.
Leaves out the wording for people of the library's own errors (rag.errors says what to do next)
and the HTTP responses themselves (ui.api).
"""
from __future__ import annotations

from rag import RagError
from rag.errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError


class Busy(RagError):
    """Every slot is answering and the queue is full: come back after `retry_after` seconds."""

    def __init__(self, running: int, waiting: int, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"The server is busy: {running} answers are running and {waiting} are waiting, as many as "
                         f"it holds. Try again in {retry_after} s.")


class Failed(RagError):
    """A question refused in a worker process, or while the server stops; `status` is the HTTP
    status it stands for."""

    def __init__(self, message: str, status: int):
        self.status = status
        super().__init__(message)


class Crashed(Exception):
    """Answering failed unexpectedly in a worker process (its log has the details)."""


def status_of(e: BaseException) -> int:
    """The HTTP status an answering error stands for."""
    if isinstance(e, Busy):
        return 503
    if isinstance(e, Failed):
        return e.status
    if isinstance(e, (EmptyQuestionError, QuestionTooLongError)):
        return 422
    if isinstance(e, IndexNotReadyError):
        return 503
    if isinstance(e, LLMUnavailableError):
        return 502
    if isinstance(e, RagError):  # e.g. an unknown backend: the request's fault
        return 422
    return 500


# The kinds of error a worker process sends back, by the HTTP status they stand for.
KINDS = {422: "invalid", 503: "not_ready", 502: "llm"}
STATUS = {v: k for k, v in KINDS.items()}
