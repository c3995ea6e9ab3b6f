"""Lists in articles, and the list a question asks for.

A list is a run of item paragraphs (with the intro line before it and the heading of its
section as its titles), or a run of sibling numbered headings each with the first sentence
under it. `asked_list()` finds the list whose title matches the question best; `lacks_list()`
tells the decision that a list question has neither such a list nor a close sentence naming
several things or the things asked for, so the reply says the articles don't give the list instead of quoting prose
that lists nothing. Leaves out rendering the items (rag.write.lists) and every other decision
(decision.py).
"""
from __future__ import annotations

from functools import lru_cache

from index.structure import announced
from index.text import nlp, words

from ..find.bundles import ArticleBundle
from ..find.candidates import Candidate
from ..understand.question import Question, asked_head
from .anchors import lede, stems_of
from .gate import ANCHORED

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
# A list question with no list may still be answered in prose by one of this many of the best
# whole sentences if it names several things ("The most common items were lamps, toasters,
# clothes and bicycles."); set by reading fresh:tune at stop 51, not fitted.
ENUMERATION_WINDOW = 2

Items = list[tuple["int | None", int]]

# An item paragraph whose first sentence has this many words or fewer opens with a label, as
# a heading would ("Clean-up first.", "Raised ground floors."); a sentence saying something
# runs longer.
LABEL_WORDS = 4


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


def item_group(b: ArticleBundle, idx: int) -> tuple[Items, list[int]]:
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


def asked_list(q: Question, ranked: list[Candidate], qvec, weights) -> tuple[ArticleBundle, Items] | None:
    """The list whose title (intro or heading) matches the question best, as its article and
    its items, if it matches at least as well as the best single sentence does."""
    if not ranked:
        return None
    best = max(c.f.cos + c.f.lex for c in ranked[:LIST_WINDOW])
    groups = {}
    for c in sorted(ranked, key=lambda c: -c.f.cos)[:LIST_WINDOW] + ranked[:LIST_WINDOW]:
        if c.binding is not None and c.binding.anchors < ANCHORED:
            continue   # a list about something else than the names asked of ("the Gull Street Bakery")
        items, titles = item_group(c.bundle, c.idx)
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
    return (b, items) if score >= best else None


@lru_cache(maxsize=2048)
def enumerates(text: str) -> bool:
    """The sentence names several things of a kind, coordinated nouns ("lamps, toasters, clothes
    and bicycles", "every Tuesday and Friday"): prose that can answer a list question."""
    return any(t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.head.pos_ in ("NOUN", "PROPN")
               for t in nlp()(text))


def lacks_list(q: Question, ranked: list[Candidate], qvec, weights) -> bool:
    """A list question that no list answers (asked_list) and none of the best whole sentences
    answers in prose, by naming several things or, for a what-question, by speaking of the
    things asked for by their noun ("the laws of physics are the same in every inertial frame"
    for "What are the laws of physics ...?"): "Which countries receive alerts ...?" over "the
    array picked up 11 possible bursts" lists no countries."""
    if asked_list(q, ranked, qvec, weights) is not None:
        return False
    # "What are the X?" may ask what they are, which a sentence about them says; "Which X ...?"
    # asks which ones, and "Four schools took part" names none
    noun = asked_head(q.text) if q.wh == "what" else ""
    whole = [c for c in ranked if not c.f.fragment and c.sentence.kind not in ("heading", "intro")]
    return not any(enumerates(c.text) or noun in c.bundle.stem_sets[c.idx] for c in whole[:ENUMERATION_WINDOW])
