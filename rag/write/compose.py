"""Composing an extractive reply from the decision and the scored candidates.

By decision: `conflict` quotes the evidence that contradicts the question's premise;
`missing` says what the articles lack and quotes the closest they come; `answer` gives, by
answer type, a list question (or one whose best sentence is a list's intro) the items of
the matching list (lists.py), a reason question
whose best sentence only restates the question also the sentence after it, and other
questions the best sentence and any close runner-up (how close and how many were chosen
on tune, see rag.decide.scorer.ComposeParams), a list item the decision chose read with its
list's intro; "what do the articles say" gets the best
sentence of each article that speaks to it. Every quoted piece is a span of an article,
verbatim. Leaves out deciding whether to answer (rag.decide) and numbering citations
(rag.check.guard).
"""
from __future__ import annotations

import re

from index.structure import ENDS_SENTENCE
from index.text import bigrams, words

from ..decide.binding import accepted, typed
from ..decide.decision import Decision
from ..decide.forms import asked_form, lacking
from ..decide.gate import UNTYPED_WINDOW
from ..decide.scorer import ComposeParams
from ..find.candidates import REASON_CUE, Candidate
from ..find.evidence import Evidence
from ..understand.question import Question
from .draft import Draft, Part, notice, paragraph, part
from .lists import PassageFor, list_by_meaning, list_by_verb, list_items, opens_list

# A writer's question ("What would the same money buy instead?") is answered by the sentences after
# it: this many of them ("A great deal. Modern trains ... Hourly regional buses ...").
WRITERS_ANSWER = 3
# Share of a runner-up's word bigrams found in a chosen sentence above which it says the
# same thing again (a repeated paragraph, a pull quote) and is left out.
NEAR_DUPLICATE = 0.5
# Half of a sentence's content words are the question's own: it restates the question, and
# the reason or the content is in the sentence after it ("The plan matters to the port." for
# "Why does the plan matter to the port?", then the sentence that says why).
RESTATES = 0.5
# For a why-question the bar is lower: a sentence stating the fact asked about names a place or
# a time beside it ("All the saffron is dried in one room, in the old schoolhouse." for "Why is
# all the saffron dried in a single room?", 0.44), where a sentence giving the reason brings
# words of its own (0.21-0.36 for the why-questions of dev:tune answered in one sentence).
RESTATES_WHY = 0.4
# A sentence with more spans of the asked kind than this marks the first ones (more would bold
# half of a sentence listing figures).
MAX_MARKS = 2
# A question across articles may take this many sentences more than ComposeParams.max_sentences,
# one per further article that speaks to it.
EXTRA_ACROSS_ARTICLES = 2


def usable_sentence(b, i: int) -> bool:
    """Sentence i of article b can stand alone in a reply (not a heading, a list intro or a fragment)."""
    text = b.sentence_text(i)
    return (b.sentences[i].kind not in ("heading", "intro") and not text[:1].islower()
            and bool(ENDS_SENTENCE.search(text)))


def usable(c: Candidate) -> bool:
    """A whole sentence that can stand in an answer (not a heading, a list intro or a fragment)."""
    return not c.f.fragment and c.sentence.kind not in ("heading", "intro")


def _intro_of(c: Candidate) -> int | None:
    """The intro of the list a list item belongs to ("The route will include:"), if it has one."""
    b, i = c.bundle, c.idx - 1
    while i >= 0 and b.sentences[i].kind == "item":
        i -= 1
    return i if i >= 0 and b.sentences[i].kind == "intro" else None


def _next_sentence(c: Candidate) -> int | None:
    b, i = c.bundle, c.idx
    if i + 1 < len(b.sentences) and b.sentences[i + 1].para == c.sentence.para:
        return i + 1
    return None


def _writers_answer(c: Candidate, nxt: int) -> list[int]:
    """After a writer's question (not a quote) and the sentence answering it: the rest of the
    answer in its paragraph, up to WRITERS_ANSWER sentences in all."""
    t = c.text.rstrip()
    if not t.endswith("?") or t[:1] in "\"“‘'" or nxt != c.idx + 1:
        return []
    b = c.bundle
    return [j for j in range(nxt + 1, min(nxt + WRITERS_ANSWER, len(b.sentences)))
            if all(b.sentences[k].para == c.sentence.para for k in range(nxt, j + 1))]


def _reason_sentence(c: Candidate) -> int | None:
    """The neighbour that gives the reason for a sentence restating a why-question: the one
    before or after it in its paragraph that says why ("because", "in the wake of"), else the
    one after it, else (at a paragraph's end) the one before."""
    b, i = c.bundle, c.idx
    near = [j for j in (i - 1, i + 1) if 0 <= j < len(b.sentences) and b.sentences[j].para == c.sentence.para]
    cued = [j for j in near if REASON_CUE.search(b.sentence_text(j))]
    if cued:
        return cued[0]
    after = _next_sentence(c)
    return after if after is not None else (near[0] if near else None)


def _bigrams(text: str) -> set:
    return bigrams(words(text))


# Words that give a reason outright ("since" and "after" may only date things).
_STRONG_REASON = re.compile(r"\b(?:because|due to|owing to|as a result of|so that|in order to|thanks to|"
                            r"(?:was|were|is|are) needed|led to|caused by|blamed (?:\w+ ){1,4}on|"
                            r"attributed (?:\w+ ){0,4}to|puts? (?:\w+ ){0,2}down to)\b", re.I)
# A reason-giving sentence leads a why-answer from this far down the ranking (set by reading
# fresh:tune, not fitted) if it is about as close in meaning to the question as the best one.
REASON_WINDOW = 4
REASON_COS = 0.1


def _lead(q: Question, pool: list[Candidate], chosen: Candidate | None = None) -> Candidate:
    """The sentence that answers: the one the decision chose, or for a why-question a close
    runner-up that gives a reason when the best-scored one gives none, or for a typed question
    the best-scored one that holds the type (see rag.decide.binding), or for an untyped one a
    runner-up of the sentences its gate read (UNTYPED_WINDOW) that holds some of the question's
    focus when the best-scored one holds none, otherwise the best-scored one."""
    # A list item the decision chose ("- Parking for 2,400 bicycles near MRT stations") answers
    # though it is no whole sentence: leaving it out put the runners-up, which hold no answer, first.
    if chosen is not None and (usable(chosen) or chosen.sentence.kind == "item"):
        return chosen
    if q.type == "reason" and pool and not _STRONG_REASON.search(pool[0].text):
        # a close runner-up that gives a reason ("..., because builders could only bring
        # materials at low tide") answers a why-question better than the best-scored sentence
        # about the same thing that gives none
        best = pool[0]
        for c in pool[1:REASON_WINDOW]:
            if _STRONG_REASON.search(c.text) and (c.f.cos >= best.f.cos - REASON_COS or (
                    c.binding is not None and best.binding is not None and c.binding.context >= best.binding.focus)):
                return c
    if accepted(q):
        held = [c for c in pool if typed(q, c)]
        if held:
            return held[0]
    elif q.type in ("description", "other") and pool[0].binding is not None and pool[0].binding.focus <= 0:
        # The best-scored sentence holds nothing the question asks besides its names ("About 40% of
        # pupils at Hawksmoor High School live in Brindley." for "Which road is the only link between
        # Brindley and Hawksmoor?"): a close runner-up that does leads.
        about = next((c for c in pool[1:UNTYPED_WINDOW] if c.binding is not None and c.binding.focus > 0
                      and c.binding.anchors >= pool[0].binding.anchors), None)
        if about is not None:
            return about
    return pool[0]


def _reason_follows(q: Question, best: Candidate) -> bool:
    """A why-question whose best sentence restates the question: the reason is in the next one."""
    if q.type == "reason":
        return best.f.restate >= RESTATES_WHY
    return q.type in ("description", "other") and best.f.restate >= RESTATES


def _prose(q: Question, ranked: list[Candidate], params: ComposeParams, finder: PassageFor,
           chosen: Candidate | None = None) -> tuple[list[Part], bool]:
    """The answering sentence first (with the neighbour that gives its reason, for a
    restatement: `paired`); after it, only what adds to it: for untyped questions close
    runners-up (how close: ComposeParams)."""
    pool = [c for c in ranked if usable(c)] or ranked
    best = _lead(q, pool, chosen)
    chosen = [part(best.bundle, best.idx, best.passage, answer_marks(q, best))]
    paired = False
    if best.sentence.kind == "item" and (i := _intro_of(best)) is not None and (p := finder(best.bundle, i)) is not None:
        # an item reads with its list's intro, which says what it is an item of
        chosen.append(part(best.bundle, i, p))
        paired = True
    elif _reason_follows(q, best) and not (q.type == "reason" and REASON_CUE.search(best.text)):
        nxt = _reason_sentence(best) if q.type == "reason" else _next_sentence(best)
        if nxt is not None and (p := finder(best.bundle, nxt)) is not None:
            chosen.append(part(best.bundle, nxt, p))
            paired = True
            # the writer's own question ("What would the same money buy instead?") is answered by
            # what follows it, which may open short ("A great deal.") and go on item by item
            for j in _writers_answer(best, nxt):
                if (p := finder(best.bundle, j)) is not None:
                    chosen.append(part(best.bundle, j, p))
    if accepted(q) and typed(q, best) and not q.across_articles:
        # The asked thing is in hand: stop there, or (ComposeParams.typed_extra, fitted on tune) give
        # a close runner-up that holds the asked kind too.
        # A runner-up that puts another name in place of one of the question's ("the Ashdowns
        # bought forty" for "How many shares did Helen Marsh buy?") is about something else.
        for c in [c for c in pool if c is not best and typed(q, c) and c.p >= params.ratio * best.p
                  and not c.binding.swapped][:params.typed_extra]:
            chosen.append(part(c.bundle, c.idx, c.passage, answer_marks(q, c)))
        return chosen, paired
    articles = {best.bundle.sha}
    for c in pool:
        if c is best:
            continue
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
    return chosen, paired


def _answer_first(parts: list[Part], paired: bool = False) -> list[Part]:
    """The lead stays first; what follows it in reading order (passage, then position). A lead
    `paired` with the neighbour that gives its reason reads with it in the article's order (and
    with what goes on from it in the same paragraph, for a writer's question)."""
    n = 1
    if paired:
        n = 2
        while n < len(parts) and parts[n].passage == parts[0].passage and parts[n].start > parts[n - 1].start:
            n += 1
    head, rest = sorted(parts[:n], key=lambda p: p.start), parts[n:]
    first: dict[int, int] = {}
    for p in parts:
        first.setdefault(p.passage, len(first))
    return head + sorted(rest, key=lambda p: (first[p.passage], p.start))


def answer_marks(q: Question, c: Candidate) -> tuple[tuple[int, int], ...]:
    """Article offsets of the words in the sentence that answer a typed question: the spans of
    the asked kind (rag.decide.binding), at most MAX_MARKS of them."""
    if not accepted(q) or c.binding is None:
        return ()
    s = c.sentence
    return tuple((s.start + x.start, s.start + x.end) for x in c.binding.answers[:MAX_MARKS])


def _reading_order(parts: list[Part]) -> list[Part]:
    first: dict[int, int] = {}
    for p in parts:
        first.setdefault(p.passage, len(first))
    return sorted(parts, key=lambda p: (first[p.passage], p.start))


_MISSING = {"number": "give that number", "date": "give that date", "person": "name that person",
            "place": "name that place", "org": "name that organisation", "reason": "give that reason",
            "list": "give that list"}
_PRECISION = {"day": "give the exact day", "month": "give the month", "time": "give the time"}


def _lacking(q: Question) -> str | None:
    """What the articles don't do, for a reply saying so ("give the score", "give the exact day")."""
    return lacking(asked_form(q.text)) or (_PRECISION.get(q.precision) if q.type == "date" else None)
CONFLICT_LEAD = "The articles say otherwise:"


def compose(ev: Evidence, decision: Decision, params: ComposeParams, finder: PassageFor) -> Draft:
    q = ev.question
    ranked = ev.ranked()
    if decision.kind == "conflict":
        parts = [part(c.bundle, c.idx, c.passage) for c in decision.evidence]
        return Draft((notice(CONFLICT_LEAD), paragraph(_reading_order(parts))))
    if decision.kind == "missing":
        c = decision.evidence[0]
        lead = f"The articles don't {_lacking(q) or _MISSING.get(q.type, 'say that')}. The closest they come:"
        return Draft((notice(lead), paragraph([part(c.bundle, c.idx, c.passage)])))
    if decision.kind == "unsure":
        # The articles may give it (rag.decide.absence): say what we could not do, not what they lack.
        what = _lacking(q) or _MISSING.get(q.type, "say that")
        verb, _, rest = what.partition(" ")
        # ("they" would have no antecedent after "a passage")
        lead = f"I couldn't find a passage that clearly {verb}s {rest}. The closest the articles come:"
        return Draft((notice(lead), paragraph([part(c.bundle, c.idx, c.passage) for c in decision.evidence])))
    if decision.kind == "abstain" or not ranked:
        return Draft(())
    # A question best matched by a list's intro ("The rescue is asking the public to help by
    # doing the following:") is answered by that list, however it was worded.
    if q.type == "list" or (not accepted(q) and opens_list(ranked[0])):
        # ... or, where the decision answered by it, by the list whose intro is closest in meaning
        # (rag.decide.listed). Not for every list question no title matches by words: a prose answer
        # the decision made stays ("Which countries has Azerbaijan built defence partnerships
        # with?" over a list of the article's conclusions; dev:test lost 3 rows so at stop 72).
        items = list_items(q, ranked, finder, ev.qvec, ev.weights) or (
            list_by_meaning(q, ranked, finder, ev.qvec) if decision.by_list else None)
        if items:
            return Draft(items)
    if (not accepted(q) or q.type == "person") and q.type != "list" and (items := list_by_verb(q, ranked, finder)):
        return Draft(items)
    if not accepted(q) and q.type != "list" and (items := list_by_meaning(q, ranked, finder, ev.qvec)):
        return Draft(items)
    lead = decision.evidence[0] if decision.evidence else None
    parts, paired = _prose(q, ranked, params, finder, lead)
    return Draft((paragraph(_answer_first(parts, paired)),))
