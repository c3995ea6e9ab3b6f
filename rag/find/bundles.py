"""Articles as answering reads them: `ArticleBundle`, one article version as the index
stored it (text, outline, sentences with stems, entities, kinds and vectors, and which
paragraphs an interviewer speaks), and `Bundles`, the cache that loads them from the store.

Bundles are keyed by the version's hash, so they never go stale: a changed article is a
new hash. Leaves out corpus statistics (corpus.py) and anything about a question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.structure import Outline

from ..cache import LRU
from ..protocols import Store

# Articles whose sentences stay in memory between questions: a few hundred small articles'
# sentence vectors (384 floats each) fit in tens of MB.
BUNDLES_KEPT = 256
# A speaker's label opening a paragraph of a transcript ("Q:", "SQ:", "Samir Quist:"), and how
# many turns make a speaker (one question is no interviewer)
_TURN = re.compile(r"^\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})\s*:\s+\S")
INTERVIEW_TURNS = 2


@dataclass(frozen=True)
class ArticleBundle:
    id: str
    sha: str
    title: str
    text: str
    outline: Outline
    sentences: tuple          # index.store.StoredSentence, in order
    vectors: np.ndarray       # (n sentences, dim), unit length

    @cached_property
    def stem_sets(self) -> list[frozenset]:
        return [frozenset(s.stems) for s in self.sentences]

    @cached_property
    def para_stems(self) -> dict[int, frozenset]:
        out: dict[int, set] = {}
        for s, st in zip(self.sentences, self.stem_sets):
            out.setdefault(s.para, set()).update(st)
        return {k: frozenset(v) for k, v in out.items()}

    @cached_property
    def starts(self) -> np.ndarray:
        return np.array([s.start for s in self.sentences], dtype=np.int64)

    def within(self, start: int, end: int) -> range:
        """Indices of the sentences inside [start, end)."""
        lo = int(np.searchsorted(self.starts, start, side="left"))
        hi = lo
        while hi < len(self.sentences) and self.sentences[hi].end <= end:
            hi += 1
        return range(lo, hi)

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start:s.end]

    @cached_property
    def interviewer_paragraphs(self) -> frozenset[int]:
        """The paragraphs an interviewer speaks ("Q: Sarova asked for the statue back decades
        ago."): opening "Q:" or "Question:", or the label of a speaker whose turns mostly end
        in a question ("SQ: How many babies are born in Tarrow?"). What they say frames a
        question; it is not what the article reports."""
        turns: dict[str, list[int]] = {}
        for k, p in enumerate(self.outline.paragraphs):
            if m := _TURN.match(self.text[p.start:p.end]):
                turns.setdefault(m.group(1).lower(), []).append(k)
        asking = {label for label, ps in turns.items() if label in ("q", "question") or (
            len(ps) >= INTERVIEW_TURNS and sum(self.text[self.outline.paragraphs[k].start:self.outline.paragraphs[k].end]
                                               .rstrip().endswith("?") for k in ps) * 2 > len(ps))}
        return frozenset(k for label in asking for k in turns[label])

    def asked_by_interviewer(self, i: int) -> bool:
        return self.sentences[i].para in self.interviewer_paragraphs

    @cached_property
    def _spans(self) -> dict:
        return {}

    @cached_property
    def memo(self) -> dict:
        """Facts about this article version that answering derives once (rag.decide.binding)."""
        return {}

    def spans(self, i: int) -> list:
        """The typed spans of sentence i (rag.find.spans), offsets relative to the sentence; computed
        once per article version and kept with it."""
        got = self._spans.get(i)
        if got is None:
            from .spans import spans, surnames
            s = self.sentences[i]
            got = self._spans[i] = surnames(spans(self.text[s.start:s.end],
                                                  [(a - s.start, b - s.start, label) for a, b, label in s.entities]),
                                            self.text[s.start:s.end], self.people)
        return got

    @cached_property
    def people(self) -> frozenset[str]:
        """The surnames of the people the article names in full ("Losa Fepuleai" -> "Fepuleai"):
        news writing names a person in full once and by surname after, which the tagger may
        not take for a person ("Fepuleai, 19, was named player of the match")."""
        ents = [(self.text[a:b], label) for s in self.sentences for a, b, label in s.entities]
        full = [name.split() for name, label in ents if label == "PERSON"]
        last = {w[-1] for w in full if len(w) >= 2 and w[-1][:1].isupper()}
        # ... but not a word the article names as something else ("Francis I of France")
        return frozenset(last - {name for name, label in ents if label != "PERSON"})

    def window(self, i: int) -> str:
        """The sentence with the one before and the one after it (what a fact's context is)."""
        lo = self.sentences[max(i - 1, 0)].start
        hi = self.sentences[min(i + 1, len(self.sentences) - 1)].end
        return self.text[lo:hi]


class Bundles:
    def __init__(self, store: Store, size: int = BUNDLES_KEPT):
        self.store = store
        self._cache: LRU[ArticleBundle] = LRU(size)

    def get(self, article_id: str, sha: str) -> ArticleBundle | None:
        got = self._cache.get(sha)
        if got is None:
            got = self._load(article_id, sha)
            if got is not None:
                self._cache.put(sha, got)
        return got

    def _load(self, article_id: str, sha: str) -> ArticleBundle | None:
        text = self.store.article_text(article_id, sha)
        if text is None:
            return None
        sents = tuple(self.store.sentences(sha))
        dim = next((s.vector.shape[0] for s in sents if s.vector is not None), 1)
        vecs = np.stack([s.vector if s.vector is not None else np.zeros(dim, np.float32) for s in sents]) \
            if sents else np.zeros((0, dim), np.float32)
        title = next((a.title for a in self.store.current_articles() if a.sha == sha), article_id)
        return ArticleBundle(article_id, sha, title, text, self.store.outline(sha), sents, vecs)
