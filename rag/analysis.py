"""One question's evidence, before anything is said: its analysis, the retrieved passages,
the candidate sentences with features and probabilities, and the decision.

`Analysis` is what the pipeline composes a reply from, what `eval fit` learns from, and
what the trace shows a reader ("why these passages"). Leaves out retrieval itself
(retrieve.py) and composing text (compose.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .candidates import Candidate, featurize, gather
from .decide import Decision, decide
from .evidence import ArticleBundle, Evidence
from .question import Question, analyze
from .scorer import Scorer
from .types import Passage

TRACE_CANDIDATES = 12   # the best-scored sentences a trace lists; the rest are counted


class PassageFinder:
    """(bundle, sentence index) -> the index in `passages` of a passage holding that sentence,
    appending the stored chunk that holds it when no passage does (a list item or summary
    sentence away from what retrieval found)."""

    def __init__(self, store, passages: list[Passage]):
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
class Analysis:
    question: Question
    passages: list[Passage]
    candidates: list[Candidate]
    corpus: dict                   # q_absent: IDF share of the focus no chunk holds; anchor_absent: share of
                                   # the question's names no chunk holds as a phrase
    weights: dict                  # IDF weight of each focus stem
    decision: Decision | None = None

    def passage_for(self, store) -> "PassageFinder":
        """A function (bundle, sentence index) -> index of a passage citing it (see PassageFinder)."""
        return PassageFinder(store, self.passages)

    def trace(self) -> dict:
        """What a reader (or a script) needs to see why these passages and sentences were chosen."""
        q, d = self.question, self.decision
        ranked = sorted(self.candidates, key=lambda c: -c.p)
        return {
            "question": {"type": q.type, "precision": q.precision, "list_n": q.list_n, "focus": list(q.focus),
                         "anchors": [list(a) for a in q.anchors]},
            "decision": {"kind": d.kind, "answerable": round(d.answerable, 4), "why": d.why} if d else None,
            "passages": [{"n": i + 1, "source": p.source, "start": p.start, "end": p.end, "chunk_id": p.chunk_id,
                          "cosine": p.cosine, "bm25": p.bm25, "dense_rank": p.dense_rank, "bm25_rank": p.bm25_rank,
                          "fused_rank": p.fused_rank, "fusion": p.fusion} for i, p in enumerate(self.passages)],
            "sentences": [{"passage": c.passage + 1, "start": c.sentence.start, "end": c.sentence.end,
                           "text": c.text, "p": round(c.p, 4),
                           "features": {k: round(v, 3) for k, v in c.x.items() if not k.startswith("t_")}}
                          for c in ranked[:TRACE_CANDIDATES]],
            "sentences_considered": len(self.candidates),
        }


def analyse(text: str, passages: list[Passage], ev: Evidence, scorer: Scorer) -> Analysis:
    """Analyse the question, score the passages' sentences and decide, in one step."""
    q = analyze(text)
    cands = gather(passages, ev)
    featurize(q, cands, passages, ev, ev.query_vector(text))
    scorer.score(cands)
    weights = {s: ev.idf(s) for s in q.focus}
    total = sum(weights.values())
    names = [t for t, label in q.anchors if label not in ("CARDINAL", "DATE", "TIME", "ORDINAL") and len(t) > 2]
    corpus = {"q_absent": sum(w for s, w in weights.items() if ev.df(s) == 0) / total if total else 0.0,
              "anchor_absent": sum(ev.phrase_df(t) == 0 for t in names) / len(names) if names else 0.0}
    a = Analysis(q, list(passages), cands, corpus, weights)
    a.decision = decide(q, cands, scorer, corpus, weights)
    return a


def restricted(p: Passage, spans: list[tuple[int, int]]) -> Passage:
    """The passage showing only the given sentences (for an LLM prompt; never cited as such)."""
    return replace(p, text=" … ".join(p.text[a - p.start:b - p.start] for a, b in spans))
