"""Sentence-level evidence: which sentences of the retrieved passages answer a question,
and how well a passage supports a given sentence.

Two signals, both cheap on two CPU cores: cosine similarity from the same MiniLM embedder
(sentence vectors are cached per chunk) and IDF-weighted overlap of content words, with
document frequencies from the FTS5 index. No cross-encoder or NLI model exists offline, so
nothing here claims entailment; `support()` is a lexical/semantic proxy with a documented
threshold, used by the grounding guard and the eval judge.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.sentences import sentence_spans

from .cache import LRU
from .types import Passage

STOP = frozenset("""a an the and or but if then than that this these those there here of to in on at by
for with from as is are was were be been being do does did doing have has had having it its it's
they them their he she his her we our you your i me my what which who whom whose when where why how
not no nor so too very can could should would may might will shall must also just only about into over
under again further once all any both each few more most other some such own same s t don now up down
out off between through during before after above below because until while against among within
without per via whether according article articles say says said tell told does""".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=50_000)
def stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "als", "al", "ies", "ied", "es", "ed", "ly", "s"):
        if len(w) - len(suf) >= 4 and w.endswith(suf):
            w = w[: -len(suf)] + ("y" if suf in ("ies", "ied") else "")
            break
    # "deteriorate" / "deteriorated": drop a final e so both meet at "deteriorat".
    return w[:-1] if len(w) > 4 and w.endswith("e") else w


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() not in STOP and len(w) > 1]


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


@dataclass(frozen=True)
class Sentence:
    passage: int         # index into the passages list
    start: int           # absolute offsets into the article text
    end: int
    text: str


class Evidence:
    """Sentence vectors and corpus document frequencies, cached and thread-safe.

    Document frequencies and the chunk count belong to one index version: `sync()` (called
    by the pipeline before each question) empties them when the store's version moved, e.g.
    after a build from another process. Sentence vectors are keyed by chunk id, which is a
    content hash, so they stay valid across versions.
    """

    def __init__(self, embedder, store=None, cache_size: int = 4096):
        self.embedder, self.store = embedder, store
        self._sents: LRU[tuple[list[tuple[int, int]], np.ndarray]] = LRU(cache_size)
        self._df: LRU[int] = LRU(50_000)
        self._queries: LRU[np.ndarray] = LRU(1024)

    def sync(self) -> None:
        """Forget corpus statistics if the index changed since they were read."""
        if self.store is not None:
            self._df.sync(self.store.version())

    # ---- corpus statistics -------------------------------------------------
    def idf(self, word: str) -> float:
        n = self.n_chunks()
        df = self.df(word)
        return math.log((n + 1) / (df + 0.5)) if n else 1.0

    def n_chunks(self) -> int:
        if self.store is None:
            return 0
        return self._df.get_or_make(("", "n_chunks"), self.store.count)

    def df(self, word: str) -> int:
        if self.store is None:
            return 1
        w = word.lower()
        return self._df.get_or_make(w, lambda: self.store.document_frequency(w))

    def missing_terms(self, question: str) -> list[str]:
        """Capitalised words of the question (names) that no indexed chunk contains."""
        ws = _WORD.findall(question)
        names = [w for i, w in enumerate(ws) if w[:1].isupper() and w.lower() not in STOP and
                 (i > 0 or len(ws) == 1) and len(w) > 2]
        return [w for w in names if self.df(w) == 0]

    def missing_share(self, question: str) -> float:
        """IDF-weighted share of the question's content words that no chunk contains."""
        w = self.weights(content_words(question))
        total = sum(w.values())
        if not total:
            return 0.0
        absent = {stem(x) for x in content_words(question) if self.df(x) == 0}
        return sum(v for k, v in w.items() if k in absent) / total

    # ---- sentences ------------------------------------------------------------
    def sentences(self, passages: list[Passage]) -> tuple[list[Sentence], np.ndarray]:
        cached = {p.chunk_id: self._sents.get(p.chunk_id) for p in passages}
        todo = list({p.chunk_id: p for p in passages if cached[p.chunk_id] is None}.values())
        if todo:
            spans = [sentence_spans(p.text) for p in todo]
            flat = [p.text[a:b] for p, sp in zip(todo, spans) for a, b in sp]
            v = self.embedder.encode(flat) if flat else np.zeros((0, 1), dtype=np.float32)
            i = 0
            for p, sp in zip(todo, spans):
                cached[p.chunk_id] = (sp, v[i:i + len(sp)])
                self._sents.put(p.chunk_id, cached[p.chunk_id])
                i += len(sp)
        sents: list[Sentence] = []
        vecs: list[np.ndarray] = []
        for pi, p in enumerate(passages):
            sp, v = cached[p.chunk_id]
            for (a, b), vec in zip(sp, v):
                sents.append(Sentence(pi, p.start + a, p.start + b, p.text[a:b]))
                vecs.append(vec)
        return sents, (np.stack(vecs) if vecs else np.zeros((0, 1), dtype=np.float32))

    def query_vector(self, text: str) -> np.ndarray:
        """The embedding of a question; cached because retrieval and scoring both need it."""
        return self._queries.get_or_make(text, lambda: self.embedder.encode([text])[0])

    def forget_queries(self) -> None:
        """Drop cached question vectors (benchmarks time new questions this way)."""
        self._queries.sync(object())

    # ---- support ------------------------------------------------------------
    def overlap(self, query_stems: set[str], text: str, weights: dict[str, float] | None = None) -> float:
        """IDF-weighted share of the query's content stems that occur in `text`."""
        if not query_stems:
            return 0.0
        have = content_stems(text)
        w = weights or {s: 1.0 for s in query_stems}
        total = sum(w[s] for s in query_stems)
        return sum(w[s] for s in query_stems if s in have) / total if total else 0.0

    def weights(self, words: list[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for w in words:
            out[stem(w)] = max(out.get(stem(w), 0.0), self.idf(w))
        return out

    def support(self, sentence: str, passage_text: str) -> float:
        """How well a passage supports a sentence, in [0, 1].

        max(lexical, semantic): lexical is the share of the sentence's content words found
        in the passage; semantic is the best cosine between the sentence and any passage
        sentence. Verbatim quotes score 1.0.
        """
        s = " ".join(sentence.split())
        if s and s in " ".join(passage_text.split()):
            return 1.0
        lex = self.overlap(content_stems(sentence), passage_text)
        spans = sentence_spans(passage_text)
        if not spans:
            return lex
        vecs = self.embedder.encode([sentence] + [passage_text[a:b] for a, b in spans])
        sem = float(np.max(vecs[1:] @ vecs[0]))
        return max(lex, 0.5 * lex + 0.5 * sem)


SUPPORT_THRESHOLD = 0.6  # chosen on the dev set: see eval/README.md
