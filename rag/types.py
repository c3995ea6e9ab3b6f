"""The values that cross the public API: small frozen dataclasses, serialised through TypedDicts.

An `Answer` is its reply as typed `Block`s — paragraphs, list items, per-article sections
and our own notices — each holding `Sentence`s with the numbers of the `Citation`s they
rest on; `Answer.text` is the plain rendering of those blocks for scripts and terminals.
Nothing downstream (UI, export, eval) parses reply text: they read blocks. `Trace` says why
the answer is what it is. `Passage` is a retrieved chunk as the later steps see it; `Reset`
is the one non-text event `stream()` yields before the final `Answer` (the text streamed so
far is withdrawn, e.g. an LLM draft the guard rejected). `to_dict()` / `from_dict()` give
the JSON shapes (the TypedDicts below); leaves out how any of these is computed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Literal, TypedDict


class CitationDict(TypedDict):
    source: str
    title: str
    text: str
    start: int
    end: int
    cosine: float | None
    fusion: float
    chunk_id: str
    quotes: list[list[int]]


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
    # Offsets (into the article) of the words that answer the question (a date, an amount, a name).
    marks: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> CitationDict:
        d = asdict(self)
        d["quotes"] = [list(q) for q in self.quotes]
        d["marks"] = [list(m) for m in self.marks]
        return d  # type: ignore[return-value]

    @classmethod
    def from_dict(cls, d: dict) -> "Citation":
        return cls(source=d["source"], title=d["title"], text=d["text"], start=d["start"], end=d["end"],
                   cosine=d.get("cosine"), fusion=d.get("fusion", 0.0), chunk_id=d.get("chunk_id", ""),
                   quotes=tuple(tuple(q) for q in d.get("quotes", ())),
                   marks=tuple(tuple(m) for m in d.get("marks", ())))


class SentenceDict(TypedDict):
    text: str
    citations: list[int]
    quoted: bool
    marks: list[list[int]]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply: a quote from an article, or our own words about them."""
    text: str                           # whitespace collapsed, without [n] markers
    citations: tuple[int, ...] = ()     # 1-based numbers into Answer.citations
    quoted: bool = True                 # verbatim from the cited passage (False: our words, e.g. metadata)
    marks: tuple[tuple[int, int], ...] = ()   # spans of `text` that answer the question, to emphasise

    def to_dict(self) -> SentenceDict:
        return {"text": self.text, "citations": list(self.citations), "quoted": self.quoted,
                "marks": [list(m) for m in self.marks]}

    @classmethod
    def from_dict(cls, d: dict) -> "Sentence":
        return cls(d["text"], tuple(d.get("citations", ())), d.get("quoted", True),
                   tuple(tuple(m) for m in d.get("marks", ())))


BlockKind = Literal["paragraph", "item", "section", "notice"]


class BlockDict(TypedDict):
    kind: str
    sentences: list[SentenceDict]
    article: str
    title: str
    blocks: list["BlockDict"]
    claim: str


@dataclass(frozen=True)
class Block:
    """A piece of a reply.

    * `paragraph` — running sentences;
    * `item` — one list item (e.g. a heading and the sentence under it);
    * `section` — one article's part of a reply (`article`, `title`), holding its own blocks;
    * `notice` — our own framing, uncited ("The articles don't give that number."); a notice
      about one article names it (`article`) and says which claim it makes (`claim`):
      "silent" (a search of the article found nothing on the subject), "unnamed" (it does not
      name the subject, or does not say what was asked, both checked; what it says closest to
      it follows), "closest" (what it says closest to the subject follows, claiming nothing:
      a topic it may name in other words, a how or why it may answer) or "holder" (it names the person
      the articles name as holding the role the subject is: "the fisheries minister"); "none",
      about no one article, says that no article names it (a "which article ..." question whose
      every article was searched).
    """
    kind: BlockKind
    sentences: tuple[Sentence, ...] = ()
    article: str = ""
    title: str = ""
    blocks: tuple["Block", ...] = ()
    claim: str = ""

    def to_dict(self) -> BlockDict:
        return {"kind": self.kind, "sentences": [s.to_dict() for s in self.sentences], "article": self.article,
                "title": self.title, "blocks": [b.to_dict() for b in self.blocks], "claim": self.claim}

    @classmethod
    def from_dict(cls, d: dict) -> "Block":
        return cls(d["kind"], tuple(Sentence.from_dict(s) for s in d.get("sentences", ())), d.get("article", ""),
                   d.get("title", ""), tuple(cls.from_dict(b) for b in d.get("blocks", ())), d.get("claim", ""))

    def walk(self):
        """This block and the blocks inside it, in reading order."""
        yield self
        for b in self.blocks:
            yield from b.walk()


def _markers(nums) -> str:
    return "".join(f"[{n}]" for n in nums)


def _block_text(b: Block) -> str:
    if b.kind == "section":
        head = f"“{b.title}” ({b.article}):"
        return "\n".join([head] + [_block_text(x) for x in b.blocks])
    if b.kind == "notice":
        return " ".join(s.text for s in b.sentences)
    pieces = []
    for i, s in enumerate(b.sentences):
        nxt = b.sentences[i + 1] if i + 1 < len(b.sentences) else None
        # Within a list item, consecutive pieces citing the same passage carry one marker.
        shared = b.kind == "item" and nxt is not None and nxt.citations == s.citations
        pieces.append(s.text + ("" if shared or not s.citations else (" " if s.text else "") + _markers(s.citations)))
    return ("- " + " — ".join(pieces)) if b.kind == "item" else " ".join(pieces)


def render_text(blocks: tuple[Block, ...]) -> str:
    """The plain text of a reply: sentences with [n] markers, list items as "- " lines,
    a section as its article's header line and its items."""
    out = ""
    prev = None
    for b in blocks:
        text = _block_text(b)
        if prev is not None:
            inline = prev.kind in ("paragraph", "notice") and b.kind == "paragraph"
            out += " " if inline else "\n"
        out += text
        prev = b
    return out


class TraceDict(TypedDict, total=False):
    intent: dict
    references: list[dict]
    question: dict | None
    decision: dict | None
    passages: list[dict]
    sentences: list[dict]
    sentences_considered: int
    checks: list[str]


@dataclass(frozen=True)
class PassageTrace:
    n: int
    source: str
    start: int
    end: int
    chunk_id: str
    cosine: float | None
    bm25: float | None
    dense_rank: int | None
    bm25_rank: int | None
    fused_rank: int
    fusion: float


@dataclass(frozen=True)
class SentenceTrace:
    passage: int            # 1-based, into Trace.passages
    start: int
    end: int
    text: str
    p: float                # the scorer's probability that it answers the question
    features: tuple[tuple[str, float], ...] = ()

    def feature(self, name: str, default: float = 0.0) -> float:
        return dict(self.features).get(name, default)


@dataclass(frozen=True)
class Trace:
    """Why an answer is what it is: the message as understood, the decision and its reason,
    the passages retrieved with their scores and ranks, the best-scored sentences."""
    intent: str = "question"
    detail: str = ""
    scope: tuple[str, ...] = ()
    references: tuple[tuple[str, str, float], ...] = ()   # (article, how it was named, confidence)
    question_type: str = ""
    precision: str = ""
    list_n: int = 0
    focus: tuple[str, ...] = ()
    anchors: tuple[tuple[str, str], ...] = ()
    decision: str = ""
    answerable: float | None = None
    why: str = ""
    passages: tuple[PassageTrace, ...] = ()
    sentences: tuple[SentenceTrace, ...] = ()
    sentences_considered: int = 0
    checks: tuple[str, ...] = ()       # claims about the articles that were checked, and how

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sentences"] = [{**asdict(s), "features": dict(s.features)} for s in self.sentences]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Trace":
        if not d:
            return cls()
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["scope"] = tuple(kw.get("scope", ()))
        kw["references"] = tuple(tuple(r) for r in kw.get("references", ()))
        kw["focus"] = tuple(kw.get("focus", ()))
        kw["anchors"] = tuple(tuple(a) for a in kw.get("anchors", ()))
        kw["checks"] = tuple(kw.get("checks", ()))
        kw["passages"] = tuple(PassageTrace(**p) for p in kw.get("passages", ()))
        kw["sentences"] = tuple(SentenceTrace(**{**s, "features": tuple(dict(s.get("features", {})).items())})
                                for s in kw.get("sentences", ()))
        return cls(**kw)


class ContextDict(TypedDict, total=False):
    intent: str
    articles: list[str]
    subject: str
    length: int
    cited: list[str]        # the articles the answer quoted, in order


@dataclass(frozen=True)
class Answer:
    text: str                          # the plain rendering of `blocks`; each sentence carries [n] markers
    citations: tuple[Citation, ...]    # [n] refers to citations[n-1]
    abstained: bool = False
    question: str = ""
    standalone_question: str = ""      # after follow-up resolution
    backend: str = "extractive"
    notice: str = ""                   # e.g. "LLM unreachable: extractive answer shown"
    blocks: tuple[Block, ...] = ()     # the reply's structure; `text` is its plain rendering
    candidates: tuple[Citation, ...] = field(default=(), repr=False)  # closest passages (for abstentions)
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)  # (step, ms)
    trace: Trace = field(default_factory=Trace, compare=False, repr=False)
    # What the turn was about (intent, scope, subject): hand it back in `history` so
    # follow-ups like "and the second one?" resolve (see rag.understand).
    context: ContextDict = field(default_factory=dict, compare=False, repr=False)  # type: ignore[assignment]

    def sentences(self):
        """(sentence, its citations) for every sentence of the reply, in reading order."""
        for b in self.blocks:
            for x in b.walk():
                for s in x.sentences:
                    yield s, tuple(self.citations[n - 1] for n in s.citations if 1 <= n <= len(self.citations))

    def to_dict(self) -> dict:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations], "abstained": self.abstained,
                "question": self.question, "standalone_question": self.standalone_question, "backend": self.backend,
                "notice": self.notice, "blocks": [b.to_dict() for b in self.blocks],
                "candidates": [c.to_dict() for c in self.candidates], "timings": dict(self.timings),
                "trace": self.trace.to_dict(), "context": dict(self.context)}

    @classmethod
    def from_dict(cls, d: dict) -> "Answer":
        return cls(text=d.get("text", ""), citations=tuple(Citation.from_dict(c) for c in d.get("citations", ())),
                   abstained=d.get("abstained", False), question=d.get("question", ""),
                   standalone_question=d.get("standalone_question", ""), backend=d.get("backend", "extractive"),
                   notice=d.get("notice", ""), blocks=tuple(Block.from_dict(b) for b in d.get("blocks", ())),
                   candidates=tuple(Citation.from_dict(c) for c in d.get("candidates", ())),
                   timings=tuple((d.get("timings") or {}).items()), trace=Trace.from_dict(d.get("trace") or {}),
                   context=dict(d.get("context") or {}))


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores; what the later steps work from."""
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

    def citation(self, quotes: tuple[tuple[int, int], ...] = (), marks: tuple[tuple[int, int], ...] = ()) -> Citation:
        return Citation(source=self.source, title=self.title, text=self.text, start=self.start, end=self.end,
                        cosine=None if self.cosine is None else round(self.cosine, 4),
                        fusion=round(self.fusion, 5), chunk_id=self.chunk_id, quotes=tuple(quotes),
                        marks=tuple(marks))

    def trace(self, n: int) -> PassageTrace:
        return PassageTrace(n, self.source, self.start, self.end, self.chunk_id, self.cosine, self.bm25,
                            self.dense_rank, self.bm25_rank, self.fused_rank, self.fusion)


@dataclass(frozen=True)
class Reset:
    """Withdraw the text streamed so far; the final Answer follows."""
    reason: str
