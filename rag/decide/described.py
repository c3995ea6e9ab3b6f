"""A named person or body spoken of only by what the collection says it is.

"Colm Ashgrove is a former head of IT at Merrowby City Council," says one article; another
writes "A former head of IT at the council has argued in print ..." and never the name. Calling
the second silent on Colm Ashgrove would be false. `descriptions` reads what the collection
says the name is — the noun of an apposition ("Pellaris Systems, a Lutvian firm"), a title
before the name ("Council leader Ms Renstad"), the noun after its "is/was" ("Agnes Mulcahy was
a midwife at Tarrow General Hospital") or before "known as / calling itself / called" ("a
criminal group calling itself Grey Lantern") — as (head noun, qualifying words), less the
qualifiers the collection gives anyone else described by the same noun. `by_description` then
finds, in an article that does not name the subject, a noun phrase of that head holding one of
those qualifiers ("A former senior midwife at Tarrow"), and not set beside another name ("the
former head of IT, Jane Doe" is Jane Doe). A name the collection tags as a place, a country or
a people has no description read: what is said of it is a view, not what it is.
Leaves out roles one person holds at a time, read with their holders (rag.decide.roles), bare
nouns ("the group", "the regulator") that hold no qualifier, and descriptions in other words
("an external IT supplier" for "a Lutvian firm that runs the council's software").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from index.text import STOP, fold, nlp, stem, words

from ..find.bundles import ArticleBundle
from .mentions import Mention

# The phrases qualifying a description's noun: "head of IT at the council"
_AFTER_PREPS = {"of", "at", "in", "for", "from", "with"}
# Verbs naming the thing described: "a group calling itself X", "a firm known as X", "a boat called X"
_NAMING = {"call", "know", "name", "dub"}
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
# Nouns too general to say what a thing is ("one of the members", "a number of")
_GENERAL = {stem(w) for w in "one part number lot kind sort type thing way member".split()}


@dataclass(frozen=True)
class Description:
    head: str                  # the noun's stem: "midwif"
    quals: frozenset[str]      # the stems qualifying it that no one else's same noun has


def _name_tokens(doc, name: str) -> list:
    """The tokens of the sentence that are the name, or a person's surname alone."""
    ws = set(words(name))
    return [t for t in doc if fold(t.text) in ws and t.text[:1].isupper()]


def _a_place(name: str, bundles: list[ArticleBundle]) -> bool:
    """The collection tags the name as a country, place or people more often than as a person
    or a body: what is said of it ("Russia is a declining power") is a view of it, not what it is."""
    last = words(name)[-1]
    kinds = Counter(label for b in bundles for s in b.sentences for a, e, label in s.entities
                    if last in words(b.text[a:e]))
    return kinds["GPE"] + kinds["NORP"] > kinds["PERSON"] + kinds["ORG"]


def _described(doc, name_toks: list) -> list:
    """The nouns the sentence says the name is."""
    out = []
    ids = {t.i for t in name_toks}
    for t in name_toks:
        # "Pellaris Systems, a Lutvian firm": the apposition on the name, or the name's on a noun
        out += [c for c in t.children if c.dep_ == "appos"]
        if t.dep_ == "appos" and t.head.i not in ids:
            out.append(t.head)
        # "Council leader Ms Renstad": a title written before the name
        out += [c for c in t.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        # "Agnes Mulcahy was a midwife at ...": the attribute of the name's "be"
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ == "be":
            out += [c for c in t.head.children if c.dep_ == "attr"]
        # "a criminal group calling itself Grey Lantern", "a firm known as X"
        v = t.head
        for _ in range(2):
            if v.lemma_.lower() in _NAMING and v.dep_ == "acl":
                out.append(v.head)
                break
            v = v.head
    return [d for d in out if d.pos_ == "NOUN" and d.i not in ids]


def _quals(d) -> set[str]:
    """The stems of the words qualifying a description's noun: its adjectives and compounds, and
    the words of its "of / at / in ..." phrases."""
    out = set()
    for c in d.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss") and c.lower_ not in STOP:
            out.add(stem(c.lower_))
        if c.dep_ == "prep" and c.lower_ in _AFTER_PREPS:
            out |= {stem(x.lower_) for x in c.subtree if x.pos_ in ("NOUN", "PROPN", "ADJ") and x.lower_ not in STOP}
    return out


@lru_cache(maxsize=1024)
def _parse(text: str):
    return nlp()(text)


def _of_sentence(text: str, name: str) -> list[tuple[str, set[str]]]:
    doc = _parse(text)
    return [(stem(d.lower_), _quals(d)) for d in _described(doc, _name_tokens(doc, name))]


def descriptions(name: str, bundles: list[ArticleBundle]) -> tuple[Description, ...]:
    """What the collection says the named subject is, each with the qualifiers no one else
    described by the same noun has; () for a subject that is no capitalised name."""
    if not re.search(r"\b[A-Z]", name) or not words(name) or _a_place(name, bundles):
        return ()
    last = stem(words(name)[-1])
    own: dict[str, set[str]] = {}
    for b in bundles:
        for i, st in enumerate(b.stem_sets):
            if last in st:
                for head, quals in _of_sentence(b.sentence_text(i), name):
                    if head not in _GENERAL and quals:
                        own.setdefault(head, set()).update(quals)
    if not own:
        return ()
    # what the same noun says of anyone else: the other names set beside it in the collection
    others: dict[str, set[str]] = {}
    mine = {stem(w) for w in words(name)}
    for b in bundles:
        for i, st in enumerate(b.stem_sets):
            if not (own.keys() & st):
                continue
            for s0, e0, label in b.sentences[i].entities:
                other = b.text[s0:e0]
                if label in ("PERSON", "ORG") and not {stem(w) for w in words(other)} & mine:
                    for head, quals in _of_sentence(b.sentence_text(i), other):
                        if head in own:
                            others.setdefault(head, set()).update(quals)
    return tuple(Description(h, frozenset(q - others.get(h, set()))) for h, q in sorted(own.items())
                 if q - others.get(h, set()))


def by_description(m: Mention, descs: tuple[Description, ...], b: ArticleBundle) -> Mention:
    """The mention check's finding, or — when the article does not name the subject — the
    sentences speaking of it by what the collection says it is, the phrase as evidence."""
    if m.found and m.how != "meaning":
        return m
    hits, said = [], ""
    for i, st in enumerate(b.stem_sets):
        heads = {d.head: d.quals for d in descs if d.head in st}
        if not heads:
            continue
        text = b.sentence_text(i)
        doc = _parse(text)
        for tok in doc:
            quals = heads.get(stem(tok.lower_))
            if tok.pos_ != "NOUN" or not quals or not (_quals(tok) & quals) or _of_a_name(tok) \
                    or _beside_a_name(b, i, tok.idx):
                continue
            hits.append(i)
            if not said:
                span = [tok] + [x for c in tok.children if c.dep_ in _OWN for x in c.subtree]
                said = _lower_article(text[min(x.idx for x in span):max(x.idx + len(x) for x in span)])
            break
    return Mention(b.id, True, "described", tuple(hits), said) if hits else m


# the words of a noun's own phrase: "a former senior midwife at Tarrow"
_OWN = ("det", "amod", "compound", "nmod", "poss", "prep")


def _of_a_name(tok) -> bool:
    """The noun is said of a name in the sentence's own grammar: a title before it ("Council
    leader Ms Renstad"), an apposition ("the former harbour master, Ewan Tollis") or "is"."""
    if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
        return True
    if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in tok.children):
        return True
    return tok.dep_ == "attr" and any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in tok.head.children)


def _lower_article(phrase: str) -> str:
    """ "A former head of IT" as said inside a sentence: "a former head of IT"."""
    return re.sub(r"^(?:A|An|The)\b", lambda m: m.group().lower(), phrase)


def _beside_a_name(b: ArticleBundle, i: int, at: int) -> bool:
    """The noun at offset `at` of the sentence is set beside a name of its own ("the former head
    of IT, Jane Doe"; "Jane Doe, a midwife"): it describes that one."""
    s = b.sentences[i]
    text = b.sentence_text(i)
    word = _TOKEN.match(text, at).group()
    for a, e, label in s.entities:
        if label not in ("PERSON", "ORG"):
            continue
        a, e = a - s.start, e - s.start
        gap_after = text[at + len(word):a] if a >= at else None
        gap_before = text[e:at] if e <= at else None
        if (gap_after is not None and re.fullmatch(r"(?:\s+[\w'’-]+){0,6}\s*,\s*|\s+", gap_after)) or \
                (gap_before is not None and re.fullmatch(r",?\s*(?:an?|the|its|\w+['’]s)?(?:\s+\w+){0,3}\s*", gap_before)):
            return True
    return False
