"""What a count counts, and whether it is what a how-many question counts.

"The unit opened with 20 machines" counts machines; "How many people live in Sahiwal?" and
"What is the population of Sahiwal?" count people. A count of things does not answer a question
counting people, nor a count of people one counting things; which people ("2,340 people", "22,000
passengers", "214 villagers" for "How many residents ...?") or which things is for the focus and
anchor checks to say. What a number counts is the noun it modifies in the
parse ("20 machines", "3,400 cashew farmers"), or the noun after its "of" ("300 of the
members"); what a question counts, the noun after "how many", "number of", or people for
"population".

Leaves out counts whose noun the parse does not give ("Last year's festival drew about 3,500",
"how many are making the trip"): they answer as before, since an elliptical count is common
and what it counts is in the sentence before. Leaves out telling one kind of thing from another
(see counts_other): people are told from things by the question vocabulary's person nouns, a
few general words for people, and the endings of agent nouns.
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import stem

from ..find.spans import Span
from ..understand.question import NOUN_TYPE
from .agents import parse

# Words for people in a count that the question vocabulary's role nouns leave out; general
# English, not any article's.
_PEOPLE = {"people", "person", "population", "local", "villager", "inhabitant", "individual", "adult", "teenager",
           "youngster", "pensioner", "tourist", "guest", "attendee", "participant", "entrant", "applicant",
           "refugee", "migrant", "folk", "family", "household", "staff", "crew", "fan", "spectator", "passenger",
           "visitor", "customer", "employee", "voter", "backer", "shareholder", "resident", "citizen", "student",
           "pupil", "child", "kid", "baby", "infant", "casualty", "fatality", "survivor", "victim", "patient",
           # events each of one person: "212 babies last year" counts the births of "How many births ...?"
           "birth", "death", "arrival", "admission"}
# Agent nouns ("commuters", "supporters", "donors", "pharmacists", "civilians", "participants")
# are people far more often than not in a count; a wrong guess here only keeps an answer.
_AGENT = re.compile(r"(?:er|or|ist|ian|ant|ent|ee)$")


def _is_people(lemma: str) -> bool:
    return lemma in _PEOPLE or NOUN_TYPE.get(lemma) == "person" or bool(_AGENT.search(lemma))


def _noun(tok) -> str:
    return tok.lemma_.lower() if tok is not None and tok.pos_ in ("NOUN", "PROPN") else ""


def _of_noun(tok) -> str:
    """The noun after a token's "of" ("300 of the members", "how many of the homes")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((_noun(o) for o in c.children if o.dep_ == "pobj"), "")
    return ""


@lru_cache(maxsize=2048)
def asked_count(question: str) -> str:
    """The lemma of what a how-many question counts ("" when it does not say)."""
    doc = parse(question)
    for t in doc:
        if t.lower_ == "population":
            return "people"
        if t.lower_ == "many" and t.i > 0 and doc[t.i - 1].lower_ == "how":
            if t.dep_ == "amod":
                return _noun(t.head)
            return _of_noun(t)
        if t.lower_ == "number" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of":
            return _of_noun(t)
    return ""


def counted_noun(text: str, x: Span) -> str:
    """The lemma of what the count span counts in its sentence ("" when the parse does not say)."""
    doc = parse(text)
    nums = [t for t in doc if x.start <= t.idx < x.end and t.like_num]
    if not nums:
        return ""
    t = nums[-1]
    if t.dep_ == "nummod":
        return _noun(t.head)
    return _of_noun(t)


def _same(a: str, b: str) -> bool:
    return a == b or stem(a) == stem(b)


def counts_other(question: str, text: str, x: Span) -> bool:
    """The count counts something else than the question does ("20 machines" for "How many people
    live in Sahiwal district?"); False when either side does not say what it counts."""
    want = asked_count(question)
    if not want:
        return False
    got = counted_noun(text, x)
    if not got or _same(want, got):
        return False
    # Things of two names may be the same things ("sweet rolls" and "saffron buns", "homes" and
    # "households"), which neither the stems nor the small model's word vectors tell (.33 for
    # rolls and buns, .34 for machines and nurses): only people and things are told apart.
    return _is_people(want) != _is_people(got)
