"""Result types: small frozen dataclasses that cross the public API."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    source: str      # the article's file name, e.g. "000_5789262eef704622.txt"
    title: str
    text: str        # the cited passage, verbatim: article_text[start:end] == text
    start: int
    end: int
    score: float
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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["citations"] = [asdict(c) for c in self.citations]
        d["candidates"] = [asdict(c) for c in self.candidates]
        return d


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score; what generators work from."""
    chunk_id: str
    source: str
    title: str
    text: str
    start: int
    end: int
    score: float
    dense: float = 0.0      # cosine similarity to the question (0 if not a dense hit)
    rank: int = 0
