"""The grounding guard: every sentence of a final reply cites a passage that supports it.

Two entry points, both returning `Checked` (the reply's `Block`s and its citations, numbered
1..m in order of first use). `render()` takes an extractive `Draft` and checks each quoted
piece against its passage character for character. `guard()` takes an LLM's text with [n]
markers numbering the passages, splits it into sentences, removes markers that name no
passage, drops citations that do not support their sentence (`Support >= threshold`, or
verbatim containment with `verbatim=True`) and sentences left with none, then renumbers.
Neither adds claims; deciding to fall back or abstain is the pipeline's job. The sentence
splitter here is the product's; eval's judges split text their own way on purpose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.text import squash

from ..types import Block, Citation, Passage, Sentence, render_text
from ..write.draft import Draft, DraftBlock, Part, Said
from .support import Support

# The guard's bar for an LLM sentence to keep a citation (Support score). Measured by
# `python -m eval calibrate --set dev:tune --guard` (46 reference answers, worded unlike their
# quotes, as an LLM writes): at 0.6 their own passages support 96%, another question's 0%.
SUPPORT_THRESHOLD = 0.6
# An LLM sentence with no marker at all is kept only when one passage supports it clearly:
# the guard picks the passage itself, out of several, so the bar is higher (same calibration:
# 83% of own passages at 0.75, 0% of another question's).
UNCITED_SUPPORT = 0.75

_MARK = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_END = re.compile(r"[.!?…]+[\"”’)]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*(?=\s+[\"“(]?[A-Z0-9]|\s*$)")


def split_cited(text: str) -> list[tuple[str, list[int]]]:
    """[(sentence without markers, [marker numbers])] for an LLM's draft answer."""
    out, pos = [], 0
    text = text.strip()
    ends = [m.end() for m in _END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    for e in ends:
        piece = text[pos:e].strip()
        pos = e
        if not piece:
            continue
        nums = [int(n) for g in _MARK.findall(piece) for n in re.split(r"\s*[,;]\s*", g)]
        body = squash(_MARK.sub("", piece))
        body = re.sub(r"\s+([.!?,;:])", r"\1", body)
        if body:
            out.append((body, nums))
        elif nums and out:  # markers after the last sentence's punctuation
            out[-1][1].extend(nums)
    return out


@dataclass(frozen=True)
class Checked:
    blocks: tuple[Block, ...]
    citations: tuple[Citation, ...]
    kept: int                      # sentences (or lines) that survived with a citation
    dropped: int
    reasons: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return render_text(self.blocks)


def _find(passage: Passage, sentence: str) -> tuple[int, int] | None:
    """Offsets in the article of `sentence` quoted from `passage`, whitespace-insensitively."""
    words = sentence.split()
    if not words:
        return None
    pat = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pat, passage.text)
    return (passage.start + m.start(), passage.start + m.end()) if m else None


class _Numbering:
    """Passages numbered 1..m in order of first citation, with the spans quoted from each."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages
        self.order: dict[int, int] = {}
        self.quotes: dict[int, list[tuple[int, int]]] = {}
        self.marks: dict[int, list[tuple[int, int]]] = {}

    def cite(self, i: int, span: tuple[int, int] | None = None, marks=()) -> int:
        if span and span[1] > span[0]:
            self.quotes.setdefault(i, []).append(span)
        self.marks.setdefault(i, []).extend(marks)
        return self.order.setdefault(i, len(self.order) + 1)

    def citations(self) -> tuple[Citation, ...]:
        return tuple(self.passages[i].citation(tuple(self.quotes.get(i, ())), tuple(self.marks.get(i, ())))
                     for i, _ in sorted(self.order.items(), key=lambda kv: kv[1]))


def _sentence_marks(piece: Part) -> tuple[tuple[int, int], ...]:
    """The piece's answer marks as offsets into its shown (whitespace-collapsed) text."""
    shown = squash(piece.text)
    out = []
    for a, b in piece.marks:
        words = squash(piece.text[a - piece.start:b - piece.start])
        at = shown.find(words) if words else -1
        if at >= 0:
            out.append((at, at + len(words)))
    return tuple(out)


def guard(draft: str, passages: list[Passage], support: Support | None = None,
          verbatim: bool = True, threshold: float = SUPPORT_THRESHOLD) -> Checked:
    kept: list[tuple[str, list[int], list]] = []
    reasons: list[str] = []
    dropped = 0
    for body, nums in split_cited(draft):
        valid = [n for n in dict.fromkeys(nums) if 1 <= n <= len(passages)]
        if len(valid) < len(set(nums)):
            reasons.append(f"removed invalid marker(s) {sorted(set(nums) - set(valid))} in: {body[:60]}")
        supported, spans = [], []
        for n in valid:
            p = passages[n - 1]
            span = _find(p, body)
            if span:
                supported.append(n)
                spans.append(span)
            elif not verbatim and support is not None and support(body, p) >= threshold:
                supported.append(n)
                spans.append(None)
        if not supported and not verbatim and support is not None and not valid:
            best = max(range(len(passages)), key=lambda i: support(body, passages[i]), default=None)
            if best is not None and support(body, passages[best]) >= max(threshold, UNCITED_SUPPORT):
                supported, spans = [best + 1], [None]
        if not supported:
            dropped += 1
            reasons.append(f"dropped unsupported sentence: {body[:80]}")
            continue
        kept.append((body, supported, spans))
    numbering = _Numbering(passages)
    sentences = tuple(Sentence(body, tuple(numbering.cite(n - 1, span) for n, span in zip(ns, spans)),
                               quoted=all(s is not None for s in spans))
                      for body, ns, spans in kept)
    blocks = (Block("paragraph", sentences),) if sentences else ()
    return Checked(blocks, numbering.citations(), len(kept), dropped, tuple(reasons))


def _verbatim(piece: Part, passages: list[Passage]) -> bool:
    p = passages[piece.passage]
    return p.text[piece.start - p.start:piece.end - p.start] == piece.text


def render(draft: Draft, passages: list[Passage]) -> Checked:
    """A draft as typed blocks. Each quoted piece is checked verbatim against its passage;
    our own words stay as written."""
    numbering = _Numbering(passages)
    reasons: list[str] = []
    counts = {"kept": 0, "dropped": 0}

    def sentences(b: DraftBlock) -> tuple[Sentence, ...]:
        out = []
        for x in b.pieces:
            if isinstance(x, Said):
                cites = tuple(numbering.cite(n) for n in ((x.passage,) if x.passage is not None else ()) + x.also)
                out.append(Sentence(squash(x.text), cites, quoted=False))
            elif _verbatim(x, passages):
                n = numbering.cite(x.passage, (x.start, x.end), x.marks)
                out.append(Sentence(squash(x.text), (n,), marks=_sentence_marks(x)))
            else:
                counts["dropped"] += 1
                reasons.append(f"dropped a piece not verbatim in passage {x.passage + 1}: {x.text[:60]}")
        return tuple(out)

    def block(b: DraftBlock) -> Block | None:
        if b.kind == "section":
            inner = tuple(x for x in (block(c) for c in b.blocks) if x is not None)
            return Block("section", article=b.article, title=b.title, blocks=inner)
        s = sentences(b)
        if not s:
            return None
        if b.kind != "notice" and any(x.citations for x in s):
            counts["kept"] += len(s) if b.kind == "paragraph" else 1
        return Block(b.kind, s, article=b.article, title=b.title, claim=b.claim)

    blocks = tuple(x for x in (block(b) for b in draft.blocks) if x is not None)
    if not counts["kept"]:
        # Nothing quoted: only claims that articles are silent (checked by rag.decide.mentions) stand.
        silent = tuple(x for x in blocks if x.kind == "notice" and x.claim in ("silent", "none"))
        return Checked(silent, (), 0, counts["dropped"], tuple(reasons))
    return Checked(blocks, numbering.citations(), counts["kept"], counts["dropped"], tuple(reasons))
