"""rag: cited answers over the indexed articles.

    from rag import answer, stream, Answer, Citation
    a = answer("When did Russian peacekeepers leave Karabakh?")
    a.text, a.citations, a.abstained

`Pipeline(settings, embedder=..., store=..., llm=...)` is the same thing with its
dependencies passed in explicitly (tests, scripts with their own index).
"""
from .errors import (EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError,
                     RagError)
from .pipeline import Pipeline, answer, stream
from .settings import Settings
from .types import Answer, Citation

__all__ = ["answer", "stream", "Answer", "Citation", "Pipeline", "Settings", "RagError",
           "EmptyQuestionError", "QuestionTooLongError", "LLMUnavailableError", "IndexNotReadyError"]
