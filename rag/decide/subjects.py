"""What a subject phrase is, read from its words alone: a name or a topic, a bare place name, a
person, an institution and its head word, a company, a government, a party's position ("Tomas
Ederly's position"), a role-holder's aspect ("the mayor's priorities"), and its head noun.

rag.decide.mentions searches an article for a subject; how it searches depends on these. Leaves
out the article and the collection (nothing here reads a bundle or the corpus), and spaCy except
to tell a person's name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import STOP, content_stems, fold, nlp, words


def subject_words(subject: str) -> list[str]:
    return [w for w in words(subject) if w not in STOP and len(w) > 2]


def exact_words(subject: str) -> set[str]:
    """Subject words written in capitals ("NATO", "CSTO"): initials, spelt one way only, so no
    other spelling stands for them ("nation" is not "NATO")."""
    return {fold(w) for w in re.findall(r"\b[A-Z]{2,}\b", subject)}


def capitalised(subject: str) -> list[str]:
    """The subject's capitalised words, hyphenated parts apart ("Nagorno-Karabakh": "Nagorno",
    "Karabakh"), function words left out."""
    return [w for w in re.findall(r"\b[A-Z][\w’']{3,}", subject) if fold(w) not in STOP]


# The last word of an institution's name says what it is: "the Ossel Wetlands Trust" is not named
# by a sentence on "the wetlands of the Ossel", nor "the Armenian Apostolic Church" by one on
# Armenian politics. A sentence names such a name only with this word in it (or its initials).
ORG_HEADS = {w for w in """trust church union bank chamber council ministry party alliance group company corporation
association society agency commission committee foundation institute university college court fund airlines
airline railways railway service authority federation club parliament assembly board office department
organisation organization forum consortium coalition movement front league network institution school hospital cooperative
museum library academy bureau corps guard police army navy force forces""".split()}


# Words saying a name is a company's, which writers drop: "Velmar Hydro" for the Velmar Hydro
# Corporation. ("Trust", "Agency", "Union" stay: "the Ossel Wetlands" is a marsh, not its trust.)
DESIGNATORS = {"company", "corporation", "group", "holdings", "limited", "ltd", "inc", "plc", "co", "corp"}


def short_name(subject: str) -> str:
    """The name without its last word, when at least two capitalised words are left."""
    ws = re.findall(r"[\w’'-]+", subject)
    ws = ws[1:] if ws and ws[0].lower() == "the" else ws
    rest = ws[:-1]
    return " ".join(rest) if len(rest) >= 2 and all(w[:1].isupper() for w in rest) else ""


def first_name_word(subject: str) -> str:
    """A company's first word when it is a name of its own ("Gullstrand" of "Gullstrand Ferry
    Company", as the articles go on to call it), or ""."""
    ws = re.findall(r"[\w’'-]+", subject)
    ws = ws[1:] if ws and ws[0].lower() == "the" else ws
    w = ws[0] if len(ws) >= 3 else ""
    return w if len(w) >= 5 and w[:1].isupper() and fold(w) not in STOP and not any(ch.isdigit() for ch in w) else ""


_FIRMS = r"(?:company|companies|firm|corporation|operator|utility)"


def described_company(subject: str) -> re.Pattern | None:
    """A company written as what it does: "the state hydro company" for the Velmar Hydro
    Corporation, "the island's ferry company" for the Gullstrand Ferry Company (a word of its
    name, in lower case, just before a word for a firm)."""
    ws = [w for w in re.findall(r"[\w’'-]+", subject)[1:-1] if w[:1].isupper() and fold(w) not in STOP]
    ws = [w for w in ws if len(w) >= 4 and not any(ch.isdigit() for ch in w)]
    if not ws:
        return None
    return re.compile(rf"\b(?:{'|'.join(re.escape(w.lower()) for w in ws)})\s+(?:[a-z]+\s+)?{_FIRMS}\b")


def org_head(subject: str) -> str:
    """The head of an institution's name ("Trust" in "the Ossel Wetlands Trust"), or ""."""
    names = re.findall(r"\b[A-Z][\w’']+", subject)
    last = re.findall(r"[\w’']+", subject)[-1:] if subject.strip() else []
    if len(names) >= 2 and last and last[0] == names[-1] and last[0].lower() in ORG_HEADS:
        return last[0].lower()
    return ""


# A common noun phrase is about its last noun before any preposition: "the village school" is a
# school, "a strike by rail workers" a strike. A sentence holding only the words that qualify it
# ("the village hall") does not name it, however rare those words are.
_PREPOSITION = re.compile(r"\b(?:of|for|in|on|to|with|from|by|about|over|against|between|at|into|after|before)\b", re.I)


def noun_head(subject: str) -> str:
    """The stem of a common noun phrase's head ("school" in "the village school", "strike" in
    "the harbour workers' strike"), or "" for a name, a single word or a phrase whose head is
    capitalised ("Ostvik's mayor, Annika Breuer")."""
    if "," in subject or is_name(subject):
        return ""
    before = _PREPOSITION.split(subject, maxsplit=1)[0]
    ws = [w for w in re.findall(r"[\w’'-]+", before) if content_stems(w)]
    if len(content_stems(subject)) < 2 or not ws or not ws[-1][:1].islower():
        return ""
    stems = content_stems(ws[-1])
    return stems[-1] if stems else ""


def institution(subject: str) -> str:
    """The head of an institution's name of three words or more ("Agency" in "the Dunmarran
    Marine Agency"), or "": in a shorter one ("the Soviet Union") the other word is what the
    name is known by ("post-Soviet")."""
    return org_head(subject) if len(capitalised(subject)) >= 3 else ""


# A country asked about by these words besides its name is still its government ("the Valdorian
# government"), which its capital stands for.
GOVERNMENT = {"government", "cabinet", "authorities", "officials", "state", "side", "leadership"}



def government(subject: str) -> bool:
    """The subject is a country's government: a government word and names ("the government of
    Vellmark", "the Vellish government"), nothing else."""
    stems = set(content_stems(subject))
    gov = set(content_stems(" ".join(GOVERNMENT - {"side", "officials", "state"})))
    named = {s for n in capitalised(subject) for s in content_stems(n)}
    return bool(stems & gov) and bool(named - gov) and stems <= gov | named


# Words that hedge a subject rather than name it: "a possible strike by rail workers" is named by
# "we will strike", and an article is not silent on it for never saying "possible".
_HEDGES = re.compile(r"\b(?:possible|potential|likely|alleged|apparent|supposed|rumou?red|suspected|prospective|"
                     r"so-called|would-be)\s+", re.I)


def unhedged(subject: str) -> str:
    """The subject without the words that hedge it (kept when nothing else is left)."""
    s = _HEDGES.sub("", subject)
    return s if content_stems(s) else subject


# "Tomas Ederly's position", "Iran's role": what a named party thinks or does is spoken of
# wherever the party is (its words are the position); the aspect's word is seldom written.
_ASPECT_OF = re.compile(r"^(.+?)['’]s?\s+(?:own\s+)?(?:(?:position|positions|view|views|stance|role|response|reaction|"
                        r"attitude|approach|argument|arguments|case|account|version|side|concerns|objections|"
                        r"criticism|demands|reasoning|thinking|outlook|perspective|point of view|priorities|plans|"
                        r"goals|hopes|aims|fears|wishes|proposals?)|"
                        # "Dieter Keßel's explanation for the contamination": what he said, whatever it is for
                        r"(?:explanations?|defen[cs]e|claims?|reply|excuse|theory|statements?|comments|remarks)"
                        r"(?:\s+(?:for|of|on|about|over|regarding)\s+.+)?)$", re.I)


def owner(subject: str) -> str:
    """Whose position, view, priorities … the subject is, named or not ("the mayor" for "the
    mayor's priorities"), or ""."""
    aspect = _ASPECT_OF.match(subject.strip())
    return aspect.group(1) if aspect else ""


def party(subject: str) -> str:
    """The named party whose position, view, role … the subject is ("Tomas Ederly" for "Tomas
    Ederly's position"), or ""."""
    aspect = _ASPECT_OF.match(subject.strip())
    return aspect.group(1) if aspect and is_name(aspect.group(1)) else ""


def is_name(subject: str) -> bool:
    """Every content word of the subject is capitalised: a name ("the Ossel Wetlands Trust",
    "Iran"), not a topic ("gas pipelines")."""
    ws = [w for w in re.findall(r"[\w’'-]+", subject) if content_stems(w)]
    return bool(ws) and all(w[:1].isupper() for w in ws)


def bare_name(subject: str) -> bool:
    """A proper name written without an article, of three words at most, none of them what an
    institution is, not a person's ("Iran", "Crimea", "NATO"; not "the Kremlin", "the Soviet
    Union", "Valdorian National Railways", "Vladimir Putin"): a country or a place. Such a name is
    written wherever it is spoken of, in its own letters, another spelling ("Iranian") or its
    initials; a sentence merely close in meaning to it is about its neighbours (MiniLM puts
    "Iran" as close to a sentence on Azerbaijan as most sentences that do speak of a subject
    without naming it), so none counts. A name with an article is often replaced by a
    metonym ("Moscow" for "the Kremlin") and keeps the meaning check."""
    ws = [w for w in re.findall(r"[\w’'-]+", subject) if content_stems(w)]
    return (is_name(subject) and not re.match(r"(?i)\s*(?:the|a|an)\b", subject)
            and len(ws) <= 3 and not any(w.lower() in ORG_HEADS for w in ws) and not person(subject))


@lru_cache(maxsize=1024)
def person(subject: str) -> bool:
    # A person is often spoken of by role alone ("the minister said"), which only the meaning
    # check can find: a person's name keeps it.
    return any(e.label_ == "PERSON" for e in nlp()(subject).ents)
