"""An in-memory BM25 index over chunks, updated in place as articles come and go.

Postings are kept per term (document slots and term counts, as NumPy arrays grown in
blocks), so a query touches only its terms' postings: the score of every matching
document accumulates into one array in a few vectorised steps. Adding a document appends
to its terms' postings; removing one marks its slot dead (and its postings are skipped
until the next compaction, which happens when a third of the slots are dead). Tokens are
`index.text` words, Porter-stemmed — what FTS5's porter tokenizer indexed before, so
scores and document frequencies mean the same; queries drop function words. Parameters are BM25's usual
k1 = 1.2, b = 0.75. Leaves out persistence: the index is rebuilt from the local cache
(which is rebuilt from Chroma) when a process starts.
"""
from __future__ import annotations

import math
import threading
from collections import Counter

import numpy as np

from .text import STOP, stem, words

K1, B = 1.2, 0.75
COMPACT_AT = 1 / 3       # share of dead slots that triggers a rebuild of the postings


def tokens(text: str) -> list[str]:
    """A document's terms: every word, Porter-stemmed (as FTS5's porter tokenizer indexes)."""
    return [stem(w) for w in words(text)]


def query_terms(text: str) -> list[str]:
    """A query's terms: function words and single letters match most chunks and add nothing
    but time, so they are dropped (unless nothing else is left)."""
    ws = [w for w in words(text) if len(w) > 1]
    return list(dict.fromkeys(stem(w) for w in ([w for w in ws if w not in STOP] or ws)))


class _Postings:
    __slots__ = ("docs", "tfs", "n")

    def __init__(self):
        self.docs = np.empty(4, dtype=np.int32)
        self.tfs = np.empty(4, dtype=np.float32)
        self.n = 0

    def add(self, doc: int, tf: int) -> None:
        if self.n == len(self.docs):
            self.docs = np.resize(self.docs, self.n * 2)
            self.tfs = np.resize(self.tfs, self.n * 2)
        self.docs[self.n], self.tfs[self.n] = doc, tf
        self.n += 1


class BM25:
    def __init__(self):
        self._lock = threading.RLock()
        self._reset()

    def _reset(self) -> None:
        self.postings: dict[str, _Postings] = {}
        self.ids: list[str] = []            # slot -> document id
        self.slot: dict[str, int] = {}      # document id -> slot
        self.length = np.zeros(0, dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.group: list[str] = []          # slot -> group (article id), for scoped queries
        self.members: dict[str, list[int]] = {}   # group -> its slots
        self.total_length = 0.0
        self.live = 0

    def __len__(self) -> int:
        return self.live

    def add(self, doc_id: str, text: str, group: str = "") -> None:
        with self._lock:
            if doc_id in self.slot:
                return
            counts = Counter(tokens(text))
            s = len(self.ids)
            self.ids.append(doc_id)
            self.group.append(group)
            self.members.setdefault(group, []).append(s)
            self.slot[doc_id] = s
            if s >= len(self.length):
                grow = max(1024, len(self.length))
                self.length = np.concatenate([self.length, np.zeros(grow, np.float32)])
                self.alive = np.concatenate([self.alive, np.zeros(grow, bool)])
            n = sum(counts.values())
            self.length[s], self.alive[s] = n, True
            self.total_length += n
            self.live += 1
            for t, tf in counts.items():
                p = self.postings.get(t)
                if p is None:
                    p = self.postings[t] = _Postings()
                p.add(s, tf)

    def remove(self, doc_id: str) -> None:
        with self._lock:
            s = self.slot.pop(doc_id, None)
            if s is None:
                return
            self.alive[s] = False
            self.total_length -= float(self.length[s])
            self.live -= 1
            if len(self.ids) > 1024 and (len(self.ids) - self.live) > COMPACT_AT * len(self.ids):
                self._compact()

    def _compact(self) -> None:
        keep = [(i, d) for i, d in enumerate(self.ids) if self.alive[i]]
        # Postings are rebuilt from the kept slots' term counts (kept alongside in the postings).
        old_postings, old_group = self.postings, self.group
        remap = np.full(len(self.ids), -1, dtype=np.int64)
        for new, (old, _) in enumerate(keep):
            remap[old] = new
        lengths = self.length[[old for old, _ in keep]]
        self._reset()
        self.ids = [d for _, d in keep]
        self.group = [old_group[old] for old, _ in keep]
        for i, g in enumerate(self.group):
            self.members.setdefault(g, []).append(i)
        self.slot = {d: i for i, d in enumerate(self.ids)}
        self.length = np.concatenate([lengths, np.zeros(1024, np.float32)])
        self.alive = np.concatenate([np.ones(len(keep), bool), np.zeros(1024, bool)])
        self.total_length, self.live = float(lengths.sum()), len(keep)
        for t, p in old_postings.items():
            docs, tfs = p.docs[:p.n], p.tfs[:p.n]
            new = remap[docs]
            ok = new >= 0
            if ok.any():
                q = _Postings()
                q.docs, q.tfs, q.n = new[ok].astype(np.int32), tfs[ok].copy(), int(ok.sum())
                self.postings[t] = q

    def ids_of(self, group: str) -> list[str]:
        """Live documents of a group."""
        with self._lock:
            return [self.ids[s] for s in self.members.get(group, []) if self.alive[s]]

    def holding(self, terms: list[str]) -> list[str]:
        """Live documents holding every one of `terms` (stemmed)."""
        with self._lock:
            sets = []
            for t in terms:
                p = self.postings.get(t)
                if p is None:
                    return []
                docs = p.docs[:p.n]
                sets.append(set(docs[self.alive[docs]].tolist()))
            return sorted(self.ids[d] for d in set.intersection(*sets)) if sets else []

    def document_frequency(self, term: str) -> int:
        """Live documents holding a stemmed term."""
        with self._lock:
            p = self.postings.get(term)
            return int(self.alive[p.docs[:p.n]].sum()) if p else 0

    def search(self, query: str, k: int, groups: set[str] | None = None) -> list[tuple[str, float]]:
        """(document id, BM25 score) of the k best live documents (within `groups`, if given)."""
        terms = query_terms(query)
        with self._lock:
            if not terms or not self.live:
                return []
            n, avgdl = self.live, self.total_length / max(self.live, 1)
            scores = np.zeros(len(self.ids), dtype=np.float32)
            for t in terms:
                p = self.postings.get(t)
                if p is None:
                    continue
                docs, tfs = p.docs[:p.n], p.tfs[:p.n]
                live = self.alive[docs]
                df = int(live.sum())
                if not df:
                    continue
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                dl = self.length[docs]
                contrib = idf * tfs * (K1 + 1) / (tfs + K1 * (1 - B + B * dl / avgdl))
                np.add.at(scores, docs[live], contrib[live])
            if groups is not None:
                mask = np.zeros(len(scores), dtype=bool)
                for g in groups:
                    mask[self.members.get(g, [])] = True
                scores[~mask] = 0
            hits = np.flatnonzero(scores > 0)
            if not len(hits):
                return []
            top = hits[np.argsort(-scores[hits], kind="stable")[:k]] if len(hits) <= k else \
                hits[np.argpartition(-scores[hits], k - 1)[:k]]
            top = top[np.argsort(-scores[top], kind="stable")]
            return [(self.ids[i], float(scores[i])) for i in top]
