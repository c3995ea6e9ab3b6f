"""Summaries and per-article views, from what the index stored.

A summary of one article is its precomputed central sentences (index.summary), in article
order, each cited; a summary of all articles gives each article a header and its two most
central sentences. "What does each article say about X" gives each article that speaks to
X a header and its best one or two sentences on X, and names the articles that do not.
Nothing here runs a model: summaries are read, per-article views reuse the candidate
scores of the answer pipeline. Leaves out intent detection (intent.py) and scope (scope.py).
"""
from __future__ import annotations

from index.summary import pick, size

from .analysis import Analysis, PassageFinder
from .candidates import Candidate
from .compose import Draft, Part, usable
from .decide import MENTION
from .evidence import Evidence

ALL_ARTICLES_LENGTH = 2     # sentences per article when summarising the whole collection
MAX_SUMMARISED = 12         # beyond this many articles, the collection summary names the rest
PER_ARTICLE_SENTENCES = 2   # what one article says about a topic, at most
PER_ARTICLE_RATIO = 0.5     # a second sentence from one article scores at least half the first


def _header(title: str, source: str) -> str:
    return f"“{title}” ({source}):"


def summary(store, ev: Evidence, articles: list[str] | None, length: int = 0) -> tuple[Draft, list, int]:
    """A draft summarising the given articles (all when None), the passages it cites, and the
    number of sentences per article it used (what "shorter" starts from)."""
    infos = [a for a in store.current_articles() if not articles or a.id in articles]
    finder = PassageFinder(store, [])
    lines, n = [], length
    for info in infos[:MAX_SUMMARISED]:
        b = ev.bundle(info.id, info.sha)
        if b is None:
            continue
        n = length or (size(len(b.sentences)) if len(infos) == 1 else ALL_ARTICLES_LENGTH)
        chosen = pick(store.summary(info.sha), len(b.sentences), n)
        if len(infos) > 1:
            lines.append((_header(info.title, info.id),))
        for i in chosen:
            p = finder(b, i)
            if p is not None:
                s = b.sentences[i]
                lines.append((Part(p, s.start, s.end, b.text[s.start:s.end]),))
    lead = ""
    if len(infos) == 1:
        lead = f"Summary of {_header(infos[0].title, infos[0].id)[:-1]}:"
    elif len(infos) > MAX_SUMMARISED:
        lead = f"The first {MAX_SUMMARISED} of {len(infos)} articles:"
    return Draft(tuple(lines), lead=lead, bullets=True), finder.passages, n


def per_article(store, a: Analysis) -> Draft:
    """Each article's best sentences about the question's topic, from an analysis of it."""
    by_article: dict[str, list[Candidate]] = {}
    for c in sorted(a.candidates, key=lambda c: -c.p):
        if c.x["lex_ctx"] >= MENTION and usable(c):  # a whole sentence that speaks to the topic
            by_article.setdefault(c.bundle.id, []).append(c)
    infos = {i.id: i for i in store.current_articles()}
    lines = []
    for aid, cands in sorted(by_article.items(), key=lambda kv: -kv[1][0].p):
        best = cands[0]
        chosen = [best] + [c for c in cands[1:PER_ARTICLE_SENTENCES] if c.p >= PER_ARTICLE_RATIO * best.p]
        info = infos.get(aid)
        lines.append((_header(info.title if info else aid, aid),))
        for c in sorted(chosen, key=lambda c: c.sentence.start):
            lines.append((Part(c.passage, c.sentence.start, c.sentence.end, c.text),))
    silent = [i for i in sorted(infos) if i not in by_article]
    if lines and silent:
        names = ", ".join(f"“{infos[i].title}” ({i})" for i in silent[:MAX_SUMMARISED])
        lines.append((f"Not mentioned in: {names}" + (f" and {len(silent) - MAX_SUMMARISED} more." if
                                                    len(silent) > MAX_SUMMARISED else "."),))
    return Draft(tuple(lines), bullets=True)
