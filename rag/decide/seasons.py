"""Whether a sentence's months fall in the season a question names: "in summer" is held by
"Between April and October", "the winter months" by "from November to March". Seasons are the
northern hemisphere's, as most English news writes them. Leaves out dates with a year or a day
(rag.find.candidates compares those by precision).
"""
from __future__ import annotations

import re

from index.text import content_stems, words

# Seasons by their months (the northern hemisphere's, as most English news writes them), and
# months by their first three letters: "in summer" is held by "Between April and October".
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASONS = {"spring": {3, 4, 5}, "summer": {6, 7, 8}, "autumn": {9, 10, 11}, "fall": {9, 10, 11},
            "winter": {12, 1, 2}}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
_MONTH_RANGE = re.compile(rf"\b(?:between|from)\s+{_MONTH}\s+(?:and|to|until|till)\s+(?:the\s+end\s+of\s+)?{_MONTH}", re.I)
_A_MONTH = re.compile(rf"\b{_MONTH}", re.I)


def _months(text: str) -> set[int]:
    """The months a sentence names, a range ("from November to March") with the months inside it."""
    got: set[int] = set()
    for m in _MONTH_RANGE.finditer(text):
        a, e = _MONTHS.index(m.group(1)[:3].lower()) + 1, _MONTHS.index(m.group(2)[:3].lower()) + 1
        got |= {(a - 1 + k) % 12 + 1 for k in range((e - a) % 12 + 1)}
    # "May" alone is too often a verb to count; in a range it is a month
    return got | {_MONTHS.index(m.group(1)[:3].lower()) + 1 for m in _A_MONTH.finditer(text)
                  if m.group(1).lower() != "may"}


def seasons_of(anchor: str) -> frozenset:
    """The seasons a date anchor names, when it names no year ("the summer months"; not "summer 2024",
    which asks for a year too)."""
    if any(ch.isdigit() for ch in anchor):
        return frozenset()
    return frozenset(w.lower() for w in words(anchor) if w.lower() in _SEASONS)


def in_season(anchor: str, text: str) -> bool:
    """The anchor is a season ("summer", "the winter months") and the text names a month of it."""
    seasons = seasons_of(anchor)
    if not seasons or len(content_stems(anchor)) > 2:
        return False
    return any(_SEASONS[w] & _months(text) for w in seasons)
