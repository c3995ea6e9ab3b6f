"""One question's evidence, before anything is decided: the question, the retrieved
passages, the candidate sentences with their features, and what the collection lacks.

`find()` builds it from retrieved passages; `Evidence` is what the decision, the writers,
`eval fit` and the trace read. `PassageFinder` maps a sentence back to a passage that can
cite it, fetching the stored chunk when no retrieved passage holds it (a list item or a
summary sentence away from what retrieval found). Leaves out retrieval itself
(retrieve.py), scoring and deciding (rag.decide) and writing (rag.write).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..protocols import Store
from ..types import Passage
from ..understand.question import Question
from .bundles import ArticleBundle, Bundles
from .candidates import Candidate, featurize, gather
from .corpus import Corpus

# Entity labels that are values rather than names: a date or a count the collection lacks
# says nothing about whether the question is off-topic.
_VALUE_LABELS = ("CARDINAL", "DATE", "TIME", "ORDINAL")
# Names of one or two letters ("EU" aside) are too often initials or noise to look up.
MIN_NAME_CHARS = 3


@dataclass(frozen=True)
class Gaps:
    """What the whole collection lacks of the question."""
    q_absent: float = 0.0        # IDF share of the focus that no chunk holds
    anchor_absent: float = 0.0   # share of the question's names that no chunk holds as a phrase


class PassageFinder:
    """(bundle, sentence index) -> the index in `passages` of a passage holding that sentence,
    appending the stored chunk that holds it when no passage does."""

    def __init__(self, store: Store, passages: list[Passage]):
        self.store, self.passages = store, passages

    def __call__(self, b: ArticleBundle, idx: int | None) -> int | None:
        if idx is None:
            return None
        s = b.sentences[idx]
        for i, p in enumerate(self.passages):
            if p.article_sha == b.sha and p.start <= s.start and s.end <= p.end:
                return i
        for c in self.store.chunks(article_id=b.id):
            if c.article_sha == b.sha and c.start <= s.start and s.end <= c.end:
                self.passages.append(Passage(chunk_id=c.id, source=c.article_id, title=c.title, text=c.text,
                                             start=c.start, end=c.end, article_sha=c.article_sha,
                                             fused_rank=len(self.passages)))
                return len(self.passages) - 1
        return None


@dataclass
class Evidence:
    question: Question
    passages: list[Passage]
    candidates: list[Candidate]
    gaps: Gaps
    weights: dict[str, float]          # IDF weight of each focus stem
    qvec: object = field(default=None, repr=False)   # the question's vector
    # text -> its vector (the corpus's cached question embedder); None where nothing embeds
    embed: object = field(default=None, repr=False)
    _rest: object = field(default=None, init=False, repr=False)   # the vector of the question without its names

    def rest_cos(self, c: Candidate) -> float:
        """The sentence's cosine to what the question asks of its names (Question.without_names),
        embedded once per question and only when asked: a sentence close to the question only
        because it names the same things ("The Plough Inn ... will reopen on 12 July" for "How
        much is a pint at the Plough Inn?") is not close to this."""
        if self._rest is None:
            rest = self.question.without_names()
            self._rest = False if self.embed is None or rest == self.question.text else self.embed(rest)
        return c.f.cos if self._rest is False else float(c.bundle.vectors[c.idx] @ self._rest)

    def finder(self, store: Store) -> PassageFinder:
        """A function (bundle, sentence index) -> index of a passage citing it (see PassageFinder)."""
        return PassageFinder(store, self.passages)

    def ranked(self) -> list[Candidate]:
        """Candidates, most likely to answer first (after scoring)."""
        return sorted(self.candidates, key=lambda c: -c.p)


def gaps(q: Question, weights: dict[str, float], corpus: Corpus) -> Gaps:
    total = sum(weights.values())
    names = [t for t, label in q.anchors if label not in _VALUE_LABELS and len(t) >= MIN_NAME_CHARS]
    return Gaps(q_absent=sum(w for s, w in weights.items() if corpus.df(s) == 0) / total if total else 0.0,
                anchor_absent=sum(corpus.phrase_df(t) == 0 for t in names) / len(names) if names else 0.0)


def find(q: Question, passages: list[Passage], bundles: Bundles, corpus: Corpus) -> Evidence:
    """The candidate sentences of the passages with their features, and the collection's gaps."""
    weights = corpus.weights(q.focus)
    qvec = corpus.query_vector(q.text)
    cands = gather(passages, bundles)
    featurize(q, cands, passages, weights, qvec)
    return Evidence(q, list(passages), cands, gaps(q, weights, corpus), weights, qvec, corpus.query_vector)


def restricted(p: Passage, spans: list[tuple[int, int]]) -> Passage:
    """The passage showing only the given sentences (for an LLM prompt; never cited as such)."""
    return replace(p, text=" … ".join(p.text[a - p.start:b - p.start] for a, b in spans))
