"""The list a question asks for, found by the meaning of its intro.

An article's list is introduced by a short line ("She ordered Drumlee to:", "The clinic
offers:") that may share no word with the question asking for its items ("What does Drumlee
now have to do after losing the case?"). `closest_intro()` finds, in the articles about the
question's names, the intro closest in meaning to the question, when it is close enough.
The decision (decision.py) answers a list question so, and the reply (rag.write.lists) shows
that list's items. Leaves out lists found by their words (rag.write.lists.list_items).
"""
from __future__ import annotations

import re

from ..find.candidates import Candidate
from .gate import ANCHORED

# An intro this close in meaning to a what-question (MiniLM cosine) says what the question asks
# a list of, in other words ("What has Tollman's promised ...?" / "Tollman's has committed to:").
# Fitted on fresh:tune (842 questions, stop 48): of the untyped questions whose closest intro
# reaches .50, 18 are answered by its list and 2 are not (both why-questions, which never take
# one); at .45, 20 and 7. At stop 72, on 1,346 fresh:tune questions the parse reads as asking
# for a list, 19 have their closest intro at .50 or more, and each is that of the gold list; no
# unanswerable one has.
LIST_INTRO_COS = 0.50


# Three or more items in one sentence: "with Turkey, Israel, and others", "balance, neutrality and
# multilateralism" (each item up to four words).
_ITEM = r"[\w'’-]+(?: [\w'’-]+){0,3}"
SERIES = re.compile(rf"(?:{_ITEM}, )+{_ITEM},? (?:and|or) [\w'’-]+")


def lists_in_prose(c: Candidate) -> bool:
    """The sentence names its items itself, as a series ("partnerships with Turkey, Israel, and
    others"): an answer to a list question, whatever list elsewhere is titled like it."""
    return bool(SERIES.search(c.text))


def _followed_by_items(b, i: int) -> bool:
    """Sentence i ends its paragraph and the next paragraph is a list item or a heading (a list
    of sections)."""
    paras = b.outline.paragraphs
    p = b.sentences[i].para
    last = i + 1 >= len(b.sentences) or b.sentences[i + 1].para != p
    return last and p + 1 < len(paras) and paras[p + 1].kind in ("item", "heading")


def closest_intro(ranked: list[Candidate], qvec) -> tuple[float, object, int] | None:
    """(cosine, article, sentence) of the list intro closest in meaning to the question, among
    the articles of candidates bound to its names, if it reaches LIST_INTRO_COS."""
    if qvec is None:
        return None
    about = {c.bundle.sha: c.bundle for c in ranked if c.binding is None or c.binding.anchors >= ANCHORED}
    best = None
    for b in about.values():
        for i, s in enumerate(b.sentences):
            if s.kind != "intro":
                continue
            cos = float(b.vectors[i] @ qvec)
            if cos >= LIST_INTRO_COS and (best is None or cos > best[0]):
                best = (cos, b, i)
    return best


def listed(ranked: list[Candidate], qvec) -> tuple[float, object, int] | None:
    """The closest intro (`closest_intro`), when a list follows it."""
    best = closest_intro(ranked, qvec)
    return best if best is not None and _followed_by_items(best[1], best[2]) else None
