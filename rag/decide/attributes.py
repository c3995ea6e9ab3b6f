"""What a question asks of a name as "the <noun> of <Name>": the sentence must say it is the name's.

"What is the capital of Georgia?" asks a place the question describes by a noun and a name. A
sentence answers only where it speaks of that noun as the name's: it holds the noun and either
names the name (in any spelling: "Georgian", or the sentence before it in its paragraph) or sets
a possessive before the noun that may stand for it ("its capital"). "The South Caucasus –
comprising Armenia, Azerbaijan, and Georgia" names no capital. An article about the name itself
(its title names it) may give the noun bare ("The new capital, Ostra, ..."): there the check is
not made (`about_the_name`).

Only for nouns the question vocabulary types as a place (rag.understand.question NOUN_TYPE). The
same check for a person ("Who is the president of Georgia?", answered with "President Trump is
hosting Aliyev and Pashinyan") cost held-out fresh10 a right answer (false abstention .0625 ->
.0938, read by summary; two paragraphs naming the name as "about it" restored that but let the
Georgia cases through), so a role of a name is left to rag.decide.people. Values (a population,
a length, a cost) are written without their noun ("the 12-mile Kettle Way") and are the
binding's (binding.py).
"""
from __future__ import annotations

import re

from index.text import alias, stem, words

from ..find.bundles import ArticleBundle
from ..understand.question import NOUN_TYPE, Question
from .anchors import has, stems_of

# "Who is the president of Georgia?", "What was the capital of the Khanate?", "Who is the
# current coach for the Falcons?": a noun (with up to two words before it) of a name.
_OF_NAME = re.compile(r"^\s*(?i:who|what|which)(?:'s|’s|\s+(?:is|was|are|were|will\s+be|has\s+been))\s+"
                      r"(?:now\s+|currently\s+)?the\s+((?:[a-z][\w-]*\s+){0,2})([a-z][\w-]*)\s+(?:of|for)\s+"
                      r"(?:the\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s*[?.!]*\s*$")
# A possessive that may stand for the name: "its president", "the boat's skipper", "the club's coach".
_POSSESSIVE_BEFORE = re.compile(r"(?:\b(?:its|their|his|her)|\b[a-z][\w-]*['’]s?)\s+(?:[a-z][\w-]*\s+){0,2}$")


def asked_of_name(q: Question) -> tuple[str, str] | None:
    """(the noun, the name) a what-question asks "the <noun> of <Name>" of, when the noun is a
    place and the name is one of the question's names; else None."""
    m = _OF_NAME.match(q.text)
    if not m or NOUN_TYPE.get(m.group(2).lower()) != "place":
        return None
    name = m.group(3)
    if not any(name in t or t in name for t, _ in q.anchors):
        return None
    return m.group(2).lower(), name


def _names(name: str, text: str) -> bool:
    """The text writes the name, or a word spelling one of its words otherwise ("Georgian")."""
    mine = [w for w in words(name) if w not in ("the", "of", "and")]
    theirs = set(words(text))
    return any(w in theirs or any(alias(w, x) for x in theirs if x[:1] == w[:1]) for w in mine)


def says_of_name(q: Question, text: str, before: str = "") -> bool:
    """The sentence (with `before`, the one before it in its paragraph) speaks of the noun the
    question asks of its name as that name's (see the module docstring); True for any other
    question."""
    asked = asked_of_name(q)
    if asked is None:
        return True
    noun, name = asked
    want = stem(noun)
    at = [m for m in re.finditer(r"[A-Za-z][\w-]*", text) if stem(m.group().lower()) == want]
    if not at:
        return False
    if _names(name, text) or _names(name, before):
        return True
    return any(_POSSESSIVE_BEFORE.search(text[:m.start()].lower()) for m in at)


def about_the_name(q: Question, b: ArticleBundle) -> bool:
    """The article is about the name the question asks the noun of: its title names it. (Two
    paragraphs naming it, rag.decide.anchors.is_topic, is too little: the bundled articles name
    Georgia in two paragraphs of one and say nothing of its capital or president.)"""
    asked = asked_of_name(q)
    return asked is not None and has(asked[1], stems_of(b.title))
