"""Agents: who does the thing a sentence states, for questions about what one named party did.

"How many shares did Helen Marsh buy?" asks about Helen Marsh's buying. A sentence giving a
number of shares someone else bought ("the Ashdowns bought forty") answers another question,
though the article names Helen Marsh in every other paragraph (which is why binding's "the
article's subject" exemption lets it through). The question's *agent* is a named person,
organisation or place that is the subject of its verb; a sentence's agent for an answer span
is the subject of the verb that governs the span, a relative pronoun standing for the noun it
describes ("Samira Haddad, a pharmacist who moved to the village in 2021").

A sentence contradicts the question's agent only when every answer span it holds has a
subject that is spelled out and is not the agent: a pronoun ("She joined in 2019") may be the
agent, and a span no verb's subject governs says nothing either way. Sentences are parsed at
question time (the index stores entities, not dependencies), only when a question's agent is
missing from a candidate that holds an answer span, and kept in a small cache. Leaves out
coreference of descriptions ("the retired teacher" for Helen Marsh: counted against) and
everything about untyped questions.

The same parse says what a date written before a noun dates (`dated_noun`): "Following the
2020 conflict, Russia deployed troops" dates the conflict, so it answers "When was the
conflict?" and not "When did the troops leave?". And it says who reports a fact (`speaker_of`):
"How big a fund did Nuala Haughey call for?" is not answered by what another MLA "said ... should
be set up" (`speaks_in_question`, `spoken_by_another`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.text import content_stems, nlp, stem, words

from ..find.candidates import Candidate
from ..find.spans import Span
from .anchors import has, stems_of

_SUBJECTS = ("nsubj", "nsubjpass")
# Words before a name that are no part of who the person is ("Dr.", "Professor").
_TITLES = {stem(w) for w in "mr mrs ms miss mx dr doctor prof professor sir dame rev reverend councillor cllr".split()}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "these", "those", "one", "someone", "each",
             "both", "all", "some", "his", "her", "its", "their"}


@lru_cache(maxsize=2048)
def parse(text: str):
    return nlp()(text)


def _governing_verb(tok):
    """The nearest verb above a token that has (or shares through "and") a subject."""
    seen = 0
    while seen < 12:
        if tok.pos_ in ("VERB", "AUX"):
            if _subject(tok) is not None or tok.dep_ in ("relcl", "acl"):
                return tok
        if tok.head is tok:
            return None
        tok, seen = tok.head, seen + 1
    return None


def _verb_at(text: str, at: int):
    """The verb governing the token at offset `at` of a parsed sentence (None if none)."""
    tok = next((t for t in parse(text) if t.idx <= at < t.idx + max(len(t.text), 1)), None)
    return _governing_verb(tok) if tok is not None else None


def _subject(verb):
    subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subj is None and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        subj = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
    return subj


def _phrase(noun) -> str:
    """The noun with its modifiers, without any clause it heads."""
    keep = [t for t in noun.subtree if t.dep_ not in ("relcl", "acl", "punct") and
            not any(a.dep_ in ("relcl", "acl") for a in t.ancestors if a in noun.subtree and a is not noun)]
    return " ".join(t.text for t in keep) or noun.text


def has_own_subject(text: str, lo: int, hi: int) -> bool:
    """The stretch [lo, hi) of the sentence holds a verb with its own subject ("and the company
    will report ..."), not one sharing the subject before it ("and opened in 1932")."""
    def inside(t) -> bool:
        return lo <= t.idx < hi
    return any(t.dep_ in _SUBJECTS + ("expl",) and inside(t) and inside(t.head) and t.head.pos_ in ("VERB", "AUX")
               for t in parse(text))


# A pronoun subject of a reported clause is, in news writing, the party reporting it ("X said it
# would ...", "X said they had ..."); "he" and "she" are left open: a man may report what a woman did.
_REPORTED = {"it", "they", "we"}


def _reported_by(verb):
    """The spelled-out subject of the reporting verb whose clause the verb heads ("Nestling & Co
    said [that it had removed ...]"), or None."""
    head = verb.head
    if verb.dep_ != "ccomp" or head is verb or stem(head.lower_) not in REPORTING:
        return None
    subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in _PRONOUNS or subj.lower_ in _RELATIVE:
        return None
    return subj


def subject_of(text: str, at: int) -> tuple[str, bool] | None:
    """The spelled-out subject of the verb governing the span starting at offset `at` of a
    sentence and whether it is a passive one ("Home matches will be played at ..."), or None
    when there is none, or it is a pronoun."""
    verb = _verb_at(text, at)
    if verb is None:
        return None
    subj = _subject(verb)
    if (subj is None or subj.lower_ in _RELATIVE) and verb.dep_ in ("relcl", "acl"):
        return _phrase(verb.head), False
    if verb.dep_ == "relcl" and any(t.lower_ == "whose" for t in subj.children):
        # "Ewan Tait, whose family has farmed there for four generations": his family's fact
        return _phrase(verb.head), False
    if subj is not None and subj.lower_ in _REPORTED and (said := _reported_by(verb)) is not None:
        subj = said      # "Nestling & Co said that it had removed ... 48 of its stores": its own
    if subj is None or subj.lower_ in _PRONOUNS or subj.lower_ in _RELATIVE:
        return None
    if subj.left_edge.idx <= at < subj.right_edge.idx + len(subj.right_edge.text):
        return None   # the span is inside the subject itself ("Helen Marsh, 61, said ...")
    return _phrase(subj), subj.dep_ == "nsubjpass"


# Verbs that report what someone said, asked for or proposed.
REPORTING = frozenset(stem(w) for w in "say said says tell told call called calls urge urged ask asked propose proposed "
                      "suggest suggested want wanted demand demanded recommend recommended claim claimed warn warned "
                      "argue argued add added insist insisted predict predicted estimate estimated".split())


def speaker_of(text: str, at: int) -> str | None:
    """The spelled-out subject of the reporting verb whose clause holds the span ("Derek Moffett
    said a hardship fund of £1.5 million should be set up"), or None."""
    tok = next((t for t in parse(text) if t.idx <= at < t.idx + max(len(t.text), 1)), None)
    seen = 0
    while tok is not None and seen < 12:
        if tok.pos_ == "VERB" and stem(tok.lower_) in REPORTING and tok.idx != at:
            subj = _subject(tok)
            if subj is None or subj.lower_ in _PRONOUNS or subj.lower_ in _RELATIVE:
                return None
            return _phrase(subj)
        if tok.head is tok:
            return None
        tok, seen = tok.head, seen + 1
    return None


def passive_doer(text: str, at: int) -> str | None:
    """The "by" phrase of a passive verb whose subject holds the span ("four were donated by the
    Noor Trust" for "four"): who did it, or None."""
    verb = _verb_at(text, at)
    subj = _subject(verb) if verb is not None else None
    if subj is None or subj.dep_ != "nsubjpass" or not subj.left_edge.idx <= at <= subj.right_edge.idx:
        return None
    by = next((c for t in verb.children if t.dep_ == "agent" for c in t.children if c.dep_ == "pobj"), None)
    return _phrase(by) if by is not None and by.lower_ not in _PRONOUNS else None


def subject_head(text: str, at: int):
    """The head word (a spaCy token) of the subject of the verb governing the span starting at
    offset `at` of a sentence, or None when the verb has none."""
    verb = _verb_at(text, at)
    return _subject(verb) if verb is not None else None


def agent_of(text: str, at: int) -> str | None:
    """The spelled-out subject of the verb governing the span starting at offset `at` of a
    sentence, or None when there is none, or it is a pronoun."""
    found = subject_of(text, at)
    return found[0] if found else None


def contradicts(agent: str, text: str, starts: list[int], asked: frozenset = frozenset()) -> bool:
    """Every answer span (by start offset) of the sentence is something another, named subject
    did. A passive subject made only of the question's own words (`asked`: its stems, less its
    anchors') is not another party but what was done, said first: "Home matches will be played
    at Ferris Lane" for "Where will the Kites play their home matches?" ("the appeal has raised
    £31,500" still answers another question than what a donor gave to the appeal)."""
    want = set(content_stems(agent))
    if not want or not starts:
        return False
    for at in starts:
        # ... or, for a span the passive subject holds, the doer its "by" phrase names
        found = subject_of(text, at) or ((doer, False) if (doer := passive_doer(text, at)) else None)
        if found is None:
            return False
        theirs = set(content_stems(found[0]))
        if _same_party(agent, found[0], want & theirs) or (theirs and theirs <= asked and (found[1] or verb_asked(text, at, asked))):
            return False
    return True


def _same_party(agent: str, subject: str, shared: set[str]) -> bool:
    """The subject names the agent: it shares a word of the agent's name other than only its
    last, or shares that last word and names nothing else. Two names ending in the same word
    name two parties when the subject has a name word of its own: "Inverallan Leisure Centre"
    is not "Kilbrae Sports Centre", nor "Tom Marsh" "Helen Marsh" ("Marsh" alone may be)."""
    if not shared:
        return False
    names = [w for w in words(agent) if content_stems(w)]
    last = set(content_stems(names[-1])) if len(names) >= 2 else set()
    if not last or not shared <= last:
        return True
    own = set(content_stems(agent))
    return not any(w[:1].isupper() and content_stems(w) and not set(content_stems(w)) <= own
                   for w in re.findall(r"[\w’'-]+", subject))


def verb_asked(text: str, at: int, asked: frozenset) -> bool:
    """The verb governing the span is one the question asks with ("each session lasts about
    ninety minutes" for "How long does each Kites training session last?"): its subject made of
    the question's words is the thing asked about, restated, not another party."""
    verb = _verb_at(text, at)
    return verb is not None and bool(set(content_stems(verb.text)) & asked)


# Words that say whether a person is a man or a woman, set right beside their name: a title
# ("Mr", "Mrs") or a family role in apposition ("Her nephew, Malcolm Garside").
_MALE = {"mr", "sir", "lord", "nephew", "son", "father", "brother", "husband", "grandfather", "grandson", "uncle",
         "king", "prince", "boy", "widower", "dad", "stepson", "stepfather"}
_FEMALE = {"mrs", "ms", "miss", "lady", "dame", "niece", "daughter", "mother", "sister", "wife", "grandmother",
           "granddaughter", "aunt", "queen", "princess", "girl", "widow", "mum", "stepdaughter", "stepmother"}


def _other_sex(pronoun: str, agent: str, text: str) -> bool:
    """The pronoun ("she") is of the other sex than the words beside the agent's name say it is
    ("Her nephew, Malcolm Garside, said she had used the library for forty years"): it is
    someone else."""
    said = "m" if pronoun in ("he", "him", "his") else "f" if pronoun in ("she", "her") else ""
    at = text.find(agent)
    if not said or at < 0:
        return False
    beside = words(text[:at])[-2:] + words(agent)[:1] + words(text[at + len(agent):])[:3]
    sex = {"m" for w in beside if w in _MALE} | {"f" for w in beside if w in _FEMALE}
    return len(sex) == 1 and said not in sex


def bystander(agent: str, text: str, at: int) -> bool:
    """The agent, named in the sentence, takes no part in the clause of the span at offset `at`,
    whose subject is spelled out and is not them: "Julian Marr, the trust's director of estates,
    said the building work had finished about ten weeks late" (the speaker's words are about the
    building work); "a rise the head teacher, Martin Cole, puts down to the free lessons
    introduced in 2020" (2020 is the lessons'). A pronoun subject ("he said he had driven it for
    eleven years") may be the agent, and is not counted against them."""
    want = set(content_stems(agent))
    verb = _verb_at(text, at) if want else None
    if verb is None:
        return False
    subj = _subject(verb)
    if verb.dep_ in ("relcl", "acl") and (subj is None or subj.lower_ in _RELATIVE):
        head = verb.head
        if head.pos_ == "PROPN" and head.ent_type_ == "PERSON" and subj is not None and subj.lower_ == "who":
            # "Dr. Ravindra Kulkarni, who has headed the hospital since 2019, and Dr. Farah
            # Siddiqui": a "who" clause hung on a person's name is that person's (their title
            # shared with the agent's says nothing)
            scope = [t for t in head.subtree if t is head or (t.head is head and t.dep_ in ("compound", "flat"))]
            scope += list(verb.subtree)
            want -= _TITLES
            return bool(want) and not want & set(content_stems(" ".join(t.text for t in scope)))
        if head.pos_ != "NOUN":
            return False     # "Tom Ashworth, 11, of St Anne's Primary, who won ...": the parse may hang it on the wrong name
        scope = list(head.subtree)      # the thing the clause describes, with the clause
        if head.dep_ == "appos":
            # "Colin Varley, a retired bank manager who travels from Hexham": the noun the clause
            # hangs on stands beside a name, and is that name's
            name = head.head
            scope += [t for t in name.subtree if t is name or (t.head is name and t.dep_ in ("compound", "flat"))]
    elif subj is None or subj.lower_ in _RELATIVE or (subj.lower_ in _PRONOUNS and not _other_sex(subj.lower_, agent, text)):
        return False
    else:
        scope = list(verb.subtree)
        if subj.head is not verb:
            # a subject shared with the verb before: "X founded the club and ran it for ten
            # years", "Its founder, Ann Carver, hopes to raise £20,000"
            scope += list(subj.subtree)
    return not want & set(content_stems(" ".join(t.text for t in scope)))


def said_past(text: str, at: int) -> bool:
    """The verb governing the span at offset `at` is in the past tense ("launched an appeal in
    November", "had insulation fitted in the summer of 2022", "was opened in 1990"), and no
    "will" or "would" makes it a future one."""
    verb = _verb_at(text, at)
    if verb is None:
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in ("will", "would", "'ll", "shall", "to") for c in aux):
        return False
    # "had insulation fitted in 2022": a participle with no auxiliary of its own takes its head's tense
    # ... and one describing a noun says what was done to it ("figures published on Tuesday")
    return verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux) or (
        verb.tag_ == "VBN" and not aux and verb.head is not verb and (verb.head.tag_ == "VBD" or verb.dep_ == "acl"))


def dated_noun(text: str, start: int, end: int) -> str | None:
    """The noun a date in a sentence modifies, when it is written before it as a modifier ("the
    2020 conflict", "Post-2020 Karabakh War", "the 2020 Shusha Declaration"): that date says when
    that thing was, not when the sentence's verb happened. None for a date said as a time of
    the clause ("In 2020, Russia ...", "signed in 2022")."""
    doc = parse(text)
    toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    tok = toks[-1]
    if tok.dep_ not in ("nummod", "compound", "amod", "nmod") or tok.head.pos_ not in ("NOUN", "PROPN") \
            or tok.head.i < tok.i:
        return None
    head = tok.head
    while head.dep_ in ("compound", "nmod", "amod", "nummod") and head.head.i > head.i:
        head = head.head
    return head.lemma_.lower()


def speaks_in_question(name: str, question: str) -> bool:
    """The question asks what the named party said, asked for or proposed: the name stands right
    before a reporting verb ("did Nuala Haughey call for", "Mayor Samuels said") or after
    "according to"."""
    at = question.find(name)
    if at < 0:
        return False
    after = words(question[at + len(name):])[:2]
    return any(stem(w) in REPORTING for w in after) or bool(re.search(r"\baccording\s+to\s+(?:\w+\s+){0,4}$", question[:at], re.I))


def spoken_by_another(agent: str, c: Candidate, answers: tuple[Span, ...]) -> bool:
    """Every answer span is in what another named party said, asked for or proposed: the
    question asks what the agent said."""
    for x in answers:
        sp = speaker_of(c.text, x.start)
        if sp is None or not re.search(r"\b[A-Z][a-z]", sp) or has(agent, stems_of(sp)) or has(sp, stems_of(agent)):
            return False
    return True
