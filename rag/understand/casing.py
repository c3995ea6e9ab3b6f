"""Names typed in lower case: "how many hectares does carol bennington farm?" names a person.

Readers often type a question without capitals. Everything that reads a question's names (the
tagger, anchors, agents) goes by capitals, so a name typed in lower case is read as ordinary
words: "carol bennington" is no anchor, and a sentence giving another person's farm answers.
`recase` writes back the capitals of the names the collection itself writes, where the question
types one of them wholly in lower case. A one-word name is recased only when the collection
never writes it in lower case ("hope" is a word before it is a name) and writes it with its
capital inside a sentence ("Adult single fares ..." capitalises a word by its place alone). Leaves out which names
the collection has (rag.find.catalog builds them from the stored entities) and everything
else about the question.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from index.text import STOP

# A name shorter than this is too often a word or initials ("us", "May").
MIN_NAME = 3


class Names:
    """The collection's names, ready to find in lower-case text."""

    def __init__(self, names: Iterable[str], lower_words: Iterable[str] = (), mid_caps: Iterable[str] | None = None):
        lower = set(lower_words)
        inside = None if mid_caps is None else set(mid_caps)
        keep: dict[str, str] = {}
        for n in names:
            n = " ".join(n.split())
            ws = n.split()
            if len(n) < MIN_NAME or not ws or not all(w[:1].isupper() or w.lower() in STOP for w in ws):
                continue
            if ws[-1].lower() in STOP:
                # the tagger cut a name short ("Save the" of "Save the Maungarewa Ridge"): as a
                # name it would recase "helped save the plots"
                continue
            if len(ws) == 1 and (n.lower() in lower or n.lower() in STOP or (inside is not None and n not in inside)):
                continue
            keep.setdefault(n.lower(), n)
        self._cased = keep
        # longest first, so "carol bennington" is found before "carol"
        alts = sorted(keep, key=len, reverse=True)
        self._rx = re.compile(r"\b(?:" + "|".join(map(re.escape, alts)) + r")\b") if alts else None

    def __len__(self) -> int:
        return len(self._cased)

    def recase(self, text: str) -> str:
        """The text with each name typed wholly in lower case written as the collection writes it."""
        if self._rx is None:
            return text
        low = text.lower()
        out, last = [], 0
        for m in self._rx.finditer(low):
            typed = text[m.start():m.end()]
            if typed != typed.lower():
                continue        # typed with some capitals: as the reader wrote it
            out.append(text[last:m.start()])
            out.append(self._cased[m.group()])
            last = m.end()
        out.append(text[last:])
        return "".join(out)
