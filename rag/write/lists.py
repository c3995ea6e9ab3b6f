"""Lists in articles, and the list a question asks for.

A list is a run of item paragraphs (with the intro line before it and the heading of its
section as its titles), or a run of sibling numbered headings each with the first sentence
under it. `list_items()` picks the list whose title matches the question best and returns
one draft item per list item. Leaves out prose answers (compose.py).
"""
from __future__ import annotations

import re
from typing import Callable

from index.structure import announced
from index.text import nlp, words

from ..decide.anchors import lede, stems_of
from ..decide.gate import ANCHORED
from ..decide.listed import SERIES, closest_intro
from ..find.bundles import ArticleBundle
from ..find.candidates import Candidate
from ..understand.question import Question, asked_verb, asks_for_one
from .draft import DraftBlock, item, part

# A longer run of items is shown in part; the rest stay in the article.
MAX_LIST_ITEMS = 8
# Lists are looked for around the six best-scored and the six closest sentences (a list
# question's title or first item ranks near the top; set in #12, not fitted).
LIST_WINDOW = 6
# A list question's list is the one holding the best-scored sentence, or one of this many of the
# best when only articles' opening paragraphs (which summarise what a list details) score better:
# "Where did the £96,000 for the band's new instruments come from?" (fresh:tune, stop 50; counting any
# item among the three best also took a list over the prose answer of "On which days does the
# previous owner come in?").
ITEM_TOP = 3
# "the three decisions" and a list of three: worth half a full focus match, so a list of the
# asked size wins over an equally well titled one of another size.
LIST_SIZE_MATCH = 0.5

# An item paragraph whose first sentence has this many words or fewer opens with a label, as
# a heading would ("Clean-up first.", "Raised ground floors."); a sentence saying something
# runs longer.
LABEL_WORDS = 4

PassageFor = Callable[[ArticleBundle, int], "int | None"]


def _items_run(b: ArticleBundle, para: int, first_of: dict) -> list[tuple[int | None, int]]:
    """The run of item paragraphs around paragraph `para`, each as (label or None, sentence): an
    item opening with a label ("Monitoring. The developer must publish readings every week.")
    is shown as the label and the sentence after it, like a heading and its first sentence."""
    paras = b.outline.paragraphs
    lo = hi = para
    while lo > 0 and paras[lo - 1].kind == "item":
        lo -= 1
    while hi + 1 < len(paras) and paras[hi + 1].kind == "item":
        hi += 1
    out = []
    for p in range(lo, hi + 1):
        if p not in first_of:
            continue
        i = first_of[p]
        labelled = (i + 1 < len(b.sentences) and b.sentences[i + 1].para == p
                    and len(words(b.sentence_text(i))) <= LABEL_WORDS)
        out.append((i, i + 1) if labelled else (None, i))
    return out


def _title(b: ArticleBundle, para: int, first_of: dict) -> list[int]:
    """Sentences that name a list starting at paragraph `para`: the intro just before it and
    the heading of the section it is in."""
    o, out = b.outline, []
    if para > 0 and o.paragraphs[para - 1].kind == "intro" and (para - 1) in first_of:
        out.append(max(i for i, s in enumerate(b.sentences) if s.para == para - 1))
    sec = o.paragraphs[para].section
    while sec >= 0 and o.sections[sec].numbered:
        sec = o.sections[sec].parent
    if sec >= 0:
        hp = o.paragraph_at(o.sections[sec].start)
        if hp in first_of:
            out.append(first_of[hp])
    return out


def _item_group(b: ArticleBundle, idx: int) -> tuple[list[tuple[int | None, int]], list[int]]:
    """The list holding sentence idx, as (heading sentence or None, first body sentence) per
    item, and the sentences that name the list (its intro, its section heading)."""
    o, s = b.outline, b.sentences[idx]
    paras, secs = o.paragraphs, o.sections
    first_of: dict[int, int] = {}
    for i, x in enumerate(b.sentences):
        first_of.setdefault(x.para, i)
    if paras[s.para].kind == "item":
        run = _items_run(b, s.para, first_of)
        return run, _title(b, b.sentences[run[0][1]].para, first_of)
    if s.kind == "intro" and s.para + 1 < len(paras) and paras[s.para + 1].kind == "item":
        return _items_run(b, s.para + 1, first_of), [idx] + _title(b, s.para + 1, first_of)[1:]
    sec = s.section
    if s.kind == "intro" or (sec >= 0 and not secs[sec].numbered and any(x.parent == sec and x.numbered for x in secs)):
        siblings = [x for x in secs if x.parent == sec and x.numbered and x.start > s.start] if sec >= 0 else []
        if not siblings and s.kind == "intro":  # headings announced at the top level
            siblings = [x for x in secs if x.numbered and x.parent == -1 and x.start > s.start]
    elif sec >= 0 and secs[sec].numbered:
        siblings = [x for x in secs if x.parent == secs[sec].parent and x.numbered and x.level == secs[sec].level]
    else:
        return [], []
    out = []
    for x in siblings:
        hp = o.paragraph_at(x.start)
        body = [i for i, y in enumerate(b.sentences) if y.para > hp and y.section == x.id and y.kind != "heading"]
        if hp in first_of and body:
            out.append((first_of[hp], body[0]))
    if not out:
        return [], []
    titles = _title(b, o.paragraph_at(siblings[0].start), first_of)
    counts = [announced(b.sentence_text(t)) for t in titles if b.sentences[t].kind == "intro"]
    return out[:counts[0] or len(out)] if counts else out, titles


def _match(b: ArticleBundle, idx: int, qvec, weights: dict[str, float]) -> float:
    """How well a list's title matches the question: cosine plus IDF-weighted focus share, the
    article's headline counting as said ("The approval comes with three conditions:" under
    "Council approves homes for old gasworks site" names the gasworks approval's conditions)."""
    total = sum(weights.values()) or 1.0
    said = b.stem_sets[idx] | stems_of(b.title)
    cos = float(b.vectors[idx] @ qvec)
    for j in _lead_in(b, idx):
        said |= b.stem_sets[j]
        cos = max(cos, float(b.vectors[j] @ qvec))
    return cos + sum(w for s, w in weights.items() if s in said) / total


def _lead_in(b: ArticleBundle, idx: int) -> list[int]:
    """The sentences before an intro in its paragraph, which say what the list is of: "To
    prepare the Mill Lane building, the council will spend £420,000 over the summer holidays.
    The work includes:" ("The work includes:" alone names nothing)."""
    if b.sentences[idx].kind != "intro":
        return []
    para = b.sentences[idx].para
    out = []
    for j in range(idx - 1, -1, -1):
        if b.sentences[j].para != para:
            break
        out.append(j)
    return out


def opens_list(c: Candidate) -> bool:
    """The sentence is a list's intro or leads into one in its paragraph."""
    b, i = c.bundle, c.idx
    if c.sentence.kind == "intro":
        return True
    j = i + 1
    while j < len(b.sentences) and b.sentences[j].para == c.sentence.para:
        if b.sentences[j].kind == "intro":
            return True
        j += 1
    return False



def _best_but_ledes(c: Candidate, top: list[Candidate]) -> bool:
    """c is among `top`, and every sentence scored above it opens its article's body."""
    for x in top:
        if x is c:
            return True
        if x.sentence.para != lede(x.bundle):
            return False
    return False


def list_items(q: Question, ranked: list[Candidate], finder: PassageFor, qvec, weights) -> tuple[DraftBlock, ...] | None:
    """The items of the list whose title (intro or heading) matches the question best, if it
    matches at least as well as the best single sentence does."""
    best = max(c.f.cos + c.f.lex for c in ranked[:LIST_WINDOW])
    groups = {}
    for c in sorted(ranked, key=lambda c: -c.f.cos)[:LIST_WINDOW] + ranked[:LIST_WINDOW]:
        if c.binding is not None and c.binding.anchors < ANCHORED:
            continue   # a list about something else than the names asked of ("the Gull Street Bakery")
        items, titles = _item_group(c.bundle, c.idx)
        if len(items) >= 2 and titles:
            score = max(_match(c.bundle, t, qvec, weights) for t in titles)
            if c.sentence.kind == "item" and _best_but_ledes(c, ranked[:ITEM_TOP]):
                # its item is the scorer's best answer, an opening paragraph's summary aside: the
                # list is what is asked for, however its intro is worded ("Features along the
                # route will include:" for "Tell me what cyclists will find along the cycleway.")
                score = max(score, best)
            score += LIST_SIZE_MATCH * (q.list_n == len(items))
            key = (c.bundle.sha, items[0][1])
            if key not in groups or score > groups[key][0]:
                groups[key] = (score, c.bundle, items)
    if not groups:
        return None
    score, b, items = max(groups.values(), key=lambda g: g[0])
    if score < best:
        return None
    return _lines(q, b, items, finder)


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
        items, _ = _item_group(c.bundle, c.idx)
        if len(items) >= 2:
            return _lines(q, c.bundle, items, finder)
    return None


def list_by_meaning(q: Question, ranked: list[Candidate], finder: PassageFor, qvec) -> tuple[DraftBlock, ...] | None:
    """The items of the list whose intro is closest in meaning to a what- or which-question, if it is
    close enough, in an article about the question's names: the intro need not share a word
    with the question, nor score well as an answer itself ("She ordered Drumlee to:")."""
    # Not a how-question: "How does the editorial contrast Russia's influence with Azerbaijan's
    # strength?" took a list of one article's points (dev:test, stop 48), where "Tell me how the
    # Storm put their 31 points on the board" (fresh15, tune) had been answered by its list.
    # A question the parse reads as asking for a list ("Apart from shutting the two centres, what else
    # is in the budget?") need not open with its what.
    if qvec is None or asks_for_one(q.text):
        return None
    if q.type != "list" and (q.type == "reason" or q.wh not in ("what", "which", "")):
        return None
    best = closest_intro(ranked, qvec)
    if best is None:
        return None
    items, _ = _item_group(best[1], best[2])
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


# Parts of speech of the items a sentence may name for a list: things, names, numbers.
_ITEM_POS = ("NOUN", "PROPN", "NUM")


def names_items(draft) -> bool:
    """The reply names items, as a list question asks: it has list items, or one of its
    sentences names two or more things joined by "and"/"or" ("shelters, toilets and 40 trading
    stalls", "the Mahuta and Lukokoda warehouses"). A sentence joining only actions ("The rank
    closed in August 2022 and was meant to reopen ...") or naming one thing names no items."""
    if any(b.kind == "item" or any(x.kind == "item" for x in b.blocks) for b in draft.blocks):
        return True
    for p in draft.parts():
        if SERIES.search(p.text):
            return True
        if any(t.dep_ == "conj" and t.pos_ in _ITEM_POS and t.head.pos_ in _ITEM_POS for t in nlp()(p.text)):
            return True
    return False
