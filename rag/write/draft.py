"""A draft reply: the shape of the final reply, before the guard checks its quotes.

A `Draft` is a tuple of `DraftBlock`s of the same kinds as `rag.types.Block` (paragraph,
item, section, notice). Their pieces are `Part`s — verbatim spans of an article, cited by
the index of the passage holding them — or `Said`s, our own words (a notice, an article's
metadata), citing a passage or nothing. The guard (rag.check.guard) turns a draft into the
`Block`s of an `Answer`, numbering the passages it cites. Leaves out choosing what goes in
(compose.py, lists.py, summaries.py, collection.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..find.bundles import ArticleBundle


@dataclass(frozen=True)
class Part:
    """A sentence (or heading) of an article, quoted verbatim from passage `passage`; `marks`
    are the article offsets of the words in it that answer the question."""
    passage: int
    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Said:
    """Our own words: a notice, or a statement about articles that cites `passage` (and `also`)."""
    text: str
    passage: int | None = None
    also: tuple[int, ...] = ()


@dataclass(frozen=True)
class DraftBlock:
    kind: str                                 # paragraph | item | section | notice
    pieces: tuple[Part | Said, ...] = ()
    article: str = ""                         # section
    title: str = ""                           # section
    blocks: tuple["DraftBlock", ...] = ()     # section
    claim: str = ""                           # notice: silent | unnamed | closest | holder about one article, none about all (rag.types.Block)


@dataclass(frozen=True)
class Draft:
    blocks: tuple[DraftBlock, ...] = ()

    def parts(self) -> list[Part]:
        """Every quoted piece, in reading order."""
        out = []
        for b in self.blocks:
            for x in (b,) + b.blocks:
                out += [p for p in x.pieces if isinstance(p, Part)]
        return out

    @property
    def size(self) -> int:
        """Lines of the reply: each sentence of a paragraph, each item (what an extra line costs)."""
        n = 0
        for b in self.blocks:
            n += len(b.pieces) if b.kind == "paragraph" else (b.kind == "item") + sum(x.kind == "item" for x in b.blocks)
        return n


def part(b: ArticleBundle, idx: int, passage: int, marks: tuple[tuple[int, int], ...] = ()) -> Part:
    s = b.sentences[idx]
    return Part(passage, s.start, s.end, b.text[s.start:s.end], marks)


def notice(text: str) -> DraftBlock:
    return DraftBlock("notice", (Said(text),))


def paragraph(parts) -> DraftBlock:
    return DraftBlock("paragraph", tuple(parts))


def item(*pieces) -> DraftBlock:
    return DraftBlock("item", tuple(pieces))


def rebase(draft: Draft, passages: list, into) -> Draft:
    """The draft citing passages of another list (`into`, a PassageFinder over it): each piece's
    passage found there by its chunk, or appended. How the second part of a two-part question
    cites from the first part's passages (rag.pipeline)."""
    target = into.passages
    where: dict[int, int] = {}

    def moved(i: int | None) -> int | None:
        if i is None:
            return None
        if i not in where:
            p = passages[i]
            j = next((n for n, x in enumerate(target) if x.chunk_id == p.chunk_id), None)
            if j is None:
                target.append(replace(p, fused_rank=len(target)))
                j = len(target) - 1
            where[i] = j
        return where[i]

    def piece(x):
        return replace(x, passage=moved(x.passage)) if isinstance(x, Part) else \
            replace(x, passage=moved(x.passage), also=tuple(moved(a) for a in x.also))

    def block(b: DraftBlock) -> DraftBlock:
        return replace(b, pieces=tuple(piece(x) for x in b.pieces), blocks=tuple(block(c) for c in b.blocks))
    return Draft(tuple(block(b) for b in draft.blocks))


def join(drafts: list[Draft]) -> Draft | None:
    """Drafts answering the parts of one question, one after the other, each sentence once
    (the second part's answer may repeat the first's); None when one of them says nothing."""
    seen: set[tuple[int, int, int]] = set()
    blocks = []
    for d in drafts:
        if not d.parts():
            return None
        for b in d.blocks:
            if b.kind == "paragraph":
                kept = tuple(x for x in b.pieces if not (isinstance(x, Part) and (x.passage, x.start, x.end) in seen))
                seen |= {(x.passage, x.start, x.end) for x in b.pieces if isinstance(x, Part)}
                if kept:
                    blocks.append(replace(b, pieces=kept))
            else:
                blocks.append(b)
    return Draft(tuple(blocks))
