"""Summaries, from what the index stored.

A summary of one article is its precomputed central sentences (index.summary), in article
order, each cited; a summary of all articles gives each article a section with its two most
central sentences. Nothing here runs a model: summaries are read. Leaves out intent
detection and scope (rag.understand) and views of a subject across articles (across.py).
"""
from __future__ import annotations

from index.summary import pick, size

from ..find.bundles import Bundles
from ..find.evidence import PassageFinder
from ..protocols import Store
from ..types import Passage
from .draft import Draft, DraftBlock, item, notice, part

ALL_ARTICLES_LENGTH = 2     # sentences per article when summarising the whole collection
MAX_SUMMARISED = 12         # beyond this many articles, the collection summary names the rest


def _label(title: str, source: str) -> str:
    return f"“{title}” ({source})"


def summary(store: Store, bundles: Bundles, articles: list[str] | None,
            length: int = 0) -> tuple[Draft, list[Passage], int]:
    """A draft summarising the given articles (all when None), the passages it cites, and the
    number of sentences per article it used (what "shorter" starts from)."""
    infos = [a for a in store.current_articles() if not articles or a.id in articles]
    finder = PassageFinder(store, [])
    blocks: list[DraftBlock] = []
    n = length
    for info in infos[:MAX_SUMMARISED]:
        b = bundles.get(info.id, info.sha)
        if b is None:
            continue
        n = length or (size(len(b.sentences)) if len(infos) == 1 else ALL_ARTICLES_LENGTH)
        items = []
        for i in pick(store.summary(info.sha), len(b.sentences), n):
            p = finder(b, i)
            if p is not None:
                items.append(item(part(b, i, p)))
        if len(infos) > 1:
            blocks.append(DraftBlock("section", article=info.id, title=info.title, blocks=tuple(items)))
        else:
            blocks += items
    lead = []
    if len(infos) == 1:
        lead = [notice(f"Summary of {_label(infos[0].title, infos[0].id)}:")]
    elif len(infos) > MAX_SUMMARISED:
        lead = [notice(f"The first {MAX_SUMMARISED} of {len(infos)} articles:")]
    return Draft(tuple(lead + blocks)), finder.passages, n
