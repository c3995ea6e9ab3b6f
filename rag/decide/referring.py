"""How a sentence refers to a thing or person its article named before, without naming it.

Three ways news writing does it: by the noun the article introduced a name with ("The electric
boat, named Morven Lass, ..." then "the boat"), by an opening "he" or "she" for the last person
the sentence before named, and by "she said" for the speaker the sentences before name. Each
reads the annotations stored at index time and memoises per article (`ArticleBundle.memo`).
Leaves out whether the name itself is in a text (rag.decide.anchors) and "the council" for
"Northmoor County Council" (anchors `_said_again`, which needs the article's labels).
"""
from __future__ import annotations

import re

from index.text import STOP, word_key

from ..find.bundles import ArticleBundle


def kind_called(text: str, b: ArticleBundle) -> str:
    """The noun the article introduces the anchor by, when it names it so ("The electric boat,
    named Morven Lass, ...", "a dog called Biscuit"): "boat", or "" (also when the article
    introduces another name by the same noun, which "the boat" could then be)."""
    key = ("kind called", text)
    if key not in b.memo:
        if "called" not in b.memo:     # the article's introductions, read once for all its anchors
            b.memo["called"] = found = {}
            for m in _CALLED.finditer(b.text):
                found.setdefault(m.group(1).lower(), set()).add(word_key(m.group(2)))
        found = b.memo["called"]
        own = word_key(text)
        kinds = [k for k, names in found.items() if any(own.startswith(n) or n.startswith(own) for n in names)]
        b.memo[key] = kinds[0] if len(kinds) == 1 and len(found[kinds[0]]) == 1 else ""
    return b.memo[key]


# "the electric boat, named Morven Lass": the article's noun for a name (up to two words before it);
# "named" without a comma is the verb ("The club named Harry Smith captain")
_CALLED = re.compile(r"\b(?i:the|a|an|its|their|his|her|our)\s+(?:[\w-]+\s+){0,2}?([a-z]+)(?:,\s+named|,?\s+called|,?\s+known as)\s+(?:the\s+)?"
                     r"((?:[A-Z][\w'’-]*\s*){1,4})")


# "He will join Tallgrass ...": a sentence whose first words are "he" or "she" goes on about the
# last person the sentence before it named; so does one opening on what is theirs after a few
# words setting the scene ("Before the collapse, her commute ... took twelve minutes." after
# "Nurse Sanna Roth is one of them.": acrossp, tune, was told the articles do not give it).
OPENS_HE_SHE = re.compile(r"^\W*(?:[\w'’-]+\W+){0,2}?(?:he|she)\b", re.I)
_OPENS_PERSONAL = re.compile(rf"{OPENS_HE_SHE.pattern}|^\W*(?:[\w'’-]+\W+){{0,3}}?(?:his|her)\b", re.I)


def referent(b: ArticleBundle, i: int) -> str | None:
    """The person sentence i means by an opening "he" or "she": the last one the sentence before
    it names (None when it opens otherwise, or that sentence names no one)."""
    key = ("referent", i)
    if key not in b.memo:
        ref = None
        opens = _OPENS_PERSONAL.match(b.sentence_text(i)) if i > 0 else None
        # ... not "Ögedei offered his nephew Kublai ...": a name before "his" is whose it is
        if opens and opens.group(0).split()[-1].lower() in ("his", "her") and (any(
                a - b.sentences[i].start < opens.end() for a, _, label in b.sentences[i].entities
                if label not in ("DATE", "TIME", "CARDINAL", "ORDINAL")) or any(
                w[:1].isupper() and w.lower() not in STOP for w in re.findall(r"[\w'’-]+", opens.group(0))[:-1])):
            opens = None
        if opens:
            prev = b.sentences[i - 1]
            # ... not one named as someone's relation ("Hannah Tregear, Owen's daughter": she is Hannah)
            people = [b.text[a:e] for a, e, label in prev.entities if label == "PERSON"
                      and not re.match(r"['’]s?\b", b.text[e:e + 2])]
            ref = people[-1] if people else None
        b.memo[key] = ref
    return b.memo[key]


# "... she told a crowd", "he said": a sentence saying who speaks only by a pronoun
_PRONOUN_SPEAKER = re.compile(r"\b(?:she|he)\s+(?:said|says|told|added|warned|insisted|declared|wrote)\b", re.I)


def speaker_before(b: ArticleBundle, i: int) -> int | None:
    """The sentence before sentence i (in its paragraph or the one before) naming the person its
    "she said" means, when sentence i names no one; None otherwise."""
    if not _PRONOUN_SPEAKER.search(b.sentence_text(i)) or any(label == "PERSON" for _, _, label in b.sentences[i].entities):
        return None
    for j in range(i - 1, max(-1, i - 3), -1):
        if b.sentences[j].para < b.sentences[i].para - 1:
            break
        if any(label == "PERSON" for _, _, label in b.sentences[j].entities):
            return j
    return None
