"""Rivals: another party or place standing where the question's own should, in a sentence.

The question asks what someone did or what happened somewhere; a sentence may give that very
kind of fact for another named subject ("Kestrel Vale captain Jess Orwin ... is expected to miss
six weeks" for "How many weeks will Nadia Ferreira miss?": `named_rival`, `done_by_another`) or
at another named site ("at Crane Beach from 6 a.m. to 10 a.m. and at Bottom Bay three times a
week": `at_another_site`, `described_site`). `said_at` reads whether the question says its
thing happened at a named place. rag.decide.binding counts each such anchor as swapped.
Leaves out where an article names an anchor at all (anchors.py) and who does what in a clause
(agents.py, which this reads).
"""
from __future__ import annotations

import re

from index.text import STOP, content_stems, stem, words

from ..find.candidates import Candidate
from ..find.spans import Span
from ..understand.question import Question
from .agents import bystander, contradicts, speaks_in_question, subject_of, verb_asked
from .anchors import has, is_topic, lede, stems_of
from .clauses import POSSESSIVE
from .referring import referent, speaker_before


# Labels of a name that may be said as a place, whatever the tagger thought it was.
NAMES = ("ORG", "FAC", "PERSON", "GPE", "LOC", "NAME")
# "a team from Sahabat Bakau returns twice a month", "funded ... with support from the European
# Union": where some people or the money come from, not where the thing asked about happens
# ("removed 85 tonnes from Crane Beach" is where it happened).
FROM_BODY = re.compile(r"\b(?:team|staff|volunteers?|members?|officers?|officials?|workers?|engineers?|students?|advis[eo]rs?|"
                   r"pupils?|experts?|crews?|representatives?|delegation|group|people|support|funding|grants?|money|"
                   r"help|loans?|donations?|backing|contributions?|aid|assistance|finance|investment)\s+from\s+(?:the\s+)?$",
                   re.I)
# In a question, these before a name say where the thing asked about happened (narrower than
# LOCATIVE: "rely on Russia" names no place).
_AT = re.compile(r"\b(?:at|in|near|outside)\s+(?:the\s+)?$", re.I)
# ... and "from" before a place ("removed from Bottom Bay", "came from Syria"): where it was taken
# from is where it happened, as for a sentence (clauses.LOCATIVE); not before a body ("money from
# the WaterBridge Foundation" names who gave it).
_FROM_PLACE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
PLACES = ("GPE", "LOC", "FAC")
# ... or, whatever the small tagger calls it ("Gull Point" an organisation), a name ending in a
# word for a place
PLACE_NOUNS = frozenset("bay beach point cove harbour harbor island isle river lake loch park hill hills valley "
                        "street road lane square village town city district county estate reserve wood woods forest "
                        "moor marsh marshes bank shore coast head headland quay pier wharf port station airport".split())


# A name ending in one of these is a body people belong to: "the principal cornet in Hallowfield
# Colliery Band" is a member of it, not someone found at a place of that name.
_MEMBERSHIP = {"band", "club", "team", "society", "orchestra", "choir", "group", "committee", "association", "union",
               "party", "league", "crew", "squad", "ensemble", "board", "council", "cooperative", "co-operative",
               "federation", "brigade", "guild", "cast"}


def said_at(name: str, question: str, label: str = "") -> bool:
    """The question says something happened at the named place ("the pilot run at Kellmoor General",
    "removed from Bottom Bay")."""
    at = question.find(name)
    last = name.split()[-1].lower() if name.split() else ""
    place = label in PLACES or last in PLACE_NOUNS
    return at > 0 and (bool(_AT.search(question, 0, at)) or (place and bool(_FROM_PLACE.search(question, 0, at)))) \
        and not POSSESSIVE.match(question, at + len(name)) and last not in _MEMBERSHIP


def done_by_another(q: Question, agent: str, label: str, c: Candidate, answers: tuple[Span, ...]) -> bool:
    """The question's subject is missing from the sentence, whose answer spans are what another,
    spelled-out subject did (rag.decide.agents): "How many shares did Helen Marsh buy?" over
    "..., the Ashdowns, bought forty". An article's opening paragraph introduces what it is
    about by description before naming it ("A new radio telescope ... recorded its first
    signals"), so there an organisation or thing the article is about is not contradicted; a
    person is named."""
    b = c.bundle
    if not answers:
        return False
    if has(agent, b.stem_sets[c.idx]):
        # named in full, but only beside what another does: the speaker of another subject's news
        # (unless what they said is what the question asks: "What fund did Derek Moffett call for?")
        return set(content_stems(agent)) <= b.stem_sets[c.idx] and not speaks_in_question(agent, q.text) \
            and all(bystander(agent, c.text, x.start) for x in answers)
    if named_rival(agent, label, c, answers):
        return True       # "Tallgrass reported revenue of ..." is not Kiln Street's, whatever the headline says
    if has(agent, stems_of(b.title)):
        return False
    if (ref := referent(b, c.idx)) is not None and has(agent, stems_of(ref)):
        return False      # "He will join ...", after the sentence naming the question's person
    if label == "PERSON" and _speaks_of_self(c.text) and (j := speaker_before(b, c.idx)) is not None:
        # '"I learned on my mother's machine in 1958," she said.' is what the woman the sentence
        # before names did, not the question's man
        speakers = [b.text[a:e] for a, e, lab in b.sentences[j].entities if lab == "PERSON"]
        if not any(has(agent, stems_of(p)) for p in speakers):
            return True
    if label != "PERSON" and c.sentence.para == lede(b) and is_topic(agent, b):
        return False
    named = {stem(w) for t, _ in q.anchors for w in words(t)}
    asked = frozenset(q.stems) - named
    # Of the sentence's spans, those of the question's own verb say who did the asked thing: "Of
    # the 20 machines, ... four were donated by the Noor Trust" for "How many did the Al-Khidmat
    # Foundation donate?" (the 20 has no subject, and is no answer either way).
    starts = [x.start for x in answers]
    own = [at for at in starts if verb_asked(c.text, at, asked)]
    return contradicts(agent, c.text, own or starts, asked)


_FIRST_PERSON = re.compile(r"[\"“][^\"”]*\b(?:I|I['’]ve|I['’]d|I['’]m|I['’]ll|my|me)\b")


def _speaks_of_self(text: str) -> bool:
    """The sentence quotes someone speaking of themselves ("I learned ...")."""
    return bool(_FIRST_PERSON.search(text))


_AT_THE = re.compile(r"\b(?:at|in|near|outside|off|on|from)\s+the\s+([a-z]{3,})\b")


def described_site(text: str, name: str, b) -> bool:
    """The sentence says where by the last word of another name the article writes ("at the cove"
    where it writes "Morrisons Cove"), not by the asked name's ("at the wharf" stays open). Not
    for a name the headline holds: "in the county" of an article on Armagh's orchards is Armagh,
    however it nicknames it ("the Orchard County")."""
    own = name.split()[-1].lower() if name.split() else ""
    if has(name, stems_of(b.title)):
        return False
    for m in _AT_THE.finditer(text):
        noun = m.group(1)
        if noun != own and noun not in STOP and re.search(rf"\b[A-Z][\w'’-]+\s+{noun.capitalize()}\b", b.text):
            return True
    return False


def at_another_site(text: str, name: str, sites: list[str], x: Span) -> bool:
    """Another site is named before the span and the asked one only after it ("at Crane Beach
    from 6 a.m. to 10 a.m. and at Bottom Bay three times a week"); "at Sallow Bank, on the edge
    of Brackwell, on Saturday" still dates Sallow Bank's planting."""
    def last(s: str) -> int:
        return text.lower().rfind(s.lower(), 0, x.start)
    # the asked name by its first capitalised word: "Sallow" of "the Sallow Bank", "Tanyard" of
    # "the Tanyard Lane food bank" (written "the Tanyard Lane site")
    own = next((w for w in name.split() if w[:1].isupper() and w.lower() not in STOP), name)
    return max((last(s) for s in sites), default=-1) >= 0 and last(own) < 0


# The kinds of name that can stand for another party as the subject of a fact (one for the
# other too: the small tagger calls some people organisations and some clubs people).
_PARTIES = ("PERSON", "ORG")


def named_rival(agent: str, label: str, c: Candidate, answers: tuple[Span, ...]) -> bool:
    """Every answer span is what a subject did that names another party of the agent's kind
    ("Kestrel Vale captain Jess Orwin ... is expected to miss six weeks" for "How many weeks
    will Nadia Ferreira miss?"): a headline or a whole article about the agent does not make
    another named party's fact theirs. A description ("the club", "the striker") may be them."""
    if label not in _PARTIES + ("NAME",):    # a capitalised name the tagger left unlabelled
        return False
    s, text = c.sentence, c.text
    names = [text[a - s.start:e - s.start] for a, e, lab in s.entities if lab in _PARTIES]
    names = [n for n in names if not has(agent, stems_of(n)) and not has(n, stems_of(agent))]
    if not names:
        return False
    for x in answers:
        found = subject_of(text, x.start)
        if found is None or has(agent, stems_of(found[0])) or not any(n in found[0] for n in names):
            return False
    return True
