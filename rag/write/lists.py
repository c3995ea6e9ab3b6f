"""A list question's reply: one draft item per item of the list asked for.

`list_items()` renders the list rag.decide.lists found for the question (the one whose title
matches it best); `list_by_verb()` and `list_by_meaning()` find one for questions not worded as
list questions, by the verb of its intro or by the intro's meaning. Leaves out finding lists in
articles (rag.decide.lists) and prose answers (compose.py).
"""
from __future__ import annotations

import re
from typing import Callable

from ..decide.gate import ANCHORED
from ..decide.lists import asked_list, item_group
from ..find.bundles import ArticleBundle
from ..find.candidates import Candidate
from ..understand.question import Question, asked_verb, asks_for_one
from .draft import DraftBlock, item, part

# A longer run of items is shown in part; the rest stay in the article.
MAX_LIST_ITEMS = 8

PassageFor = Callable[[ArticleBundle, int], "int | None"]


def list_items(q: Question, ranked: list[Candidate], finder: PassageFor, qvec, weights) -> tuple[DraftBlock, ...] | None:
    """The items of the list whose title (intro or heading) matches the question best, if it
    matches at least as well as the best single sentence does (rag.decide.lists.asked_list)."""
    found = asked_list(q, ranked, qvec, weights)
    return _lines(q, *found, finder) if found else None


def list_by_verb(q: Question, ranked: list[Candidate], finder: PassageFor) -> tuple[DraftBlock, ...] | None:
    """The items of a list whose intro holds the verb a what-question asks with ("What did the
    club lose in the fire?" and "Among the things lost in the fire were:"), or a who-question
    with the verb of an intro ending in "by:" ("Who paid for the fit-out?", "The fit-out was paid
    for by:"), in an article about the question's names, however far down the intro is scored: a
    short intro shares few words with the question, yet it says what its items are."""
    verb = asked_verb(q.text)
    if not verb or q.wh not in ("what", "who"):
        return None
    for c in ranked:
        if c.sentence.kind != "intro" or verb not in c.bundle.stem_sets[c.idx]:
            continue
        if q.wh == "who" and not re.search(r"\bby\s*:\s*$", c.text):
            continue    # "Who paid for the fit-out?" is answered by a list of who did it: "... paid for by:"
        if c.binding is not None and c.binding.anchors < ANCHORED:
            continue
        items, _ = item_group(c.bundle, c.idx)
        if len(items) >= 2:
            return _lines(q, c.bundle, items, finder)
    return None


# An intro this close in meaning to a what-question (MiniLM cosine) says what the question asks
# a list of, in other words ("What has Tollman's promised ...?" / "Tollman's has committed to:").
# Fitted on fresh:tune (842 questions, stop 48): of the untyped questions whose closest intro
# reaches .50, 18 are answered by its list and 2 are not (both why-questions, which never take
# one); at .45, 20 and 7.
LIST_INTRO_COS = 0.50


def list_by_meaning(q: Question, ranked: list[Candidate], finder: PassageFor, qvec) -> tuple[DraftBlock, ...] | None:
    """The items of the list whose intro is closest in meaning to a what- or which-question, if it is
    close enough, in an article about the question's names: the intro need not share a word
    with the question, nor score well as an answer itself ("She ordered Drumlee to:")."""
    # Not a how-question: "How does the editorial contrast Russia's influence with Azerbaijan's
    # strength?" took a list of one article's points (dev:test, stop 48), where "Tell me how the
    # Storm put their 31 points on the board" (fresh15, tune) had been answered by its list.
    if qvec is None or q.type == "reason" or q.wh not in ("what", "which", "") or asks_for_one(q.text):
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
    if best is None:
        return None
    items, _ = item_group(best[1], best[2])
    return _lines(q, best[1], items, finder) if len(items) >= 2 else None


def _lines(q: Question, b: ArticleBundle, items: list, finder: PassageFor) -> tuple[DraftBlock, ...] | None:
    lines = []
    for head, body in items[:q.list_n or MAX_LIST_ITEMS]:
        pb = finder(b, body)
        if pb is None:
            continue
        ph = finder(b, head) if head is not None else None
        lines.append(item(*(((part(b, head, ph),) if ph is not None else ()) + (part(b, body, pb),))))
    return tuple(lines) if len(lines) >= 2 else None
