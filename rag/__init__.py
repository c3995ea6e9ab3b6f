"""rag: cited answers over the indexed articles.

    from rag import answer, stream, Answer, Citation
    a = answer("When did Russian peacekeepers leave Karabakh?")
    a.text, a.citations, a.abstained

    for event in stream("Why did relations deteriorate?"):
        ...  # str pieces of text, a Reset if streamed text is withdrawn, then the Answer

`Pipeline(settings, embedder=..., store=..., llm=...)` is the same thing with its
dependencies passed in explicitly (tests, scripts with their own index).
"""
from .errors import (EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError,
                     RagError)
from .pipeline import Pipeline, answer, stream
from .settings import Settings
from .types import Answer, Citation, Reset

__all__ = ["answer", "stream", "Answer", "Citation", "Reset", "Pipeline", "Settings", "RagError",
           "EmptyQuestionError", "QuestionTooLongError", "LLMUnavailableError", "IndexNotReadyError"]
