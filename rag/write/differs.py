"""The line a comparison ends on: what differs between the articles' views of a subject.

Values of the same kind set side by side (calendar dates, amounts, percentages, durations,
quantities) when the articles give different ones, else "Both say much the same" when their
leading sentences are close in meaning, else "Each puts it differently". Every part cites the
passages it compares. Leaves out choosing each article's sentences (rag.write.across) and
stances: telling agreement from disagreement in words was not attempted.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..find.corpus import Corpus
from .draft import DraftBlock, Said, paragraph

if TYPE_CHECKING:
    from .across import View

# Two articles' leading sentences this close in meaning (MiniLM cosine) say much the same.
SAME_VIEW = 0.8
# Span kinds whose values are compared across articles. Bare counts are not: "two" in one
# article and "One of ..." in another count different things, and setting them side by side
# states a difference the articles do not make.
COMPARED = ("date", "money", "percent", "duration", "quantity")
# A date set side by side names a day, month or year ("3 May", "2024", "Tuesday"): the tagger's
# other dates are times of day ("six in the morning", "all night"), spans of time ("hours later",
# "last weekend") or ages ("Jens Varrick, 34,"), and listing them as what differs states a
# difference the articles do not make.
CALENDAR = re.compile(r"\b(?:1[5-9]|20)\d\d(?:s|\b)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$|,)|"
                      r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _values(v: View, where: dict[tuple[str, int], int], compared: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """The compared spans of the view's quoted sentences, each with the passage it is cited from."""
    out: dict[str, list[tuple[str, int]]] = {}
    lead = v.mention.sentences[:1]
    for i in v.sentences:
        if (v.article, i) not in where:
            continue
        for s in v.bundle.spans(i):
            # bare counts only from the article's answer: its other sentences count other things
            if s.kind in compared and (s.kind != "count" or i in lead) and (s.kind != "date" or CALENDAR.search(s.text)):
                out.setdefault(s.kind, []).append((s.text, where[(v.article, i)]))
    return out


def label(v: View) -> str:
    """How a reply names an article: its title, quoted."""
    return f"“{v.title}”"


def differs(spoken: list[View], corpus: Corpus, where: dict[tuple[str, int], int],
            compared: tuple[str, ...] = COMPARED) -> DraftBlock | None:
    """One line on what differs between the articles' views, citing the passages compared:
    those holding the values set side by side, else each article's first quoted one. It
    states no absence of values: "they give no amounts" was said beside two job counts."""
    if len(spoken) < 2:
        return None
    first = {}
    for (art, _), p in sorted(where.items()):
        first.setdefault(art, p)
    refs = tuple(first[v.article] for v in spoken if v.article in first)
    if len(refs) < 2:
        return None
    values = {v.article: _values(v, where, compared) for v in spoken}
    for kind in compared:
        have = [(v, values[v.article].get(kind)) for v in spoken if values[v.article].get(kind)]
        if len(have) >= 2 and len({tuple(sorted({t for t, _ in x})) for _, x in have}) > 1:
            parts = "; ".join(f"{label(v)} gives {', '.join(dict.fromkeys(t for t, _ in x))}" for v, x in have)
            cited = tuple(dict.fromkeys(p for _, x in have for _, p in x))
            return paragraph([Said(f"They differ on the {kind}s they give: {parts}.", cited[0], cited[1:])])
    leads = [v.bundle.vectors[v.sentences[0]] for v in spoken if v.sentences and len(v.bundle.vectors)]
    if len(leads) >= 2 and min(float(a @ b) for i, a in enumerate(leads) for b in leads[i + 1:]) >= SAME_VIEW:
        return paragraph([Said("Both say much the same about it.", refs[0], refs[1:])])
    return paragraph([Said("Each puts it differently, as quoted above.", refs[0], refs[1:])])
