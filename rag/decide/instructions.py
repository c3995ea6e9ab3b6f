"""Sentences that tell the reader what to do, and the questions they answer.

"Check the mountain weather forecast on the morning of your walk." answers "What should walkers
do before setting out?", not "What is the weather forecast for Carrach Pike this weekend?". An
instruction opens with a verb in the imperative or with "How to"; among an untyped question's
best-scored sentences, instructions score nothing unless the question asks what to do. Leaves
out lists of steps (rag.write.lists), which may well be instructions, and typed answers inside
one ("Cut a 13 cm gap ...").
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import STOP, nlp, words

from ..find.candidates import Candidate
from ..understand.question import Question
from .binding import accepted


# A question asking what to do: an instruction ("Check the mountain weather forecast on the
# morning of your walk.") answers only such a question, not "What is the weather forecast for
# Carrach Pike this weekend?" (the forecast itself).
ADVICE = re.compile(r"\b(?:should|shall|advi[cs]\w*|recommend\w*|suggest\w*|tips?|best way|ways? to|how to|what to|"
                    r"urg\w*|told to|asked to|need to|needs to|must|ought|rules?|dos|don'ts|steps?|guidance|"
                    r"how (?:could|do|can|would|might) (?:i|we|you|they|people|one))\b", re.I)


@lru_cache(maxsize=4096)
def instruction(text: str) -> bool:
    """The sentence tells the reader what to do: it opens with a verb in the imperative ("Check
    the forecast ...", "Carry a map") or with "How to"."""
    if re.match(r"\W*how to\b", text, re.I):
        return True
    opening = words(text[:40])
    if not opening or opening[0] in STOP or opening[0][0].isdigit():
        return False      # "The ...", "In 2023 ...", "It ...": no parse needed
    # the opening words decide it, and parsing only them keeps this cheap
    first = next((t for t in nlp()(" ".join(text.split()[:8])) if t.is_alpha), None)
    return first is not None and first.tag_ == "VB" and first.dep_ == "ROOT" and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in first.children)


def instructions_aside(q: Question, cands: list[Candidate], top: int = 3) -> None:
    """For an untyped question not asking what to do, the best-scored sentences that are
    instructions score nothing: "Check the mountain weather forecast ..." is no forecast. A list
    may be one of instructions, and a typed answer may sit in one ("Cut a 13 cm gap ...")."""
    if accepted(q) or q.type == "list" or ADVICE.search(q.text):
        return
    for c in sorted(cands, key=lambda c: -c.p)[:top]:
        if instruction(c.text):
            c.p = 0.0
