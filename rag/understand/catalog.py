"""What a message may name an article by, and what naming one yields: the catalog's entries
(title, byline, date, site, the people an author's note names, the kind of piece) and a
reference to one article with how it was named and how sure that is. Pure values; the catalog
is built from the store by rag.find.catalog and read by rag.understand.references.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Reference:
    article: str
    how: str             # file | ordinal | author | site | title | date | description | previous
    confidence: float    # 1.0 for an exact name; less for a description or a shared name
    start: int = 0       # the words of the message that name it
    end: int = 0


@dataclass(frozen=True)
class Entry:
    """What a message may name an article by."""
    id: str
    title: str = ""
    byline: str = ""
    date: str = ""
    site: str = ""
    names: tuple[str, ...] = ()      # people the article gives as its author (byline, an author's note)
    kinds: tuple[str, ...] = ()      # what kind of piece: opinion, feature, explainer, interview, news (rag.find.catalog)


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Entry, ...] = ()
    # Words of the authors' and sites' names (folded) that no article's text writes: such a word
    # can only stand for the writer or the outlet ("Give the figures from Wetherell and Skylark").
    unwritten: frozenset[str] = frozenset()

    @classmethod
    def of(cls, infos: Iterable, names: dict[str, tuple[str, ...]] | None = None,
           kinds: dict[str, Iterable[str]] | None = None, unwritten: Iterable[str] = (),
           sites: dict[str, str] | None = None) -> "Catalog":
        """From index.store.ArticleInfo-like values, sorted by id (the listing's order); `sites`
        overrides the stored site (one a file name gives where the page names none)."""
        names, kinds, sites = names or {}, kinds or {}, sites or {}
        return cls(tuple(Entry(a.id, a.title, a.byline, a.date, sites.get(a.id) or a.site, tuple(names.get(a.id, ())),
                               tuple(sorted(kinds.get(a.id, ())))) for a in sorted(infos, key=lambda a: a.id)),
                   frozenset(unwritten))

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.entries]
