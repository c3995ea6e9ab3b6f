"""Claims that the articles lack something are checked like any quoted sentence.

"The articles don't give that number" is a statement about the articles: before the reply
says it, the articles in scope are searched again, wider (more passages, the same scope),
and the decision is taken again on what that finds. If a sentence there holds the asked
thing about the asked focus, the question is answered from it; only when the wider search
finds none does the claim stand, and the trace says how far it looked. Leaves out claims
that an article does not mention a subject at all (per-article views check those with
their own search) and the wording (rag.write).
"""
from __future__ import annotations

from typing import Callable

from ..find.evidence import Evidence
from .decision import Decision, decide
from .reranker import Rerank
from .scorer import Scorer


def confirm_missing(ev: Evidence, d: Decision, wider: Callable[[], Evidence],
                    scorer: Scorer, rerank: Rerank | None = None) -> tuple[Evidence, Decision, str]:
    """(evidence, decision, check) after searching wider when `d` claims something is missing."""
    if d.kind != "missing":
        return ev, d, ""
    ev2 = wider()
    d2 = decide(ev2, scorer, rerank)
    seen = len({p.chunk_id for p in ev2.passages})
    if d2.kind == "answer":
        return ev2, d2, f"'missing' withdrawn: a wider search ({seen} passages) found a sentence that answers"
    return ev, d, f"'missing' checked: a wider search of {seen} passages found no sentence that answers"
