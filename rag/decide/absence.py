"""Claims that the articles lack something are checked like any quoted sentence.

"The articles don't give that number" is a statement about the articles: before the reply
says it, the articles in scope are searched again, wider (more passages, the same scope),
and the decision is taken again on what that finds. If a sentence there holds the asked
thing about the asked focus and the question's own names, the question is answered from it;
only when the wider search finds none does the claim stand, and the trace says how far it
looked. Leaves out claims that an article does not mention a subject at all (per-article
views check those with their own search) and the wording (rag.write).
"""
from __future__ import annotations

from typing import Callable

from ..find.evidence import Evidence
from .decision import Decision, decide
from .gate import ANCHORED
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
    if d2.kind == "answer" and _about_the_anchors(d2, ev2) and _as_close(d2, ev2, d):
        return ev2, d2, f"'missing' withdrawn: a wider search ({seen} passages) found a sentence that answers"
    return ev, d, f"'missing' checked: a wider search of {seen} passages found no sentence that answers"


def _about_the_anchors(d: Decision, ev: Evidence) -> bool:
    """The wider search's answer is about the question's own names (binding.py: at least half
    present), not a sentence of another article that holds the asked kind of thing. A wider
    search reads weaker passages than the fitted decision was calibrated on: on fresh:tune it
    withdrew three claims, and the two wrong withdrawals led with sentences holding a quarter
    and a third of the question's anchors ("When are the Sunday services at St Cuthbert's
    Church?" answered with a date from another article); the right one held all of them."""
    lead = d.evidence[0] if d.evidence else max(ev.candidates, key=lambda c: c.p)
    return lead.binding is None or lead.binding.anchors >= ANCHORED


def _as_close(d2: Decision, ev2: Evidence, d: Decision) -> bool:
    """The wider search's answer is about what the question asks at least as much as the sentence
    the claim quoted as the closest the articles come: "The rescue's vet visits every Tuesday and
    Friday" (a sentence of another rescue, holding a day) does not answer "When will the rescue
    team's replacement ambulance be delivered?" better than "In November it launched an appeal to
    replace its ambulance", which gives no date. On fresh:tune and dev:tune the two wrong
    withdrawals led with sentences holding .16 and none of the question's focus where the quoted
    ones held .39 and .54; the two right ones led with the sentence most about the question."""
    if not d.evidence or d.evidence[0].binding is None:
        return True
    lead = d2.evidence[0] if d2.evidence else max(ev2.candidates, key=lambda c: c.p)
    x, near = lead.binding, d.evidence[0].binding
    return x is None or max(x.focus, x.clause) >= near.focus - 1e-9
