"""The collection as readers name it: each article's metadata, the authors it gives, and how
well a descriptive phrase fits it.

`Library` builds a `references.Catalog` from the store — title, byline, date, site, and the
people an article's closing author's note names ("Dr X is a senior advisor at ...") — and
`describe(phrase)` scores a phrase such as "the editorial on Armenia turning West" against
each article: the best cosine between the phrase and the article's title or one of its
sentences (the index stored their vectors), blended evenly with the IDF share of the
phrase's words found in the article. Both are cached per index version. Leaves out resolving the
references (rag.understand.references) and anything about a question.
"""
from __future__ import annotations

import numpy as np

from index.text import content_stems

from ..cache import LRU
from ..protocols import Store
from ..understand.references import Catalog
from .bundles import Bundles
from .corpus import Corpus

# The last paragraph gives an opinion piece's author when it is short: an author's note, not prose.
NOTE_MAX_WORDS = 80
# Words of an author's note: a person named with these is the article's author.
_NOTE = ("advisor", "adviser", "analyst", "author", "columnist", "correspondent", "director", "editor", "fellow",
         "journalist", "lecturer", "professor", "researcher", "reporter", "writer", "scholar", "expert", "head")


class Library:
    def __init__(self, store: Store, bundles: Bundles, corpus: Corpus):
        self.store, self.bundles, self.corpus = store, bundles, corpus
        self._cache: LRU = LRU(8)

    def _version(self):
        return self.store.version()

    def catalog(self) -> Catalog:
        return self._cache.get_or_make(("catalog", self._version()), self._catalog)

    def _catalog(self) -> Catalog:
        infos = self.store.current_articles()
        return Catalog.of(infos, {a.id: self._authors(a) for a in infos})

    def _authors(self, info) -> tuple[str, ...]:
        b = self.bundles.get(info.id, info.sha)
        if b is None or not b.outline.paragraphs:
            return ()
        last = b.outline.paragraphs[-1]
        text = b.text[last.start:last.end]
        if len(text.split()) > NOTE_MAX_WORDS or not any(w in text.lower() for w in _NOTE):
            return ()
        people = []
        for s in b.sentences:
            if last.start <= s.start < last.end:
                people += [b.text[a:e] for a, e, label in s.entities if label == "PERSON"]
        return tuple(dict.fromkeys(p.strip() for p in people))

    def _profiles(self) -> dict[str, tuple[np.ndarray, set]]:
        """Per article: its title's and sentences' vectors, and all its stems."""
        out = {}
        for info in self.store.current_articles():
            b = self.bundles.get(info.id, info.sha)
            if b is None:
                continue
            vecs = [self.corpus.query_vector(info.title)] + list(b.vectors)
            stems = set(content_stems(info.title)).union(*b.stem_sets)
            out[info.id] = (np.stack(vecs), stems)
        return out

    def describe(self, phrase: str) -> dict[str, float]:
        """How well `phrase` describes each article, in [0, 1]."""
        profiles = self._cache.get_or_make(("profiles", self._version()), self._profiles)
        qv = self.corpus.query_vector(phrase)
        want = self.corpus.weights(content_stems(phrase))
        total = sum(want.values()) or 1.0
        return {aid: 0.5 * float(np.max(vecs @ qv)) + 0.5 * sum(w for s, w in want.items() if s in stems) / total
                for aid, (vecs, stems) in profiles.items()}
