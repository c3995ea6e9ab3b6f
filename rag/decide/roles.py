"""Who holds a role the subject names, read from the collection's own appositions.

"Kaldmere's fisheries minister" is a person: one article says "Fisheries Minister Ingrid Vasse
defended the decision", another only "Ms Vasse has claimed 148,800 tonnes". The second speaks of
the subject without any of its words, and calling it silent on the minister would be false.
`holders` finds the people the collection sets beside the role — the role noun and the
subject's other common words next to a person's name ("Fisheries Minister Ingrid Vasse", "the
fisheries minister, Ingrid Vasse", "Ingrid Vasse, the fisheries minister"), with the subject's
own names ("Kaldmere", "the Brigid Rose") in that sentence or the one before it ("... when the
Brigid Rose came round the breakwater. Her skipper, Nessa Quill, stepped ashore ...").
`by_holder` then looks for those people, by name, in an article the subject's words do not
name. `roles_of` goes the other way: the roles the collection gives a named person, and for a
body what it is said to own ("the plant's owner") and the words it is described by as a company
("the Lutvian contractor"), so that an article naming it only so is not called silent on it.
Leaves out titles a person holds without a role noun beside the name, and roles
written as verbs ("skippers the Silver Tern" names no skipper of the Brigid Rose; it needs the
subject's names too, and has none of them).
"""
from __future__ import annotations

import re
from collections import Counter

from index.text import STOP, content_stems, fold, nlp, stem, words

from ..find.bundles import ArticleBundle
from ..find.corpus import Corpus
from .mentions import Mention, MentionThresholds, alias, mentions

# Offices one person holds at a time, so that the collection's "Fisheries Minister Ingrid
# Vasse" says who "the fisheries minister" is. Group nouns ("member", "resident", "worker") name
# many people and are left out, as is "curator", whose stem is the verb's ("curated by").
ROLES = {stem(w) for w in """minister president premier chancellor leader chairman chairwoman chair chairperson
director head spokesman spokeswoman spokesperson mayor governor ambassador skipper captain coach manager
editor founder owner ceo chief secretary treasurer principal headteacher headmaster headmistress commander
general admiral judge governor king queen prime inspector commissioner prosecutor ombudsman envoy negotiator
superintendent keeper""".split()}
# Role nouns that take the word after them ("chief executive", "head gardener")
_HEAD_OF = {"chief", "head"}
# Words on either side of a name read as what is said of it: "Fisheries Minister" before,
# ", the fisheries minister," after.
BEFORE_WORDS = 4
AFTER_WORDS = 6
# ... and of the role once held ("former President Heydar Aliyev"): not who holds it now
_FORMER = {stem(w) for w in "former late ex onetime erstwhile previous outgoing".split()}
# Words joining two people, past which what is said belongs to the other one.
_LINK = re.compile(r"\b(?:and|or|but|with|while|whereas|than|against|versus|vs)\b", re.I)
WORDS_ONLY = MentionThresholds(entity=2.0, sentence=2.0, partial=2.0)
# "the mayor of Tindra, Eirik Sandvold": a name right after a role and "of" is what the role is
# of, even where the tagger takes it for a person, not the role's holder.
_ROLE_OF = re.compile(r"\b([\w'’-]+)\s+of\s+(?:the\s+)?$", re.I)
_ROLE_NEXT = tuple(re.compile(rf"(?:['’]s)?(?:\s+[\w-]+){{{k}}}\s+([\w'’-]+)[\s,]+") for k in range(3))
# words that end what "the mayor of ..." is of ("mayor of Tindra for nine years")
_ENDS_OF = {"since", "for", "until", "after", "before", "during", "in", "at", "on", "from", "with", "by", "who",
            "which", "that", "when", "where", "as"}


def _places(bundles: list[ArticleBundle]) -> set[str]:
    """One-word names the collection also tags as places: "Rotenau" in "The Rotenau plant's
    manager" is the plant's place wherever the tagger takes it for a person. Not names it tags
    as bodies: the tagger takes many a surname alone for one ("Varga declined to comment"), and
    the person was lost with it (held out: acrossk lost a mention, found by its summary)."""
    return {b.text[a:e].strip() for b in bundles for s in b.sentences for a, e, label in s.entities
            if label in ("GPE", "LOC", "FAC") and " " not in b.text[a:e].strip()}


def _people(b: ArticleBundle, s, places: set[str] = frozenset()) -> list[tuple[int, int]]:
    """The sentence's people, less names written as what a role is of and one-word names that
    are places elsewhere (`_places`)."""
    out = []
    for a, e, label in s.entities:
        if label != "PERSON" or b.text[a:e].strip() in places:
            continue
        m = _ROLE_OF.search(b.text[max(s.start, a - 40):a])
        # "Felsburg mayor Radka Dvorakova", "Hollerbeck's site manager, Dieter Keßel": a name
        # before a role and a person is where or whose the role is
        starts = {x - e for x, y, label in s.entities if label == "PERSON" and x > e}
        place = any((r := rx.match(b.text[e:min(s.end, e + 60)])) and stem(r.group(1).lower()) in ROLES
                    and r.end() in starts for rx in _ROLE_NEXT)
        if not (m and stem(m.group(1).lower()) in ROLES) and not place:
            out.append((a, e))
    return out


def _role(subject: str) -> tuple[set[str], set[str], list[str]]:
    """(the role's stems, the other common words' stems, the subject's names)."""
    stems = set(content_stems(subject))
    role = {s for s in stems if s in ROLES}
    names = [w for w in re.findall(r"\b[A-Z][\w’']+", subject) if fold(w) not in STOP]
    name_stems = {s for n in names for s in content_stems(n)}
    return role, stems - role - name_stems, names


def holders(subject: str, bundles: list[ArticleBundle]) -> tuple[str, ...]:
    """The people the collection names as holding the role the subject names, most often named
    first; () when the subject names no role."""
    role, common, names = _role(subject)
    if not role:
        return ()
    found: Counter[str] = Counter()
    places = _places(bundles)
    for b in bundles:
        for i, s in enumerate(b.sentences):
            people = _people(b, s, places)
            if not people or not (role | common) <= b.stem_sets[i]:
                continue
            if names:
                # news writes a paragraph a sentence: the one before may start another
                prev = b.sentence_text(i - 1) if i else ""
                near = set(words(prev + " " + b.sentence_text(i)))
                if not any(alias(n, w) for n in names for w in near):
                    continue
            for a, e in people:
                # "Kesslow’s mayor, Hanna Quist": the tagger's "Kesslow’s" is whose the role is, not who
                held = b.text[a:e].strip()
                if re.search(r"['’]s?$", held) or all(any(alias(n, w) for n in names) for w in words(held)):
                    continue
                # what is said of this name, not of the one beside it ("Ilham Aliyev and Prime
                # Minister Nikol Pashinyan"): the words up to the next name or "and"
                lo = max([s.start] + [y for x, y in people if y <= a])
                hi = min([s.end] + [x for x, y in people if x >= e])
                before = _LINK.split(b.text[lo:a])[-1]
                after = _LINK.split(re.split(r"[.;:!?]", b.text[e:hi], maxsplit=1)[0])[0]
                before, after = words(before)[-BEFORE_WORDS:], words(after)[:AFTER_WORDS]
                around = set(content_stems(" ".join(before))) | set(content_stems(" ".join(after)))
                if role <= around and common <= around and not around & _FORMER:
                    found[b.text[a:e].strip()] += 1
    return tuple(n for n, _ in found.most_common())


_PREDICATE = re.compile(r"\b(?:is|was|are|were|been|became|becomes|become|remains|remained)\b", re.I)


def _roles_beside(text: str, lo: int, a: int, e: int, hi: int, shared: bool = False) -> list[tuple[str, frozenset]]:
    """The roles written right beside a name: (role noun stem, the stems qualifying it) for
    "Water Minister Dalia Moret", "The Minister of Water and Energy, Dalia Moret", "Dalia Moret,
    the water minister"; a comma or a joining word ends what is said of the name."""
    before = text[lo:a].rstrip(" ,").split(",")[-1]
    after = re.split(r"[.;:!?,]", text[e:hi].lstrip(" ,"), maxsplit=1)[0]
    out = []
    # a role said of the name before (`shared`: the words run from it) is no title of the name
    # after it ("Dr Ingrid Halloway has been director of Carrowgate Museum and Art Gallery", the
    # tagger's person "Art Gallery"), while "The inquiry is led by planning inspector Johanna
    # Pirec" titles her
    sides = (after,) if shared and _PREDICATE.search(before) else (before, after)
    for side in sides:
        ws = re.findall(r"[\w'’-]+", side)
        for k, w in enumerate(ws):
            if stem(w.lower()) not in ROLES:
                continue
            quals = set()
            if k > 0 and ws[k - 1].lower() not in STOP:
                quals |= set(content_stems(ws[k - 1]))
            if w.lower() in _HEAD_OF and k + 1 < len(ws) and ws[k + 1].islower() and ws[k + 1] not in STOP:
                # "chief executive", "head teacher": the word after says which chief
                quals |= set(content_stems(ws[k + 1]))
            if k + 2 < len(ws) and ws[k + 1].lower() == "of":
                # "Minister of Water and Energy", "mayor of the Lodavan river town since 2018": the
                # words up to the next that is not "the", "a" or "and"
                for x in ws[k + 2:k + 7]:
                    if x.lower() in _ENDS_OF or (x.lower() in STOP and x.lower() not in ("the", "a", "an", "and")):
                        break
                    quals |= set(content_stems(x))
            # "the inspector Johanna Pirec": a role with no word of its own is said of the name too
            if not quals & _FORMER and not (k > 0 and stem(ws[k - 1].lower()) in _FORMER):
                out.append((stem(w.lower()), frozenset(quals)))
    return out


# Verbs of owning or running a thing: "The plant ... is owned by Valmora Foods", "Valmora Foods,
# which owns the plant", "the Dairy Works, run by Valmora Foods".
_OWNING = {"own", "operate", "run"}


def owned(name: str, bundles: list[ArticleBundle]) -> tuple[tuple[str, frozenset], ...]:
    """What the collection says a body owns or runs, as the role of its owner ("owner", the thing's
    stem): an article that never names the body may speak of it so ("Since 5 August the plant's
    owner has been tankering its effluent"; acrossl said that article silent on Valmora Foods)."""
    things: set[str] = set()
    for b in bundles:
        key = ("owned", name)
        if key in b.memo:       # a parse per sentence naming it, once per article
            things.update(b.memo[key])
            continue
        mine: set[str] = set()
        for i in range(len(b.sentences)):
            text = b.sentence_text(i)
            if name not in text:
                continue
            for t in nlp()(text):
                thing = None
                if t.lemma_ in _OWNING and t.tag_ == "VBN" and any(
                        c.dep_ == "agent" and name in " ".join(x.text for x in c.subtree) for c in t.children):
                    # "X is owned by the body", "X, owned by the body"
                    thing = next((c for c in t.children if c.dep_ == "nsubjpass"), t.head if t.dep_ == "acl" else None)
                elif t.lemma_ in _OWNING and t.dep_ == "relcl" and name in " ".join(x.text for x in t.head.subtree)[:len(name) + 40]:
                    thing = next((c for c in t.children if c.dep_ == "dobj"), None)     # "the body, which owns X"
                elif t.lemma_ == "owner" and any(c.dep_ == "appos" and name in " ".join(x.text for x in c.subtree)
                                                for c in t.children):
                    thing = next((c for c in t.children if c.dep_ == "poss"), None)     # "X's owner, the body"
                if thing is not None and thing.pos_ == "NOUN":   # a named thing is named by its name
                    mine.update(content_stems(thing.text))
        b.memo[key] = frozenset(mine)
        things |= mine
    return tuple(("owner", frozenset({x})) for x in sorted(things))


# Nouns for a company, one thing whichever the writer chose: "Pellaris Systems, a Lutvian firm that
# runs the council's software" is "the Lutvian contractor" of an article that never names it.
MIN_NAME_WORD = 4
# (Not "operator", "provider", "developer": their stems are verbs', "operate", "provide", "develop".)
_COMPANY_WORDS = "firm|company|contractor|supplier|vendor|business|corporation|factory"
COMPANY = frozenset(stem(w) for w in _COMPANY_WORDS.split("|"))
_AS_COMPANY_AFTER = re.compile(rf"^,\s+(?:a|an|the|its)\s+((?:[\w'’-]+\s+){{1,3}}?)(?:{_COMPANY_WORDS})\b", re.I)
_AS_COMPANY_BEFORE = re.compile(rf"\b(?:a|an|the|its)\s+((?:[\w'’-]+\s+){{1,3}}?)(?:{_COMPANY_WORDS})\s*,\s*$", re.I)


def as_company(name: str, bundles: list[ArticleBundle]) -> tuple[tuple[str, frozenset], ...]:
    """The words the collection describes a body by, set beside its name as a company ("Pellaris
    Systems, a Lutvian firm ..."; "the chemical firm, Hollerbeck"), as roles of any company noun:
    an article writing "the Lutvian contractor" speaks of it. Only with a word of its own ("the
    firm" alone may be any company)."""
    quals: set[str] = set()
    # ... by its first word too ("Pellaris, the Lutvia-based company ...")
    first = name.split()[0] if len(name.split()) > 1 and len(name.split()[0]) >= MIN_NAME_WORD else name
    for b in bundles:
        at = b.text.find(first)
        while at >= 0:
            end = at + (len(name) if b.text.startswith(name, at) else len(first))
            for m in (_AS_COMPANY_AFTER.match(b.text[end:end + 80]), _AS_COMPANY_BEFORE.search(b.text[max(0, at - 80):at])):
                if m:
                    quals.update(content_stems(" ".join(w for w in m.group(1).split() if w.lower() not in STOP)))
            at = b.text.find(first, end)
    quals -= COMPANY | {stem("based")}
    return tuple((c, frozenset(quals)) for c in sorted(COMPANY)) if quals else ()


def roles_of(person: str, bundles: list[ArticleBundle]) -> tuple[tuple[str, frozenset], ...]:
    """The roles the collection sets beside a person's name, each as (role noun, the words
    qualifying it) less the words it shares with anyone else's same role: "the water minister"
    is Dalia Moret, "Minister of Water and Energy", where the environment minister is someone
    else. A role left with no word of its own ("the minister") names no one in particular."""
    last = person.split()[-1] if person.split() else ""
    if not last[:1].isupper():
        return ()
    # ... and for a body, the owner of what it owns
    return _person_roles(person, last, bundles) + owned(person, bundles) + as_company(person, bundles)


def _person_roles(person: str, last: str, bundles: list[ArticleBundle]) -> tuple[tuple[str, frozenset], ...]:
    own: dict[str, set] = {}
    others: dict[str, set] = {}
    places = _places(bundles)
    for b in bundles:
        for s in b.sentences:
            people = _people(b, s, places)
            for a, e in people:
                lo = max([s.start] + [y for x, y in people if y <= a])
                hi = min([s.end] + [x for x, y in people if x >= e])
                # the same surname as another article spells it ("Valeš" for Valesch)
                name = b.text[a:e].split()
                mine = bool(name) and (name[-1] == last or alias(name[-1], last))
                for role, quals in _roles_beside(b.text, lo, a, e, hi, shared=lo > s.start):
                    (own if mine else others).setdefault(role, set()).update(quals)
    # A role no one else in the collection holds names the person however bare ("the inspector"):
    # an empty set of qualifying words; otherwise only the words no one else's same role has.
    return tuple((role, frozenset() if role not in others else frozenset(quals - others[role]))
                 for role, quals in own.items() if role not in others or quals - others[role])


def by_holder(m: Mention, subject: str, people: tuple[str, ...], b: ArticleBundle, corpus: Corpus,
              roles: tuple[tuple[str, frozenset], ...] = ()) -> Mention:
    """The mention check's finding, or — when the article names the subject only in meaning or
    not at all — the sentences naming one of the people who hold the role, or (for a person) the
    sentences naming the role the collection gives that person alone ("The water minister
    insists ..." for "Dalia Moret")."""
    if m.found and m.how != "meaning":
        return m
    for person in people:
        p = mentions(person, b, corpus, WORDS_ONLY)
        if p.found:
            return Mention(b.id, True, "holder", p.sentences, person)
    for role, quals in roles:
        hits = tuple(i for i, st in enumerate(b.stem_sets) if role in st and (not quals or quals & st))
        if hits:
            return Mention(b.id, True, "role", hits, b.sentence_text(hits[0]))
    return _bare(subject, b) or m


def _bare(subject: str, b: ArticleBundle) -> Mention | None:
    """For a role ("the transport minister"): the sentences of an article that writes the role
    bare and never otherwise ("The minister wrote back ..."), so that the minister it speaks of
    can only be that one; None when it names the role with another word ("the health minister")
    or not at all."""
    role, common, names = _role(subject)
    if len(role) != 1 or names:
        return None
    r = next(iter(role))
    ws = words(b.text)
    said = [k for k in range(1, len(ws)) if stem(ws[k]) == r]
    if not said or {stem(ws[k - 1]) for k in said} - common - {"the", "a", "an", "this", "that", "s"}:
        return None
    hits = tuple(i for i, st in enumerate(b.stem_sets) if r in st)
    return Mention(b.id, True, "bare", hits, f"{ws[said[0] - 1]} {ws[said[0]]}") if hits else None
