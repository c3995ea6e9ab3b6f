"""The names a question is about: its anchors, its agents and its owners.

An anchor is a name, date or number the question mentions, which an answer must not contradict
(not "this year", not "one" standing for a noun, not ordinary words the small tagger took for a
name); runs of capitalised words the tagger leaves out ("the Morven Lass", "Crane's Meadow") are
names all the same. An agent is a named subject of one of the question's verbs ("will the Urban
Mobility Authority plant"); an owner names whose thing is asked ("Kiln Street Software's
revenue"). Reads spaCy's parse of the question; leaves out the answer type and focus
(question.py) and where an article names an anchor (rag.decide.anchors).
"""
from __future__ import annotations

import re

from index.text import STOP


# A date the question is asked from ("this year", "today") or an ordinal ("first") is context, not
# a thing the answer must name.
_RELATIVE_DATE = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday|"
                            r"friday|saturday|sunday|spring|summer|autumn|fall|winter|christmas|easter)", re.I)


# A date counted from the day of asking ("this autumn", "last year's") names no date an article
# states, so it is no anchor: the article's "October 6" or "in 2023" does not replace it.
_DEICTIC = {"this", "last", "next", "coming", "past"}


def is_pronoun(t) -> bool:
    """"one" standing for a noun ("fewer books than the old one"), not a number an answer must hold."""
    return t.lower_ == "one" and t.dep_ != "nummod"


def is_deictic(e) -> bool:
    if len(e) == 1 and is_pronoun(e[0]):
        return True
    if e.label_ not in ("DATE", "TIME") or any(ch.isdigit() for ch in e.text):
        return False
    return bool({t.lower_ for t in e.doc[max(e.start - 1, 0):e.end]} & _DEICTIC)


# Labels of names: an entity of these with no capital letter or digit is the small tagger's
# misreading of ordinary words ("How often does the repair café meet?": "café meet", a person).
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "LANGUAGE")


def is_anchor(text: str, label: str) -> bool:
    if re.fullmatch(r"(what|which|how)\b.*", text.lower()) or label == "ORDINAL":
        return False
    if label in NAME_LABELS and not re.search(r"[A-Z0-9]", text):
        return False
    return label not in ("DATE", "TIME") or bool(_RELATIVE_DATE.search(text))


# Entity labels that do things: a question's subject with one of these is its agent (rag.decide.agents).
# A street or a place is one too ("How long will Kanal Street be closed?"). The owner of the
# subject ("Moscow's contingent", "Baku's police") is not: tried at stop 37, it refused two
# paraphrases on dev:tune whose sentences name the owner another way ("Russian peacekeepers").
AGENT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")


def entity_name(e) -> str:
    """An entity's text without a possessive ending: the article writes "Northmoor County
    Council has confirmed", the question "Northmoor County Council's cabinet member"."""
    return re.sub(r"\s*['’]s?$", "", e.text) or e.text


# Capitalised words the tagger leaves out of its entities ("the Morven Lass", "the Loch Seary
# ferry", "Crane's Meadow" read as "Crane" alone) are names all the same: the question is about them.
NAME_LABEL = "NAME"


# Entities that own rather than name: "Russia's Foreign Ministry" is two names, "Crane's Meadow" one.
_OWNERS = ("GPE", "LOC", "NORP")


def _is_capitalised(t) -> bool:
    """A word of a name; a short all-capitals word is a title or a role ("MP", "CEO")."""
    return t.is_alpha and len(t.text) > 1 and t.text[:1].isupper() and not (t.text.isupper() and len(t.text) <= 3)


def _is_possessive(t) -> bool:
    return t.text in ("'s", "’s")


def unlabelled_names(doc, ents) -> tuple[list[tuple[str, str]], dict, set]:
    """Runs of capitalised words (not the question's first word) outside the tagger's entities,
    as (text, NAME_LABEL); a run right after an entity, or after its possessive, extends that
    entity instead ("Crane" + "'s Meadow"), returned as {entity: longer text}, and two entities of
    one label joined by a possessive are one name ("St Aldric" + "'s Hospice": the second is
    returned as absorbed); a place's possessive owns what follows. A run right before an entity
    is a title ("Dr", "Councillor"), left out."""
    in_ent = {i for e in doc.ents for i in range(e.start, e.end)}
    ends = {e.end: e for e in ents}
    # a title comes before a name ("Dr" before a person), not before a date: "Porthgarrow this weekend"
    starts = {e.start for e in doc.ents if e.label_ in NAME_LABELS}
    found, longer, absorbed = [], {}, set()
    for e in ents:
        first = (ends.get(e.start) or ends.get(e.start - 1)) if e.start > 1 and _is_possessive(doc[e.start - 1]) else None
        if first is not None and first.label_ == e.label_ and first.label_ not in _OWNERS:
            longer[first] = doc[first.start:e.end].text
            absorbed.add(e)
    i = 1
    while i < len(doc):
        j = i
        while j < len(doc) and j not in in_ent and _is_capitalised(doc[j]) and doc[j].lower_ not in STOP:
            j += 1
        if j == i:
            i += 1
            continue
        owned = _is_possessive(doc[i - 1])
        before = ends.get(i) or (ends.get(i - 1) if owned else None)
        if before is not None and owned and before.label_ in _OWNERS:
            before = None  # "Port Ellery's Line 4": the place owns the line, it is not part of its name
        if j in starts:
            pass  # a title
        elif before is not None:
            longer[before] = doc[before.start:j].text
        else:  # with a number it is named by ("Line 4", "Route 47")
            k = j + 1 if j < len(doc) and doc[j].like_num and doc[j].text[:1].isdigit() else j
            found.append((doc[i:k].text, NAME_LABEL))
        i = j
    return found, longer, absorbed


# An auxiliary a question puts before its subject ("How many trees will the Authority plant?").
_SUBJECT_AUX = {"will", "would", "did", "does", "do", "can", "could", "has", "have", "had", "should", "must"}


def question_agents(doc) -> tuple[str, ...]:
    """The named entities of a parsed question that are the subject of one of its verbs, or
    that follow its auxiliary where a subject stands in a question, when the tagger reads the
    verb after them as a noun ("How many shade trees will the Urban Mobility Authority plant?")."""
    return tuple(dict.fromkeys(entity_name(e) for e in doc.ents if e.label_ in AGENT_LABELS and (
        any(t.dep_ in ("nsubj", "nsubjpass") for t in e) or _after_auxiliary(doc, e))))


def _after_auxiliary(doc, e) -> bool:
    """The entity stands where a question puts its subject, right after its auxiliary, and owns
    nothing ("will Azerbaijan's budget" is the budget's)."""
    if e.start == 0 or doc[e.start - 1].lower_ not in _SUBJECT_AUX or doc[e.start - 1].pos_ != "AUX":
        return False
    return not _is_possessive(doc[e.end - 1]) and not (e.end < len(doc) and _is_possessive(doc[e.end]))


def question_owners(doc, anchors) -> tuple[str, ...]:
    """The people and bodies a parsed question names as owning what it asks about ("What was
    Kiln Street Software's revenue?"), among its anchors: a fact another named party's sentence
    states is not theirs. Only named rivals count against an owner (rivals.named_rival), not
    descriptions."""
    found = []
    for t in doc:
        if t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass", "attr", "dobj"):
            phrase = doc[t.left_edge.i:t.i + 1].text
            found += [a for a, label in anchors if label in ("PERSON", "ORG", NAME_LABEL) and a in phrase]
    return tuple(dict.fromkeys(found))
