"""Which article a message names, if it names exactly one.

"Give me a summary of article 004", "the second article", "the AzeMedia piece", "the
article about the diplomatic rift": a message that points at an article — by its number in
the listing (file names sort the listing), by an ordinal, by its site or author, or by words
only its title has — narrows answers to that article. A name shared by several articles
(two pieces by one editorial board) narrows nothing. Leaves out retrieval filters (the
store's) and remembering the scope across turns (message.py).
"""
from __future__ import annotations

import re

from index.text import content_stems, words

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "last": -1}
_CUE = re.compile(r"\b(article|articles|piece|editorial|op-?ed|story|essay|report|column|text|one)\b", re.I)
_NUMBERED = re.compile(r"\b(?:article|piece|number|no\.?|#)\s*(\d{1,4})\b", re.I)
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b(?:\s+(?:article|piece|one))?", re.I)
# A site or author name shorter than this many letters ("AP", "Ria") is found inside too many
# unrelated words once spaces are dropped; five is the shortest name in the bundled bylines.
MIN_KEY = 5
# Words only one title has ("the realignment article"), with an article cue in the message:
# one such word names the article (intents.jsonl tune: every title-named message has one).
TITLE_WORDS = 1


def _key(text: str) -> str:
    return "".join(words(text))


def by_number(message: str, ids: list[str]) -> str | None:
    """"article 004" (a file-name prefix) or "article 2" (its place in the listing)."""
    m = _NUMBERED.search(message)
    if not m:
        return None
    n = m.group(1)
    prefixed = [i for i in ids if re.match(rf"0*{int(n)}\D", i) or i.startswith(n)]
    if len(prefixed) == 1:
        return prefixed[0]
    k = int(n)
    return ids[k - 1] if 1 <= k <= len(ids) else None


def by_ordinal(message: str, ids: list[str]) -> str | None:
    m = _ORDINAL.search(message)
    if not m or not _CUE.search(message):
        return None
    k = ORDINALS[m.group(1).lower()]
    return ids[k - 1] if 1 <= k <= len(ids) else (ids[-1] if k == -1 and ids else None)


def by_name(message: str, articles) -> str | None:
    """The one article whose site or author, or whose distinctive title words, the message names."""
    msg = _key(message)
    hits = {a.id for a in articles for name in (a.site, a.byline.removeprefix("By "))
            if name and len(_key(name)) >= MIN_KEY and _key(name) in msg}
    if len(hits) == 1:
        return hits.pop()
    if not _CUE.search(message):
        return None
    titles = {a.id: set(content_stems(a.title)) for a in articles}
    asked = set(content_stems(message))
    scores = {}
    for a in articles:
        own = titles[a.id] - set().union(*(t for i, t in titles.items() if i != a.id))
        scores[a.id] = len(own & asked)
    best = sorted(scores.items(), key=lambda kv: -kv[1])
    if best and best[0][1] >= TITLE_WORDS and (len(best) == 1 or best[1][1] < best[0][1]):
        return best[0][0]
    return None


def named_article(message: str, articles) -> str | None:
    """The id of the single article a message points at, or None."""
    ids = sorted(a.id for a in articles)
    return by_number(message, ids) or by_ordinal(message, ids) or by_name(message, articles)
