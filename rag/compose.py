"""Composing an extractive reply from scored candidates: which sentences, in what form.

By answer type: a list question gets the items of the matching list or run of sibling
headings, one cited line per item (a heading with the first sentence under it); a reason
question whose best sentence only restates the question also gets the sentence after it;
other questions get the best sentence and any close runner-up (how close and how many
were chosen on tune, see scorer.json); "what do the articles say" gets the best sentence of
each article that speaks to it. Every quoted piece is a span of an article, verbatim.
Replies that answer nothing (missing, abstain) get a short framing sentence of our own.
Leaves out deciding whether to answer (decide.py) and rendering numbers (guard.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from index.text import words

from .candidates import Candidate
from .decide import Decision, typed
from .evidence import ArticleBundle
from .question import Question

MAX_LIST_ITEMS = 8        # a longer run of items is shown in part; the rest stay in the article
LIST_WINDOW = 6           # lists are looked for around the best-scored and the closest sentences
LIST_SIZE_MATCH = 0.5     # "the three decisions" and a list of three: worth half a full focus match
NEAR_DUPLICATE = 0.5      # share of shared word bigrams above which a second sentence says the same thing
# Half of a sentence's content words are the question's own: it restates the question, and
# the reason or the content is in the sentence after it ("The plan matters to the port." for
# "Why does the plan matter to the port?", then the sentence that says why).
RESTATES = 0.5

PassageFor = Callable[[ArticleBundle, int], "int | None"]


@dataclass(frozen=True)
class Part:
    passage: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Draft:
    # A line is quoted Parts (one sentence, or a heading and the sentence under it) and
    # possibly our own words (str): a header line, or a statement citing an article.
    lines: tuple[tuple[Part | str, ...], ...]
    lead: str = ""                        # our own framing sentence, uncited
    bullets: bool = False


def _part(c_bundle: ArticleBundle, idx: int, passage: int) -> Part:
    s = c_bundle.sentences[idx]
    return Part(passage, s.start, s.end, c_bundle.text[s.start:s.end])


def _bigrams(text: str) -> set:
    ws = words(text)
    return set(zip(ws, ws[1:]))


def usable(c: Candidate) -> bool:
    """A whole sentence that can stand in an answer (not a heading, a list intro or a fragment)."""
    return not c.x.get("fragment") and c.sentence.kind not in ("heading", "intro")


# ---------------------------------------------------------------- lists
def _items_run(b: ArticleBundle, para: int, first_of: dict) -> list[tuple[int | None, int]]:
    """The run of item paragraphs around paragraph `para`."""
    paras = b.outline.paragraphs
    lo = hi = para
    while lo > 0 and paras[lo - 1].kind == "item":
        lo -= 1
    while hi + 1 < len(paras) and paras[hi + 1].kind == "item":
        hi += 1
    return [(None, first_of[p]) for p in range(lo, hi + 1) if p in first_of]


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


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _count(intro: str) -> int:
    """The number of items an intro announces ("Three problems worried the council:"), or 0."""
    for w in words(intro):
        if w in _COUNT:
            return _COUNT[w]
        if w.isdigit() and 1 < int(w) <= 20:
            return int(w)
    return 0


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
    announced = [_count(b.sentence_text(t)) for t in titles if b.sentences[t].kind == "intro"]
    return out[:announced[0] or len(out)] if announced else out, titles


def _match(b: ArticleBundle, idx: int, qvec, weights: dict[str, float]) -> float:
    """How well one sentence matches the question: cosine plus IDF-weighted focus share."""
    total = sum(weights.values()) or 1.0
    return float(b.vectors[idx] @ qvec) + sum(w for s, w in weights.items() if s in b.stem_sets[idx]) / total


def _list_lines(q: Question, ranked: list[Candidate], passage_for: PassageFor, qvec, weights):
    """The items of the list whose title (intro or heading) matches the question best, if it
    matches at least as well as the best single sentence does."""
    best = max(c.x["cos"] + c.x["lex"] for c in ranked[:LIST_WINDOW])
    groups = {}
    for c in sorted(ranked, key=lambda c: -c.x["cos"])[:LIST_WINDOW] + ranked[:LIST_WINDOW]:
        items, titles = _item_group(c.bundle, c.idx)
        if len(items) >= 2 and titles:
            score = max(_match(c.bundle, t, qvec, weights) for t in titles)
            score += LIST_SIZE_MATCH * (q.list_n == len(items))
            groups.setdefault((c.bundle.sha, items[0][1]), (score, c.bundle, items))
    if not groups:
        return None
    score, b, items = max(groups.values(), key=lambda g: g[0])
    if score < best:
        return None
    lines = []
    for head, body in items[:q.list_n or MAX_LIST_ITEMS]:
        pb = passage_for(b, body)
        if pb is None:
            continue
        ph = passage_for(b, head) if head is not None else None
        lines.append(((_part(b, head, ph),) if ph is not None else ()) + (_part(b, body, pb),))
    return tuple(lines) if len(lines) >= 2 else None


# ---------------------------------------------------------------- prose
def _next_sentence(c: Candidate) -> int | None:
    b, i = c.bundle, c.idx
    if i + 1 < len(b.sentences) and b.sentences[i + 1].para == c.sentence.para:
        return i + 1
    return None


def _prose(q: Question, ranked: list[Candidate], params: dict, passage_for: PassageFor) -> list[Part]:
    pool = [c for c in ranked if usable(c)] or ranked
    if q.labels:  # a typed question leads with a sentence that holds the type (see decide.typed)
        pool.sort(key=lambda c: not typed(q, c))
    best = pool[0]
    chosen = [_part(best.bundle, best.idx, best.passage)]
    if q.type in ("reason", "description", "other") and best.x["restate"] >= RESTATES:
        nxt = _next_sentence(best)
        if nxt is not None and (p := passage_for(best.bundle, nxt)) is not None:
            chosen.append(_part(best.bundle, nxt, p))
    limit = params.get("max_sentences", 3)
    ratio = params.get("ratio", 0.8)
    articles = {best.bundle.sha}
    for c in pool[1:]:
        if len(chosen) >= limit + (2 if q.across_articles else 0):
            break
        new_article = c.bundle.sha not in articles
        bar = params.get("article_ratio", 0.5) if (q.across_articles and new_article) else ratio
        if c.p < bar * best.p:
            continue
        bg = _bigrams(c.text)
        if any(p.start == c.sentence.start or (bg and len(bg & _bigrams(p.text)) / len(bg) >= NEAR_DUPLICATE)
               for p in chosen):
            continue
        chosen.append(_part(c.bundle, c.idx, c.passage))
        articles.add(c.bundle.sha)
    return chosen


def _reading_order(parts: list[Part]) -> list[Part]:
    first: dict[int, int] = {}
    for p in parts:
        first.setdefault(p.passage, len(first))
    return sorted(parts, key=lambda p: (first[p.passage], p.start))


# ---------------------------------------------------------------- replies
_MISSING = {"number": "give that number", "date": "give that date", "person": "name that person",
            "place": "name that place", "org": "name that organisation", "reason": "give that reason",
            "list": "give that list"}
_PRECISION = {"day": "give the exact day", "month": "give the month"}


def compose(q: Question, cands: list[Candidate], decision: Decision, params: dict, passage_for: PassageFor,
            qvec=None, weights: dict[str, float] | None = None) -> Draft:
    ranked = sorted(cands, key=lambda c: -c.p)
    if decision.kind == "conflict":
        parts = [_part(c.bundle, c.idx, c.passage) for c in decision.evidence]
        return Draft(tuple((p,) for p in _reading_order(parts)), lead="The articles say otherwise:")
    if decision.kind == "missing":
        c = decision.evidence[0]
        what = _PRECISION.get(q.precision) if q.type == "date" else None
        lead = f"The articles don't {what or _MISSING.get(q.type, 'say that')}. The closest they come:"
        return Draft(((_part(c.bundle, c.idx, c.passage),),), lead=lead)
    if decision.kind == "abstain" or not ranked:
        return Draft(())
    if q.type == "list" and qvec is not None:
        lines = _list_lines(q, ranked, passage_for, qvec, weights or {})
        if lines:
            return Draft(lines, bullets=True)
    return Draft(tuple((p,) for p in _reading_order(_prose(q, ranked, params, passage_for))))
