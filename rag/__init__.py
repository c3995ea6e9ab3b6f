"""rag: cited answers over the indexed articles.

    from rag import answer, stream, Answer, Citation
    a = answer("When did Russian peacekeepers leave Karabakh?")
    a.text, a.citations, a.abstained
    a.blocks        # the reply as typed blocks: paragraphs, list items, per-article sections, notices
    a.trace         # why: the message as understood, the decision, passages and sentences scored

    for event in stream("Why did relations deteriorate?"):
        ...  # str pieces of text, a Reset if streamed text is withdrawn, then the Answer

`Pipeline(settings, embedder=..., store=..., llm=...)` is the same thing with its
dependencies passed in explicitly (tests, scripts with their own index). The flow reads
top to bottom in pipeline.py: understand -> find -> decide -> write -> check.
"""
from .errors import (EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError,
                     RagError)
from .pipeline import Pipeline, answer, stream
from .settings import Settings
from .types import Answer, Block, Citation, Reset, Sentence, Trace

__all__ = ["answer", "stream", "Answer", "Citation", "Block", "Sentence", "Trace", "Reset", "Pipeline", "Settings",
           "RagError", "EmptyQuestionError", "QuestionTooLongError", "LLMUnavailableError", "IndexNotReadyError"]
