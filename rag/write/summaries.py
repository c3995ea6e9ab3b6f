"""Summaries and per-article views, from what the index stored.

A summary of one article is its precomputed central sentences (index.summary), in article
order, each cited; a summary of all articles gives each article a section with its two most
central sentences. "What does each article say about X" gives each article that speaks to
X a section with its best one or two sentences on X, and names the articles that do not.
Nothing here runs a model: summaries are read, per-article views reuse the candidate
scores of the answer pipeline. Leaves out intent detection and scope (rag.understand).
"""
from __future__ import annotations

from index.summary import pick, size

from ..decide.decision import MENTION
from ..find.bundles import Bundles
from ..find.candidates import Candidate
from ..find.evidence import Evidence, PassageFinder
from ..protocols import Store
from ..types import Passage
from .compose import usable
from .draft import Draft, DraftBlock, item, notice, part

ALL_ARTICLES_LENGTH = 2     # sentences per article when summarising the whole collection
MAX_SUMMARISED = 12         # beyond this many articles, the collection summary names the rest
PER_ARTICLE_SENTENCES = 2   # what one article says about a topic, at most
PER_ARTICLE_RATIO = 0.5     # a second sentence from one article scores at least half the first


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


def per_article(store: Store, ev: Evidence) -> Draft:
    """Each article's best sentences about the question's topic, from its scored evidence."""
    by_article: dict[str, list[Candidate]] = {}
    for c in ev.ranked():
        if c.f.lex_ctx >= MENTION and usable(c):  # a whole sentence that speaks to the topic
            by_article.setdefault(c.bundle.id, []).append(c)
    infos = {i.id: i for i in store.current_articles()}
    blocks = []
    for aid, cands in sorted(by_article.items(), key=lambda kv: -kv[1][0].p):
        best = cands[0]
        chosen = [best] + [c for c in cands[1:PER_ARTICLE_SENTENCES] if c.p >= PER_ARTICLE_RATIO * best.p]
        info = infos.get(aid)
        items = tuple(item(part(c.bundle, c.idx, c.passage)) for c in sorted(chosen, key=lambda c: c.sentence.start))
        blocks.append(DraftBlock("section", article=aid, title=info.title if info else aid, blocks=items))
    silent = [i for i in sorted(infos) if i not in by_article]
    if blocks and silent:
        names = ", ".join(_label(infos[i].title, i) for i in silent[:MAX_SUMMARISED])
        more = f" and {len(silent) - MAX_SUMMARISED} more." if len(silent) > MAX_SUMMARISED else "."
        blocks.append(notice(f"Not mentioned in: {names}{more}"))
    return Draft(tuple(blocks))
