"""An article named by who wrote it or where it appeared: an author's full name or surname (byline
or author's note), a site's name, its head word ("the Herald"), its initials, or a first word no
article writes ("Skylark" for Skylark News). A surname or head word counts only next to words
that make it an article's ("Okafor's column", "the Herald says"), unless no article's text writes
it. Leaves out the other ways of naming an article (rag.understand.references).
"""
from __future__ import annotations

import re

from index.text import fold, words

from .catalog import Catalog, Reference


# A site or author name shorter than this many letters ("AP", "Ria") is found inside too many
# unrelated words once spaces are dropped.
MIN_KEY = 5


def _key(text: str) -> str:
    return "".join(words(text))


def by_name(message: str, cat: Catalog) -> list[Reference]:
    """Authors (byline, author's note) and sites; a name several articles share names them all,
    with less confidence when the message speaks of one article."""
    key = _key(message)
    plural = bool(re.search(r"\b(?:articles|pieces|editorials|op-?eds|stories|essays|reports|columns)\b", message, re.I))
    found: dict[tuple[str, str], list[str]] = {}
    for e in cat.entries:
        byline = e.byline.removeprefix("By ").strip()
        for how, name in [("author", byline), ("site", e.site)] + [("author", n) for n in e.names]:
            k = _key(name)
            if len(k) >= MIN_KEY and k in key:
                found.setdefault((how, k), []).append(e.id)
            elif "&" in name and len(k) >= MIN_KEY and (k2 := _key(name.replace("&", " and "))) in key:
                found.setdefault((how, k2), []).append(e.id)  # "Capital and Commerce" for "Capital & Commerce"
            # "Herald.com Editorial Board" is also named by its first part, "Herald.com"; a
            # site by its domain without the ending ("aldmoor-gazette.example": "the Aldmoor
            # Gazette"), and without "The" ("THE HARVIK DAILY POST": "a Harvik Daily Post piece").
            first = name.split()[0] if name else ""
            heads = {_key(first) if " " in name and "." in first else "",
                     _key(first.rsplit(".", 1)[0]) if how == "site" and "." in first and " " not in name else "",
                     _key(re.sub(r"^the\s+", "", name, flags=re.I)) if how == "site" else ""}
            for head in heads - {"", k}:
                if len(head) >= MIN_KEY and head in key:
                    found.setdefault(("site", head), []).append(e.id)
    for how, part, e_id in _name_parts(cat):
        # the substring test first: a collection's every surname is not compiled into a pattern per message
        if part in message and (re.search(_PART_CUE[how].format(re.escape(part)), message) or
                                (fold(part) in cat.unwritten and re.search(rf"\b{re.escape(part)}\b", message))):
            found.setdefault((how, _key(part)), []).append(e_id)
    out = []
    for (how, k), arts in found.items():
        arts = list(dict.fromkeys(arts))
        at = _locate(message, k)
        conf = 1.0 if len(arts) == 1 or plural else 1.0 / len(arts)
        out += [Reference(a, how, conf, at[0], at[1]) for a in arts]
    return out


# A name's last word names it where no other name in the collection ends so: an author by surname
# ("Brannigan's column", "what Brannigan and Lisk say"), a site by its head word ("the Herald"),
# written with its capital and next to words that make it an article's ("the Herald", "X's",
# "X says", "by X"), so a surname that is also a place asked about ("London") is not taken.
_SAYING = (r"(?:say|says|said|write|writes|wrote|argue|argues|argued|claim|claims|think|thinks|see|sees|describe|"
           r"describes|report|reports|piece|article|column|story|op-ed|feature|differ|agree|disagree|compare|"
           # ... or a kind of piece after it ("the Chronicle explainer", "Ferreby's analysis")
           r"explainer|interview|analysis|editorial|commentary|profile|dispatch|copy|"
           # ... or what the message asks of it ("Do Norvane Broadcasting and Kallend give the same
           # figure?", "Vossberg's view of the commission")
           r"give|gives|view|views|take|stance|verdict|suggest|suggests)")


# A message speaking of what someone wrote: only then does an author's name stand for their
# article ("What does Vasif Huseynov say about X?"); "Who is Vasif Huseynov?" asks about the man.
WRITING = re.compile(rf"\b{_SAYING}\b|\b(?:by|articles?|pieces?|op-?eds?|columns?|essays?|editorials?|stor(?:y|ies)|"
                     r"reports?|writ\w*|views?|opinions?|positions?|argu\w*|according|per)\b", re.I)


_PART_CUE = {
    "site": rf"(?:\bthe\s+{{0}}(?:'s|’s)?(?:\s+(?:{_SAYING}|and|or|vs)\b|,)|\b(?i:in|from|according\s+to)\s+the\s+{{0}}\b|"
            rf"\band\s+the\s+{{0}}\s+(?:\w+\s+)?{_SAYING}\b|"
            # "Does either NPA or Dalvenia Today say ...?"
            rf"\b(?i:either|neither)\s+(?:the\s+)?{{0}}\s+(?i:or|nor)\b)",
    "author": rf"(?:\bby\s+{{0}}\b|\b(?i:according\s+to)\s+{{0}}\b|\b{{0}}(?:'s|’s)\s+(?:\w+\s+)?{_SAYING}\b|\b{{0}}\s+(?:and\s+\w+\s+)?{_SAYING}\b|"
              rf"\band\s+{{0}}\s+{_SAYING}\b)",
}


MIN_PART = 4


# A site's initials name it from three letters: two ("AP", "KP") stand for too many things.
MIN_INITIALS = 3


_SMALL = {"the", "of", "and", "for", "in", "on", "a"}


def site_initials(name: str) -> str:
    """The initials a site's name may be written as ("KPA" for the Kessani Press Agency), or ""
    when too short or the name is a domain."""
    ws = re.findall(r"[A-Za-z][\w’'-]*", re.sub(r"\.\w+$", "", name.replace("-", " ")))
    initials = "".join(w[0] for w in ws if w.lower() not in _SMALL).upper()
    return initials if len(initials) >= MIN_INITIALS and not any("." in w for w in name.split()) else ""


def _name_parts(cat: Catalog) -> list[tuple[str, str, str]]:
    """(how, last word, article) for each author's surname and each site's head word that no other
    author or site of the collection shares (a site's own last word, e.g. "Herald")."""
    parts = []
    for e in cat.entries:
        byline = e.byline.removeprefix("By ").strip()
        for how, name in [("author", byline), ("site", e.site)] + [("author", n) for n in e.names]:
            ws = re.findall(r"[A-Za-z][\w’'-]*", re.sub(r"\.\w+$", "", name.replace("-", " ")) if how == "site" else name)
            if len(ws) >= 2 and len(ws[-1]) >= MIN_PART:
                w = ws[-1]  # "POST", "gazette" (from a domain) are written "Post", "Gazette"
                parts.append((how, w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w, e.id))
            # ... or by its first word, when no article writes it ("Skylark" for "Skylark News": a
            # first word the texts write is often the place the outlet is named after)
            first = ws[1] if len(ws) >= 3 and ws[0].lower() == "the" else ws[0] if len(ws) >= 2 else ""
            if how == "site" and len(first) >= MIN_PART and fold(first) in cat.unwritten:
                parts.append((how, first[:1].upper() + first[1:].lower() if first.isupper() else first, e.id))
            # ... or by initials it is written with ("the DNR story" for "DNR NEWS")
            if how == "site":
                parts += [(how, w, e.id) for w in ws[:-1] if w.isupper() and len(w) >= MIN_INITIALS]
            # a site by its initials ("the KPA report" for the Kessani Press Agency), written in capitals
            if how == "site" and (initials := site_initials(name)):
                parts.append((how, initials, e.id))
    counts: dict[str, set[str]] = {}
    for _, part, e_id in parts:
        counts.setdefault(part.lower(), set()).add(e_id)
    return [(how, part, e_id) for how, part, e_id in dict.fromkeys(parts) if len(counts[part.lower()]) == 1]


def _locate(message: str, key: str) -> tuple[int, int]:
    """The span of the message whose letters, spaces and dots dropped, are `key`."""
    letters = [(i, ch) for i, ch in enumerate(fold(message)) if ch.isalnum()]
    flat = "".join(ch for _, ch in letters)
    at = flat.find(key)
    if at < 0:
        return 0, 0
    return letters[at][0], letters[at + len(key) - 1][0] + 1
