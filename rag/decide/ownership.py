"""Whose value a sentence gives: whether the clause holding a thing of the asked kind is about
what the question asks, or about something else the sentence also speaks of.

`own_share` is how much of the question's focus that clause holds, read with the sentence
before it when the clause goes on about it ("The agreement ... was signed on 16 May" after the
sentence naming the lease). `amount_of_the_name` reads an amount written as a named thing's
own ("the $640 million Mphangwe Dam"); `of_the_measured_thing` a measure whose clause's subject
is the thing the question measures ("The main wall is 11 metres high"). rag.decide.gate decides
with them. Leaves out finding the values (rag.find.spans) and binding them to the question's
names (rag.decide.binding).
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import STOP, content_stems, nlp, stem

from ..find.candidates import Candidate
from ..understand.question import Question
from .agents import subject_head
from .anchors import stems_of


def own_share(c: Candidate, most: Candidate, q: Question | None = None) -> float:
    """How much of the question the sentence's clause holding the asked kind is about, read with
    the sentence before it when that is the sentence most about the question, in the same
    paragraph, and the clause holds some of the focus itself: "The society has signed a new
    25-year lease on its site at Crane's Meadow. The agreement ... was signed on 16 May." dates
    the lease ("signed"); "Its chairman has kept a plot there since 1987." does not. A clause
    whose subject is a name the question asks about goes on about it even holding none of the
    focus ("... would consider an appeal. Drumlee has 21 days to lodge one.")."""
    x = c.binding
    b = getattr(c, "bundle", None)
    if b is None or b is not getattr(most, "bundle", None):
        return x.clause
    if c.idx != most.idx + 1 or b.sentences[c.idx].para != b.sentences[most.idx].para:
        # a clause whose subject is the name asked about goes on about what the sentence before
        # it in its paragraph said, whichever sentence is most about the question
        # (the parse last: only where the sentence before would add to the clause's share)
        if x.context > x.clause and c.idx > 0 and b.sentences[c.idx - 1].para == b.sentences[c.idx].para \
                and _subject_asked(c, q):
            return x.context
        return x.clause
    if (x.clause <= 0 and not _subject_asked(c, q)) or not _continues(c, most, q):
        return x.clause
    return max(x.clause, x.context)


def _continues(c: Candidate, most: Candidate, q: Question | None = None) -> bool:
    """The clause holding the answer goes on about what the sentence before it said: its subject
    is a pronoun, a common noun ("The agreement with the landowner ... was signed on 16 May"), or
    a name that sentence holds. A subject that is a name the sentence before does not hold starts
    a new subject ("Councillor Ruth Hale signed the council's housing plan on 16 May") unless it
    is a name the question asks about ("Drumlee has 21 days to lodge one", after "his client
    would consider an appeal", for "How long does Drumlee have to appeal?")."""
    if not c.binding.answers:
        return False
    names = _named_subject(c)
    return names is None or bool(names & (stems_of(most.text) | _asked_names(q)))


def _subject_asked(c: Candidate, q: Question | None) -> bool:
    """The subject of the clause holding the answer is a name the question asks about."""
    names = _named_subject(c)
    return bool(names) and bool(names & _asked_names(q))


def _named_subject(c: Candidate) -> set[str] | None:
    """The stems of the subject of the clause holding the answer when that subject is a name;
    None without an answer span, or for a pronoun or a common noun."""
    if not c.binding.answers:
        return None
    head = subject_head(c.text, c.binding.answers[0].start)
    return set(content_stems(head.text)) if head is not None and head.pos_ == "PROPN" else None


def _asked_names(q: Question | None) -> set[str]:
    return {s for t, _ in q.anchors for s in stems_of(t)} if q is not None else set()


# Numeric kinds an amount written before a name gives of it ("the $640 million Mphangwe Dam",
# "the 12-mile Kettle Way", "a 180-megawatt dam").
_ATTRIBUTIVE = ("money", "distance", "quantity", "duration")


@lru_cache(maxsize=1024)
def _measured_thing(question: str) -> str | None:
    """The stem of the common noun a how-tall/how-long/how-much question measures, its subject
    ("How tall is the big climbing WALL inside the old chapel?", "How long is the netball
    SEASON?"); None for a name, a pronoun, none, or a subject the parse does not put under the
    root (it does not for "How much did the new mobile library van cost?")."""
    doc = nlp()(question)
    subj = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.pos_ == "NOUN"]
    return stem(subj[0].lower_) if len(subj) == 1 else None


def of_the_measured_thing(q: Question, c: Candidate) -> bool:
    """A value of the asked measure whose clause's subject is the thing the question measures is
    that thing's, however little else of the question the sentence repeats: "The main wall is 11
    metres high" for "How tall is the big climbing wall inside the old chapel?", though the
    article's opening sentence says more about the climbing wall in the chapel."""
    # (not a count: "How many people ...?" counts people, and any sentence's "people" are not them)
    if q.type != "number" or q.measure in ("", "count") or (thing := _measured_thing(q.text)) is None:
        return False
    for x in c.binding.answers:
        head = subject_head(c.text, x.start)
        if head is not None and head.pos_ == "NOUN" and stem(head.lower_) == thing:
            return True
    return False


def amount_of_the_name(q: Question, c: Candidate) -> bool:
    """An amount of the asked kind written right before a name the question asks about, as its
    modifier, is that thing's: "... behind the $640 million Mphangwe Dam" says what the dam cost,
    though the sentence is about filling its reservoir."""
    text = c.text
    for x in c.binding.answers:
        if x.kind not in _ATTRIBUTIVE:
            continue
        after = text[x.end:x.end + 80].lower()
        for t, _ in q.anchors:
            name = " ".join(t.lower().split())
            if name.startswith("the "):
                name = name[4:]
            m = re.match(rf"(?:-\w+)?\s+(?:([\w-]+)\s+)?{re.escape(name)}\b", after)
            # a word between may describe the thing ("the 12-mile scenic Kettle Way"); "from",
            # "for", "to" put the name after the amount in another role ("£35,000 from Dunsford")
            if m and (m.group(1) is None or m.group(1) not in STOP):
                return True
    return False
