"""Anchors: where an article names the things a question is about.

An anchor (a name or value of the question: "Dover", "the Kettle Flats Array", "2019") is in a
text when most of its IDF weight and its rarest word are; a person's full name needs the
surname; and a name the question writes with capitals must be written with one in the article
(at a sentence's start, as a word the article never writes in lower case): the stems of "The
kettles were sold" hold half of "Kettle Flats" and its rarest word, but no article about
kettles names that place. For one candidate sentence, `anchor_presence` grades an anchor 1 (the
sentence, the sentence it goes on from, the article's title, or the article's subject names
it), 0.5 (its paragraph, or the article's opening one), 0.25 (elsewhere in the article) or 0,
and says when another name of the same kind stands in its place (a swap). Everything here reads
the annotations stored at index time and memoises per article (`ArticleBundle.memo`), since
every candidate of an article asks the same.
Leaves out what the asked thing is and whether a sentence holds it (binding.py), and how a
sentence refers to a name without writing it ("the boat", an opening "she": referring.py), and
which months a season holds (seasons.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from index.text import STOP, content_stems, fold, stem, word_key, words

from ..find.bundles import ArticleBundle
from ..find.candidates import Candidate
from .referring import OPENS_HE_SHE, kind_called, referent
from .seasons import in_season, seasons_of

# An anchor is in a text when this share of its content words are ("the Kettle Flats Array" is in
# "Kettle Flats has no dishes"; "24-hour" is in "for 24 hours").
ANCHOR_SHARE = 0.5
# An anchor named in two paragraphs or more is the article's subject: every sentence of it is about
# it, named or not ("the site", "the team"), and another name beside it does not replace it.
TOPIC_PARAGRAPHS = 2

@lru_cache(maxsize=4096)
def stems_of(text: str) -> frozenset:
    """Content stems of a name or title (all its stems when it has no content word)."""
    return frozenset(content_stems(text)) or frozenset(stem(w) for w in words(text))


def has(anchor: str, stems, weights: dict[str, float] | None = None) -> bool:
    """The anchor is in a text (its stems): most of its words are, and every number it holds.
    With the collection's IDF `weights`, most of its weight and its rarest word: that word is
    what names it ("Gull Street Bakery" is not in "the bakery on Church Street")."""
    want = stems_of(anchor)
    digits = {w for w in want if any(ch.isdigit() for ch in w)}
    if not want or not digits <= stems:
        return False
    if not weights:
        return len(want & stems) / len(want) >= ANCHOR_SHARE
    rare = max(weights.values())     # a word the question's weights lack is rare in the collection
    weight = {w: weights.get(w, rare) for w in want}
    top = max(weight.values())
    rarest = any(w in stems for w in want if weight[w] >= top - 1e-9)   # one of them, when several tie
    return rarest and sum(weight[w] for w in want & stems) / sum(weight.values()) >= ANCHOR_SHARE


# A person named all through an article is not what every sentence of it is about: a sentence
# that does not name them is about them only when it refers to someone ("she", "his").
_PERSONAL = re.compile(r"\b(he|she|his|her|him|hers)\b", re.I)


def _full_name(text: str, group: str | None) -> bool:
    """A person's first and last name ("Helen Marsh"): the small tagger also calls dynasties and
    single foreign words people, so one word is not enough to treat it as a person."""
    return group == "person" and len(re.findall(r"\b[A-Z][\w'’-]+", text)) >= 2


# A sentence that goes on about the one before it refers back with a pronoun ("Its chairman, ...").
_REFERS_BACK = re.compile(r"\b(he|she|it|they|his|her|its|their|him|them|this|these)\b", re.I)


def weighted_share(found: set, weights: dict[str, float]) -> float:
    """The share of the words' total weight that is in `found` (0 for no words)."""
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in found) / total if total else 0.0


def _paragraphs_naming(text: str, b: ArticleBundle, weights: dict[str, float] | None = None) -> int:
    """How many of the article's paragraphs name the anchor (kept with the article: every
    candidate sentence of it asks the same; the IDF of a word is the collection's, the same
    for every question)."""
    key = ("paragraphs naming", text, bool(weights))
    if key not in b.memo:
        b.memo[key] = sum(has(text, st, weights) for st in b.para_stems.values())
    return b.memo[key]


def lede(b: ArticleBundle) -> int:
    """The paragraph that opens the article's body (its headline and byline aside)."""
    if "lede" not in b.memo:
        b.memo["lede"] = min((s.para for s in b.sentences if s.kind == "text"), default=-1)
    return b.memo["lede"]


def is_topic(text: str, b: ArticleBundle, weights: dict[str, float] | None = None) -> bool:
    """The anchor is what the article is about: it names it in several paragraphs."""
    return _paragraphs_naming(text, b, weights) >= TOPIC_PARAGRAPHS


def _labels(b: ArticleBundle) -> dict[str, str]:
    """The article's names (word keys) and the entity label it most gives each, read once."""
    if "labels" not in b.memo:
        votes: dict[str, Counter] = {}
        for s in b.sentences:
            for a, e, lab in s.entities:
                votes.setdefault(word_key(b.text[a:e]).strip(), Counter())[lab] += 1
        b.memo["labels"] = {k: v.most_common(1)[0][0] for k, v in votes.items()}
    return b.memo["labels"]


def article_label(text: str, label: str, b: ArticleBundle) -> str:
    """The entity label the article gives the anchor where it names it, else the question's.
    The tagger reads a name better in the article's sentences than in a short question
    ("How long did Bethan Howells work ...?" tags her a facility; her article, a person)."""
    labels, key = _labels(b), word_key(text).strip()
    if key in labels:
        return labels[key]
    # Part of a person's name the article gives in full: the question's tagger cut "Renata Obi"
    # to "Renata" and called it an organisation.
    if key and label != "PERSON" and any(lab == "PERSON" and (k.startswith(key + " ") or k.endswith(" " + key))
                                         for k, lab in labels.items()):
        return "PERSON"
    return label


# A name said again by its last word after "the" ("Northmoor County Council" ... "the council's
# cabinet member"), as news writing does after the first mention.
_DEFINITE = re.compile(r"\b(?:the|its|their|this|that)\s+([a-z]+)\b", re.I)


def _said_again(text: str, sentence: str, b: ArticleBundle, weights: dict[str, float] | None = None) -> bool:
    """The sentence calls the anchor by the last word of its name after "the", the article names
    the anchor, and no other name in the article ends in that word (two councils: "the council"
    could be either). The name is the anchor's own of two words or more ("Northmoor County
    Council": "the council"), or the article's longer name beginning with it ("Northgate" named
    as "Northgate University": "the university's campus")."""
    if not _paragraphs_naming(text, b, weights):
        return False
    key = ("said again", text)    # the same for every sentence of the article: asked once
    if key not in b.memo:
        b.memo[key] = _heads(text, b)
    heads = b.memo[key]
    return bool(heads) and any(m.group(1).lower() in heads for m in _DEFINITE.finditer(sentence))


def _heads(text: str, b: ArticleBundle) -> frozenset[str]:
    """The words "the ..." may call the anchor by in its article (see `_said_again`)."""
    ws = [w for w in words(text) if w != "s"]          # "Council's": the possessive is no word
    labels = [[w for w in k.split() if w != "s"] for k in _labels(b)]
    own = stems_of(text)

    longer = [k for k in labels if ws and len(k) > len(ws) and k[:len(ws)] == ws]   # "northgate university"
    heads = ({ws[-1]} if len(ws) >= 2 else set()) | {k[-1] for k in longer}
    return frozenset(h for h in heads if not any(k[-1:] == [h] and not stems_of(" ".join(k)) <= own and k not in longer
                                                 for k in labels) and not _named_alike(h, ws, b.text))


def _named_alike(head: str, ws: list[str], text: str) -> bool:
    """The article writes another name ending in the head word, which the tagger may have left
    untagged: "Clonmoyle Bog" beside "Derrygowan Bog" makes "the bog" either."""
    own = set(ws)
    return any(m.group(1).lower() not in own and m.group(1).lower() not in STOP
               for m in re.finditer(rf"\b([A-Z][\w'’-]+)\s+{re.escape(head.capitalize())}\b", text))


def _naming_stems(anchor: str, b: ArticleBundle) -> frozenset:
    """The stems of the anchor's words that name it: those the article never writes in lower
    case. "the 410-hectare raised bog" holds the word "bog" of "Derrygowan Bog", which the
    article writes as a common noun, and in a small collection the word may be as rare as
    "Derrygowan" itself (`has` then takes either). Empty when every word of the anchor, or none,
    is written in lower case somewhere in the article."""
    key = ("naming stems", anchor)
    if key not in b.memo:
        caps = [w for w in re.findall(r"[^\W\d_][\w'’-]*", anchor) if w[:1].isupper() and w.lower() not in STOP]
        caps = [w for c in caps for w in words(c)]      # "Fixers'" is the word "fixers"
        common = {w for w in caps if re.search(rf"\b{re.escape(w)}\b", b.text)}
        b.memo[key] = frozenset(stem(w) for w in caps if w not in common) \
            if common and len(common) < len(caps) else frozenset()
    return b.memo[key]


def _holds(text: str, group: str | None, stems, weights: dict[str, float] | None = None) -> bool:
    """The anchor is in the text; a person's full name by their surname at least: "Fiona
    Strachan" is not "Fiona Castellan", though half the name is there."""
    if not has(text, stems, weights):
        return False
    if not _full_name(text, group):
        return True
    last = [w for w in words(text) if w != "s"][-1:]
    return all(stem(w) in stems for w in last)


# Words written before a surname that are no given name: "Mr Hirst" may be Fred Hirst.
_TITLES = {w for w in """mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend revd father sister
brother councillor cllr captain capt president minister judge inspector sergeant sgt constable pc officer chief
coach manager mayor senator governor general colonel major lieutenant uncle aunt nurse chef the""".split()}


def another_of_the_name(anchor: str, sentence: str, people: list[str]) -> bool:
    """The sentence names someone else of the person's family name ("Stanley Hirst" where
    "Fred Hirst" was asked about): one of its people (tagged names) ends in the surname after
    another given name, and the asked given name is nowhere in the sentence. "Mr Hirst" and
    "Hirst" alone may be the person."""
    names = re.findall(r"\b[A-Z][\w'’-]+", anchor)
    if len(names) < 2:
        return False
    given, surname = {fold(n).lower() for n in names[:-1]}, fold(names[-1]).lower()
    if given & {w.lower() for w in words(sentence)}:
        return False
    # the small tagger leaves some full names untagged ("Ramesh Patil, 54, a farmer from ..."):
    # a capitalised word before the surname is a given name too, unless it is a title
    people = list(people) + [m.group() for m in re.finditer(
        rf"\b[A-Z][\w'’-]+\s+{re.escape(names[-1])}\b", sentence)]
    for person in people:
        ws = [fold(w).lower() for w in re.findall(r"\b[A-Z][\w'’-]+", person)]
        if len(ws) >= 2 and ws[-1] == surname and ws[-2] not in _TITLES and \
                not any(ws[-2].startswith(g) or g.startswith(ws[-2]) for g in given):
            return True
    return False


_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Councillor|Cllr)"


def titled_surname(anchor: str, sentence: str) -> bool:
    """The sentence calls the person by title and surname, as news writing does after naming
    them in full ("Ms Rourke" for "Anjali Rourke"), whatever the tagger called the name."""
    names = re.findall(r"\b[A-Z][\w'’-]+", anchor)
    if len(names) < 2 or len(names) != len(re.findall(r"[\w'’-]+", anchor)):
        return False     # a name of capitalised words only ("Anjali Rourke", not "the Pendle Cross surgery")
    return bool(re.search(rf"\b{_HONORIFIC}\.?\s+{re.escape(names[-1])}\b", sentence))


def bare_surname(anchor: str, sentence: str, b: ArticleBundle) -> bool:
    """The sentence calls the person by surname alone ("Hollins said she voted no because ..."),
    as news writing does after naming them in full, which this article does; and no one else
    the article names has that surname ("Edith Garside" and her nephew "Malcolm Garside" make a
    bare "Garside" anyone's)."""
    names = re.findall(r"\b[A-Z][\w'’-]+", anchor)
    if len(names) < 2 or len(names) != len(re.findall(r"[\w'’-]+", anchor)):
        return False
    surname, given = names[-1], names[0]
    # alone: not after another capitalised word ("Denise Hollins" is matched in full elsewhere,
    # "Mr Hollins" by titled_surname, "Stanley Hollins" is someone else)
    alone = [m for m in re.finditer(rf"\b{re.escape(surname)}\b", sentence)
             if not re.search(r"[A-Z][\w'’.-]*\s+$", sentence[:m.start()])]
    if not alone or " ".join(anchor.split()) not in " ".join(b.text.split()):
        return False
    others = {b.text[x:e].split()[0] for s in b.sentences for x, e, label in s.entities
              if label == "PERSON" and b.text[x:e].split()[-1] == surname and len(b.text[x:e].split()) > 1}
    return others <= {given}


def _intro_of(b: ArticleBundle, i: int) -> int | None:
    """The intro sentence ("The clinic offers:") of the list whose item sentence i is, if any."""
    j = i
    while j > 0 and b.sentences[j].kind == "item":
        j -= 1
    return j if j != i and b.sentences[j].kind == "intro" else None


def written_as_a_name(anchor: str, b: ArticleBundle) -> bool:
    """The article writes a capitalised word of the anchor with its capital, somewhere other than
    at a sentence's start, or there as a word it never writes in lower case ("Ferrytown's library
    reopened"): "Kettle Flats" is no name of an article about kettles ("Kettles were sold ...",
    "the kettles"), whose stems hold "kettl". True for an anchor with no capitalised word."""
    caps = [w for w in re.findall(r"[^\W\d_][\w'’-]*", _plain(anchor)) if w[:1].isupper() and w.lower() not in STOP]
    if not caps:
        return True
    key = ("written as a name", anchor)
    if key not in b.memo and any(w.isupper() and len(w) >= 2 and re.search(rf"\b{re.escape(w)}\b", b.title)
                                 for w in caps):
        b.memo[key] = True  # initials in the headline ("Sahiwal DHQ opens ..."), which no sentence repeats
    if key not in b.memo:
        # a word's capitalised stem: "Estonia" writes "Estonian", "Kettle" is not "kettles";
        # without accents on either side, as questions are typed ("Schrodinger")
        rx = re.compile("|".join(rf"\b{re.escape(w[:max(3, len(w) - 2)])}\w*" for w in caps))
        plain = _plain(b.text)
        b.memo[key] = any(m.start() > 0 or not re.search(rf"\b{re.escape(m.group().lower())}\b", plain)
                          for s in b.sentences for m in rx.finditer(_plain(b.text[s.start:s.end])))
    return b.memo[key]


def _plain(text: str) -> str:
    """The text without diacritics, its case kept."""
    return text if text.isascii() else "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# The kinds of place and body that come in named pairs within an article: "Aboke Primary School"
# and "Loro Primary School", "Kolossi Fire Station" and "Episkopi Fire Station".
_KINDS = frozenset("""school academy college university station hospital clinic centre center hall church chapel
mosque temple park road street lane avenue bridge market club association society council committee ward branch
office library museum stadium ground farm estate village town district county parish team union trust foundation
company firm group project scheme site""".split())


def _siblings(anchor: str, b: ArticleBundle) -> frozenset:
    """Other names the article writes with the anchor's last words ("Aboke" for "Loro Primary
    School", where it also writes "Aboke Primary School"); none when those words name no kind of
    place or body ("SK Jeram" is no sibling of "Pantai Jeram")."""
    ws = [w for w in anchor.split() if w.lower() != "the"]
    if len(ws) < 2 or ws[-1].lower().rstrip("s") not in _KINDS:
        return frozenset()
    key = ("siblings", " ".join(ws))
    if key not in b.memo:
        tail = r"\s+".join(re.escape(w) for w in ws[1:])
        found = re.findall(rf"\b([A-Z][\w'’-]+)\s+{tail}\b", b.text)
        b.memo[key] = frozenset(f for f in found if f.lower() != ws[0].lower() and f.lower() not in STOP)
    return b.memo[key]


def sibling_swap(anchor: str, b: ArticleBundle, sentence: str) -> bool:
    """The sentence names a sibling of the anchor ("Attendance at Aboke rose ...") and not the
    anchor's own first word: it is about the other school, however often the article names both."""
    sib = _siblings(anchor, b)
    if not sib:
        return False
    own = [w for w in anchor.split() if w.lower() != "the"][0]
    return not re.search(rf"\b{re.escape(own)}\b", sentence) and any(re.search(rf"\b{re.escape(x)}\b", sentence)
                                                                    for x in sib)


def anchor_presence(text: str, group: str | None, b: ArticleBundle, c: Candidate, rivals: list,
                     weights: dict[str, float] | None = None) -> tuple[float, bool]:
    """(presence, swapped) of one anchor for the candidate's sentence."""
    i = c.idx
    naming = _naming_stems(text, b)

    def holds(stems) -> bool:
        return _holds(text, group, stems, weights) and (not naming or bool(naming & stems))
    if not written_as_a_name(text, b):
        # not in this article at all: a name of its kind in the sentence stands in its place
        return 0.0, bool(group and any(g == group for g, _ in rivals))
    if group == "date" and (seasons := seasons_of(text)):
        # "the summer months" is held by "During the summer", not by "checks once a month"
        if {stem(w) for w in seasons} <= b.stem_sets[i] or in_season(text, c.text):
            return 1.0, False
    elif group == "person" and another_of_the_name(
            text, c.text, [b.text[a:e] for a, e, label in c.sentence.entities if label == "PERSON"]):
        return 0.0, True
    elif titled_surname(text, c.text) or (group == "person" and bare_surname(text, c.text, b)):
        return 1.0, False
    elif holds(b.stem_sets[i]):
        return 1.0, False
    elif not content_stems(text) and re.search(rf"\b{re.escape(text)}\b", c.text):
        # a name made only of words the stemmer drops ("May") is held where it is written as such
        return 1.0, False
    if group == "person" and (ref := referent(b, i)) is not None:
        # "He will join Tallgrass ..." after naming Tobias Lindqvist: about him, and no one else;
        # "Before the collapse, her commute ..." is hers, but what it is not about stays open (the
        # person named before may be someone else's relation): no swap is read from "her"
        held = _holds(text, group, stems_of(ref), weights) and not another_of_the_name(text, ref, [ref])
        if held:
            return 1.0, False
        # ... and one opening "She did not say ..." is hers, not a one-word name's the tagger
        # called a person ("Clonmoyle", a bog the article says people cut turf on)
        if OPENS_HE_SHE.match(c.text) and _full_name(text, group):
            return 0.0, True
    if sibling_swap(text, b, c.text):
        return 0.0, True
    # A day or a season named all through an article is no subject of it: "on Saturdays" is not
    # held by "every other Wednesday" because the café's Saturdays come up twice. (A year or a
    # decade still is: a history of "the 1960s" is about them in every paragraph.)
    if not (group == "date" and not any(ch.isdigit() for ch in text)) and is_topic(text, b, weights) \
            and (not _full_name(text, group) or _PERSONAL.search(c.text) or has(text, stems_of(b.title))):
        return 1.0, False
    if _said_again(text, c.text, b, weights):
        return 1.0, False
    # ... or by the noun the article introduced it by: "The boat's skipper, Donnie Maclaren" after
    # "The electric boat, named Morven Lass, will carry ..." (fresh:tune: "Who is the skipper of the
    # Morven Lass?" was told no passage clearly names that person)
    if (kind := kind_called(text, b)) and re.search(rf"\bthe\s+{kind}\b", c.text, re.I):
        return 1.0, False
    if group == "date" and in_season(text, c.text):
        return 1.0, False
    if c.sentence.kind == "item" and (k := _intro_of(b, i)) is not None and \
            holds(b.para_stems.get(b.sentences[k].para, frozenset())):
        return 1.0, False      # a list item is about what its intro's paragraph names ("From November it will offer:")
    if group and any(g == group for g, _ in rivals):
        return 0.0, True
    para = c.sentence.para
    if (i > 0 and b.sentences[i - 1].para == para and _REFERS_BACK.search(c.text)
            and holds(b.stem_sets[i - 1])):
        return 1.0, False      # named in the sentence before, which this one goes on about ("Its chairman, ...")
    if has(text, stems_of(b.title)):
        return 1.0, False      # the article is about it
    if holds(b.para_stems.get(para, frozenset())):
        return 0.5, False
    # Named in the article's opening paragraph, which introduces what it goes on to call "the
    # ferry" or "the team": as good as its own paragraph.
    if holds(b.para_stems.get(lede(b), frozenset())):
        return 0.5, False
    # Elsewhere in the article: maybe the same thing under another name, maybe another thing.
    return (0.25 if _paragraphs_naming(text, b, weights) else 0.0), False
