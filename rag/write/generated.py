"""The LLM path after the decision: an optional yes/no on the chosen sentence, then an answer
written from the chosen sentences only, streamed and guarded (rag.check.guard).

Whether to answer is decided before any of this runs (rag.decide); these functions only write
and check. `out` is the pipeline's record of one reply (its message, notice, backend, checks
and timings), updated in place so the trace says what happened. Leaves out the extractive
draft (rag.write.compose) and choosing the backend (rag.pipeline).
"""
from __future__ import annotations

import re
import time
from typing import Iterator

from index.text import squash

from ..check.guard import guard
from ..check.support import Support
from ..decide.decision import Decision
from ..errors import LLMUnavailableError
from ..find.evidence import Evidence, restricted
from ..protocols import Generator
from ..types import Reset
from ..understand.message import Message
from .draft import Draft
from .llm import NOT_FOUND

FALLBACK_NOTICE = ("The language model's answer could not be checked against the articles, "
                   "so the supporting sentences are quoted instead.")
REVISED_NOTICE = "Sentences of the language model's answer that the articles do not support were removed."
NOT_FOUND_NOTICE = ("The language model found no answer in passages that hold one, "
                    "so the supporting sentences are quoted instead.")
# A reply of the model longer than NOT_FOUND by more than this many characters is an answer
# that happens to mention the phrase, not the model saying it found nothing.
NOT_FOUND_SLACK = 40


def pieces(text: str) -> Iterator[str]:
    """The text of a finished answer, streamed one cited sentence at a time (joined, exactly the text)."""
    for piece in re.split(r"(?<=\]\s)", text):
        if piece:
            yield piece


def verify(llm: Generator, out, m: Message, d: Decision) -> Decision:
    """The LLM's yes/no on the chosen sentence (RAG_LLM_VERIFY): a "no" turns the answer into
    "I couldn't find a passage that clearly gives that" over the sentence; an unreachable model
    leaves the decision as it was."""
    lead = d.evidence[0]
    t = time.perf_counter()
    try:
        ok = llm.verify(m.standalone, lead.text)
    except LLMUnavailableError:
        return d
    finally:
        out.timings.append(("verify_ms", (time.perf_counter() - t) * 1000))
    out.checks.append(f"the language model was asked whether the chosen sentence answers: {'yes' if ok else 'no'}")
    # a "no" says the sentence does not answer, not that the articles lack the answer
    return d if ok else Decision("unsure", d.answerable, "the language model says the chosen sentence does "
                                 "not answer the question", (lead,))

def written(llm: Generator, out, ev: Evidence, draft: Draft, support: Support) -> Iterator[str | Reset]:
    """Stream the LLM's answer written from the chosen sentences, and guard it. Returns the
    checked answer, or None to quote the chosen sentences instead (with a notice saying why)."""
    parts = draft.parts()
    used = list(dict.fromkeys(part.passage for part in parts))
    spans = {i: [(part.start, part.end) for part in parts if part.passage == i] for i in used}
    shown = [restricted(ev.passages[i], spans[i]) for i in used]
    chunks: list[str] = []
    try:
        for piece in llm.stream(out.message.standalone, shown):
            chunks.append(piece)
            yield piece
    except LLMUnavailableError as e:
        out.notice, out.backend = f"{e} Showing the extractive answer.", "extractive"
        if chunks:
            yield Reset(out.notice)
        return None
    text = "".join(chunks)
    if NOT_FOUND.lower() in text.lower() and len(text) < len(NOT_FOUND) + NOT_FOUND_SLACK:
        out.notice, out.backend = NOT_FOUND_NOTICE, "extractive"
        yield Reset(NOT_FOUND_NOTICE)
        return None
    checked = guard(text, [ev.passages[i] for i in used], support, verbatim=False)
    if checked.kept == 0 or checked.kept < checked.dropped:
        out.notice, out.backend = FALLBACK_NOTICE, "extractive"
        yield Reset(FALLBACK_NOTICE)
        return None
    if squash(checked.text) != squash(text):  # the guard dropped or renumbered something
        if checked.dropped:
            out.notice = REVISED_NOTICE
        yield Reset(out.notice or "Citations renumbered.")
        yield from pieces(checked.text)
    return checked
