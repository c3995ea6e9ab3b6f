"""Claims that the articles lack something are checked like any quoted sentence.

"The articles don't give that number" is a statement about the articles: before the reply
says it, the articles in scope are searched again, wider (more passages, the same scope),
and the decision is taken again on what that finds. If a sentence there holds the asked
thing about the asked focus and the question's own names, the question is answered from it;
only when the wider search finds none does the claim stand, and the trace says how far it
looked. Nor is the claim made when one of the best sentences, in either search, holds a thing
of the asked kind for the question's own names that the gate judged not close enough to the
question (£18,400 "bought at auction" for "How much did the museum pay?"): the articles may
give it, and saying they don't is a claim nobody checked. The decision becomes `unsure`, which
quotes that sentence beside the closest one and says no passage clearly gives it, unless the
closest one says itself that the thing is not known ("has not yet been worked out"), about the
question and of the asked kind (withheld.py: "the amount was not disclosed" is no place). On
fresh:tune 11 of the 14 "don't give/name" replies to answerable questions were like that (stop
54). A question asking for no kind of thing ("Why ...?", "What happened to ...?") has nothing
such a search can rule out, so it too gets `unsure` (fresh:tune: 4 of its 11 "The articles don't
say that" replies were to answerable questions). Leaves out claims that an article does not
mention a subject at all (per-article views check those with their own search) and the wording
(rag.write).
"""
from __future__ import annotations

from typing import Callable

from index.text import stem, words

from ..find.candidates import Candidate
from ..find.evidence import Evidence
from ..find.spans import Span
from ..understand.question import Question
from .binding import TYPED_WINDOW, accepted, typed
from .decision import Decision, decide
from .gate import ANCHORED, HALF
from .reranker import Rerank
from .scorer import Scorer
from .withheld import says_unknown

# The words after a count that say what it counts ("Two rival ports", "14 new beds").
COUNTED_WORDS = 3


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
    if says_unknown([c for c in d.evidence[:1] if c.binding is not None], 0.0, ev.question):
        # the article says itself that it is not known ("the cost has not yet been worked out")
        return ev, d, "'missing' rests on the article's own words that it is not known or not given"
    if not accepted(ev.question):
        # "Why ...?", "What does it say about ...?": no kind of thing whose absence a search shows
        return ev, Decision("unsure", d.answerable, d.why, d.evidence), \
            "'missing' not said: the question asks for no kind of thing (a date, an amount, a name) to look for"
    for e, near in ((ev, d.evidence), (ev2, d2.evidence if d2.kind == "missing" else ())):
        held = holding(e)
        if held:
            quoted = (held[0],) + tuple(c for c in near[:1] if c is not held[0])
            return e, Decision("unsure", d.answerable, d.why, quoted), \
                f"'missing' not said: a best sentence ({held[0].text[:60]!r}) holds a thing of the asked kind " \
                f"for the question's names, though not close enough to answer"
    return ev, d, f"'missing' checked: a wider search of {seen} passages found no sentence that answers"


# The sentences of a named article quoted when nothing in it clearly answers.
NAMED_CLOSEST = 2


def closest_in_named(ev: Evidence, d: Decision) -> Decision:
    """An abstention on a question naming one article ("In the Q&A, what alternatives are
    suggested?") would tell the reader that article does not cover it, a claim nobody checked:
    the reader pointed at it, so its best sentences holding something of what is asked besides
    the names are quoted as the closest it comes (`unsure`), as a per-article view does. Only
    where one does; otherwise the abstention stands."""
    if d.kind != "abstain" or not ev.candidates:
        return d
    near = [c for c in sorted(ev.candidates, key=lambda c: -c.p) if c.binding is not None and c.binding.focus > 0]
    if not near:
        return d
    return Decision("unsure", d.answerable, d.why + "; the question names one article: the closest it comes is quoted",
                    tuple(near[:NAMED_CLOSEST]))


def holding(ev: Evidence) -> list[Candidate]:
    """The best-scored sentences (the gate's window) holding a thing of the asked kind for the
    question's own names (at least half present, or named elsewhere in the article with half the
    question's focus in the clause: "The boat's skipper, Donnie Maclaren, ..." for "Who is the
    skipper of the Morven Lass?"; none swapped), best first."""
    q = ev.question
    window = sorted(ev.candidates, key=lambda c: -c.p)[:TYPED_WINDOW]
    return [c for c in window if c.binding is not None and not c.binding.swapped
            and (c.binding.anchors >= ANCHORED or (c.binding.anchors > 0 and c.binding.clause >= HALF))
            and typed(q, c) and not all(_counts_another(q, c.text, x) for x in c.binding.answers)]


def _counts_another(q: Question, text: str, x: Span) -> bool:
    """A count of something the question does not count: "Two rival ports" for "How many cranes ...?"."""
    if q.measure != "count" or x.kind != "count":
        return False
    after = {stem(w) for w in words(text[x.end:x.end + 40])[:COUNTED_WORDS]}
    return bool(after) and not after & set(q.stems)


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
