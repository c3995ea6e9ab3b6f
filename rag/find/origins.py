"""Where each article is written from, for "the report from the Kessani side", "the piece from
the Dunmarran side", "the feature from Ostrin".

A reader naming an article by the side it comes from means its home, not every place it
mentions: news from both sides of a dispute names both countries in its first lines. An
article's home places are the words of its site's name ("Kessani Press Agency", "The Linnemark
Herald"), a dateline opening its text ("MERRIN, 3 June - ...") and the places its title puts
it in: the main clause's subject ("Tullaskerry welcomes ...", "Merrin farmers fear ...") and
where its verb happens ("Thousands march in Ostvik ...", "In Dunsel, ..."), not a place
after "as" or "with" ("... as Sorvia protests": the other side, reacting). A home place stands
for the country or people the collection's own sentences put it in: "the Dunmarran port of
Tullaskerry", "Ostvik, a Sorvian town of about 9,000 people", "Ostvik, on the Sorvian side of
the ridge". `homes()` reads each article's home once per collection, and `named_homes(phrase,
homes)` gives the articles a "from X" phrase names that way, matching spellings of one name
("Sorvia", "Sorvian"; index.text.alias), when that singles some out. Leaves out how much this
counts against the rest of a description (rag.find.catalog) and resolving references
(rag.understand.references).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.text import alias, nlp

# Nouns of a settled place: "the Dunmarran port of Tullaskerry", "Ostvik, a Sorvian town".
_PLACE = r"(?:town|city|village|port|harbour|harbor|capital|region|province|district|county|island|valley|state|suburb|" \
         r"hamlet|settlement|municipality)"
_NAME = r"[A-Z][\w’'-]+"
_LINKS = (
    # "the Dunmarran port of Tullaskerry", "the Sorvian mountain town of Ostvik"
    re.compile(rf"\b[Tt]he\s+(?P<x>{_NAME})\s+(?:[a-z][\w-]*\s+){{0,2}}?{_PLACE}\s+of\s+(?P<p>{_NAME})"),
    # "Ostvik, a Sorvian town", "Merrin, the main Kessani market town"
    re.compile(rf"\b(?P<p>{_NAME}),\s+(?:a|an|the)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<x>{_NAME})\s+(?:[a-z][\w-]*\s+){{0,2}}?"
               rf"{_PLACE}\b"),
    # "Ostvik, on the Sorvian side of the ridge"
    re.compile(rf"\b(?P<p>{_NAME}),?\s+on\s+the\s+(?P<x>{_NAME})\s+side\b"),
)
# A dateline opening the text: "MERRIN, 3 June (Kessani Press Agency) - Farmers ...".
_DATELINE = re.compile(r"^\s*(?P<p>[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]+)*)\s*(?:,|\(|-|–|—)")
# "from the Kessani side", "from Ostrin", "from the Dunmarran camp": the words naming a home.
_FROM = re.compile(rf"(?:^|\s)from\s+(?:the\s+)?(?P<x>{_NAME}(?:\s+{_NAME})*?)(?:['’]s)?"
                   r"(?:\s+(?:side|end|camp|perspective|point of view|viewpoint|bank|shore))?\s*$")
# Prepositions placing a title's event: "march in Ostvik", "In Dunsel, ...".
_WHERE = ("in", "at", "from", "inside", "near")
# Words of a site's name that are no place: "The Northern Ledger", "Kessani Press Agency".
_SITE_WORDS = frozenset("the daily weekly sunday evening morning news post herald times courier gazette examiner "
                        "record observer standard ledger brief digest press agency wire magazine journal review "
                        "tribune chronicle express mail star sun telegraph guardian independent online today "
                        "northern southern eastern western national local highland upland city".split())


@dataclass(frozen=True)
class Home:
    """An article's home places and what the collection puts them in."""
    article: str
    places: tuple[str, ...]
    linked: tuple[str, ...] = ()

    def named_by(self, x: str) -> bool:
        names = self.places + self.linked
        return any(alias(w, n) for w in x.split() for n in names if len(w) >= 3 and len(n) >= 3)


def title_places(title: str) -> list[str]:
    """The proper names a title puts its article in: its main clause's subject and where its
    verb happens, not a place in a clause after "as" or a phrase after "with"."""
    out: list[str] = []
    # "'Half the harbour is asleep': Gullhaven counts the cost ...": each part of a title on its own
    for sent in (s_ for part in re.split(r"[:|]\s+", title) if part.strip() for s_ in nlp()(part).sents):
        heads = []
        for t in sent.root.children:
            if t.dep_ in ("nsubj", "nsubjpass"):
                heads.append(t)
            elif t.dep_ == "prep" and t.lower_ in _WHERE:
                # "In Dunsel, the turbines mean rent": a fronted place counts as well
                heads += [c for c in t.children if c.dep_ == "pobj"]
        for h in heads:
            # the head and the names compounded onto it ("Merrin farmers"), not its phrases
            # ("Herring row with Dunmarra": the other side)
            for w in [h] + [c for c in h.children if c.dep_ in ("compound", "poss")]:
                if w.pos_ in ("PROPN", "NOUN") and w.text[:1].isupper():
                    out.append(w.text)
    return out


def site_places(site: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][\w’'-]+", site) if w.lower() not in _SITE_WORDS and len(w) >= 3]


def dateline(text: str) -> list[str]:
    m = _DATELINE.match(text[:120])
    return m.group("p").split() if m else []


def links(sentences) -> dict[str, set[str]]:
    """For each place, the names the collection's sentences put it in."""
    out: dict[str, set[str]] = {}
    for text in sentences:
        for rx in _LINKS:
            for m in rx.finditer(text):
                out.setdefault(m.group("p").lower(), set()).add(m.group("x"))
    return out


def homes(entries, texts: dict[str, str], sentences) -> list[Home]:
    """Each catalog entry's home: `texts` the articles' texts (for a dateline), `sentences` every
    sentence of the collection (for what the places are put in)."""
    linked = links(sentences)
    out = []
    for e in entries:
        places = site_places(e.site) + dateline(texts.get(e.id, "")) + title_places(e.title)
        places = list(dict.fromkeys(p for p in places if p.lower() not in _SITE_WORDS))
        more = sorted({x for p in places for x in linked.get(p.lower(), ())})
        out.append(Home(e.id, tuple(places), tuple(more)))
    return out


def from_phrase(phrase: str) -> str | None:
    """The name a "from X" phrase gives as an article's home, or None."""
    m = _FROM.search(phrase)
    return m.group("x") if m else None


def named_homes(phrase: str, hs: list[Home]) -> set[str]:
    """The articles a "from X" phrase names by their home: none unless it singles some out."""
    x = from_phrase(phrase)
    if x is None:
        return set()
    hit = {h.article for h in hs if h.named_by(x)}
    return hit if 0 < len(hit) < len(hs) else set()
