"""Composing an extractive reply from the decision and the scored candidates.

By decision: `conflict` quotes the evidence that contradicts the question's premise;
`missing` says what the articles lack and quotes the closest they come; `answer` gives, by
answer type, a list question the items of the matching list (lists.py), a reason question
whose best sentence only restates the question also the sentence after it, and other
questions the best sentence and any close runner-up (how close and how many were chosen
on tune, see rag.decide.scorer.ComposeParams); "what do the articles say" gets the best
sentence of each article that speaks to it. Every quoted piece is a span of an article,
verbatim. Leaves out deciding whether to answer (rag.decide) and numbering citations
(rag.check.guard).
"""
from __future__ import annotations

from index.text import bigrams, words

from ..decide.decision import Decision, typed
from ..decide.scorer import ComposeParams
from ..find.candidates import Candidate
from ..find.evidence import Evidence
from ..understand.question import Question
from .draft import Draft, Part, notice, paragraph, part
from .lists import PassageFor, list_items

# Share of a runner-up's word bigrams found in a chosen sentence above which it says the
# same thing again (a repeated paragraph, a pull quote) and is left out.
NEAR_DUPLICATE = 0.5
# Half of a sentence's content words are the question's own: it restates the question, and
# the reason or the content is in the sentence after it ("The plan matters to the port." for
# "Why does the plan matter to the port?", then the sentence that says why).
RESTATES = 0.5
# A question across articles may take this many sentences more than ComposeParams.max_sentences,
# one per further article that speaks to it.
EXTRA_ACROSS_ARTICLES = 2


def usable(c: Candidate) -> bool:
    """A whole sentence that can stand in an answer (not a heading, a list intro or a fragment)."""
    return not c.f.fragment and c.sentence.kind not in ("heading", "intro")


def _next_sentence(c: Candidate) -> int | None:
    b, i = c.bundle, c.idx
    if i + 1 < len(b.sentences) and b.sentences[i + 1].para == c.sentence.para:
        return i + 1
    return None


def _bigrams(text: str) -> set:
    return bigrams(words(text))


def _prose(q: Question, ranked: list[Candidate], params: ComposeParams, finder: PassageFor) -> list[Part]:
    pool = [c for c in ranked if usable(c)] or ranked
    if q.labels:  # a typed question leads with a sentence that holds the type (see decide.typed)
        pool.sort(key=lambda c: not typed(q, c))
    best = pool[0]
    chosen = [part(best.bundle, best.idx, best.passage)]
    if q.type in ("reason", "description", "other") and best.f.restate >= RESTATES:
        nxt = _next_sentence(best)
        if nxt is not None and (p := finder(best.bundle, nxt)) is not None:
            chosen.append(part(best.bundle, nxt, p))
    articles = {best.bundle.sha}
    for c in pool[1:]:
        if len(chosen) >= params.max_sentences + (EXTRA_ACROSS_ARTICLES if q.across_articles else 0):
            break
        new_article = c.bundle.sha not in articles
        bar = params.article_ratio if (q.across_articles and new_article) else params.ratio
        if c.p < bar * best.p:
            continue
        bg = _bigrams(c.text)
        if any(p.start == c.sentence.start or (bg and len(bg & _bigrams(p.text)) / len(bg) >= NEAR_DUPLICATE)
               for p in chosen):
            continue
        chosen.append(part(c.bundle, c.idx, c.passage))
        articles.add(c.bundle.sha)
    return chosen


def _reading_order(parts: list[Part]) -> list[Part]:
    first: dict[int, int] = {}
    for p in parts:
        first.setdefault(p.passage, len(first))
    return sorted(parts, key=lambda p: (first[p.passage], p.start))


_MISSING = {"number": "give that number", "date": "give that date", "person": "name that person",
            "place": "name that place", "org": "name that organisation", "reason": "give that reason",
            "list": "give that list"}
_PRECISION = {"day": "give the exact day", "month": "give the month"}
CONFLICT_LEAD = "The articles say otherwise:"


def compose(ev: Evidence, decision: Decision, params: ComposeParams, finder: PassageFor) -> Draft:
    q = ev.question
    ranked = ev.ranked()
    if decision.kind == "conflict":
        parts = [part(c.bundle, c.idx, c.passage) for c in decision.evidence]
        return Draft((notice(CONFLICT_LEAD), paragraph(_reading_order(parts))))
    if decision.kind == "missing":
        c = decision.evidence[0]
        what = _PRECISION.get(q.precision) if q.type == "date" else None
        lead = f"The articles don't {what or _MISSING.get(q.type, 'say that')}. The closest they come:"
        return Draft((notice(lead), paragraph([part(c.bundle, c.idx, c.passage)])))
    if decision.kind == "abstain" or not ranked:
        return Draft(())
    if q.type == "list":
        items = list_items(q, ranked, finder, ev.qvec, ev.weights)
        if items:
            return Draft(items)
    return Draft((paragraph(_reading_order(_prose(q, ranked, params, finder))),))
