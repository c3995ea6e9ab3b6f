"""Result types: small frozen dataclasses that cross the public API.

`Answer` and `Citation` are what callers get; `Passage` is a retrieved chunk as the
generators see it; `Reset` is the one non-text event `stream()` may yield before the final
`Answer` (the text streamed so far is withdrawn, e.g. an LLM draft the guard rejected).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    source: str      # the article's file name, e.g. "000_5789262eef704622.txt"
    title: str
    text: str        # the cited passage, verbatim: article_text[start:end] == text
    start: int
    end: int
    cosine: float | None = None   # dense similarity of the passage to the question; None if only BM25 found it
    fusion: float = 0.0           # reciprocal-rank-fusion score of the passage
    chunk_id: str = ""
    # Offsets (into the article) of the sentences the answer took from this passage.
    quotes: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Answer:
    text: str                          # each sentence carries [n] markers
    citations: tuple[Citation, ...]    # [n] refers to citations[n-1]
    abstained: bool = False
    question: str = ""
    standalone_question: str = ""      # after follow-up resolution
    backend: str = "extractive"
    notice: str = ""                   # e.g. "LLM unreachable: extractive answer shown"
    candidates: tuple[Citation, ...] = field(default=(), repr=False)  # closest passages (for abstentions)
    timings: dict = field(default_factory=dict, compare=False, repr=False)
    # Why this answer: question analysis, decision, passages with their scores and ranks,
    # the sentences considered with their features (see rag.analysis.Analysis.trace).
    trace: dict = field(default_factory=dict, compare=False, repr=False)
    # What the turn was about (intent, scope, subject): hand it back in `history` so
    # follow-ups like "and the second one?" resolve (see rag.conversation).
    context: dict = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["citations"] = [asdict(c) for c in self.citations]
        d["candidates"] = [asdict(c) for c in self.candidates]
        return d


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores; what generators work from."""
    chunk_id: str
    source: str
    title: str
    text: str
    start: int
    end: int
    fusion: float = 0.0           # reciprocal-rank-fusion score
    cosine: float | None = None   # cosine similarity to the question (None if not a dense hit)
    article_sha: str = ""         # the article version the chunk belongs to
    bm25: float | None = None     # BM25 score (None if not a lexical hit)
    dense_rank: int | None = None  # 0-based rank in each retriever's list, and after fusion
    bm25_rank: int | None = None
    fused_rank: int = 0

    def citation(self, quotes: tuple[tuple[int, int], ...] = ()) -> Citation:
        return Citation(source=self.source, title=self.title, text=self.text, start=self.start, end=self.end,
                        cosine=None if self.cosine is None else round(self.cosine, 4),
                        fusion=round(self.fusion, 5), chunk_id=self.chunk_id, quotes=tuple(quotes))


@dataclass(frozen=True)
class Reset:
    """Withdraw the text streamed so far; the final Answer follows."""
    reason: str
