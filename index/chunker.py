"""Token-aware chunking of cleaned article text into passages with exact offsets.

Chunks are runs of whole sentences, packed up to `target_tokens` cl100k tokens; a chunk
prefers to end at a paragraph break once it is at least half full, and a chunk that
starts mid-paragraph repeats the previous chunk's last sentence (a modest overlap). Each
chunk is checked with the embedder's own tokenizer, when one is given, and split again if
the model would truncate it. A single sentence too long for any chunk is cut at word
boundaries; that is the only place a chunk may end mid-sentence.

Every chunk satisfies `text[chunk.start:chunk.end] == chunk.text`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Callable

from .structure import kind_of
from .text import paragraph_spans, sentence_spans
from .tokens import count_tokens


@dataclass(frozen=True)
class Chunk:
    id: str            # content hash: same article, same place, same text -> same id
    article_id: str    # the article's file name
    index: int         # chunk number within the article
    start: int
    end: int
    text: str
    tokens: int        # cl100k_base tokens


def chunk_id(article_id: str, start: int, text: str, version: str = "") -> str:
    """A content hash. `version` (the article version's hash) keeps two versions of one article
    from sharing a chunk id, so switching versions never moves a chunk out from under the
    version still being served."""
    h = hashlib.sha256(f"{article_id}\x00{version}\x00{start}\x00{text}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def _split_long(text: str, a: int, b: int, max_tokens: int) -> list[tuple[int, int]]:
    """Cut an over-long span at whitespace so each piece fits max_tokens."""
    pieces = []
    words = [m.span() for m in re.finditer(r"\S+", text[a:b])]
    if not words:
        return [(a, b)]
    piece_start = a + words[0][0]
    last_end = piece_start
    for ws, we in words:
        ws, we = ws + a, we + a
        if last_end > piece_start and count_tokens(text[piece_start:we]) > max_tokens:
            pieces.append((piece_start, last_end))
            piece_start = ws
        last_end = we
        # A single "word" longer than the budget (a URL, a run of emoji): cut by characters.
        while count_tokens(text[piece_start:last_end]) > max_tokens and last_end - piece_start > 1:
            cut = piece_start + max(1, (last_end - piece_start) // 2)
            while cut > piece_start + 1 and count_tokens(text[piece_start:cut]) > max_tokens:
                cut = piece_start + max(1, (cut - piece_start) // 2)
            pieces.append((piece_start, cut))
            piece_start = cut
    pieces.append((piece_start, last_end))
    return [p for p in pieces if p[1] > p[0]]


def _units(text: str, target_tokens: int) -> tuple[list[tuple[int, int, int, int]], set[int]]:
    """(start, end, paragraph, tokens) per sentence, and the paragraphs that are headings.

    A heading is one unit whatever the sentence splitter makes of it; a sentence longer
    than a chunk is cut at word boundaries."""
    units: list[tuple[int, int, int, int]] = []
    headings: set[int] = set()
    for p, (pa, pb) in enumerate(paragraph_spans(text)):
        if kind_of(text[pa:pb]) == "heading":
            headings.add(p)
            spans = [(pa, pb)]
        else:
            spans = sentence_spans(text, pa, pb)
        for sa, sb in spans:
            n = count_tokens(text[sa:sb])
            if n > target_tokens:
                units += [(xa, xb, p, count_tokens(text[xa:xb])) for xa, xb in _split_long(text, sa, sb, target_tokens)]
            else:
                units.append((sa, sb, p, n))
    return units, headings


def chunk_text(article_id: str, text: str, target_tokens: int = 160,
               overlap_sentences: int = 1,
               fits: Callable[[str], bool] | None = None, version: str = "") -> list[Chunk]:
    """Split `text` into chunks. `fits(text)` says whether the embedder takes it whole;
    `version` goes into the chunk ids (see chunk_id)."""
    units, headings = _units(text, target_tokens)

    spans: list[tuple[int, int]] = []  # unit index ranges [i, j)
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units):
            n = units[j][3]
            if j > i and total + n > target_tokens:
                break
            # At a paragraph break, stop if half full rather than start a new paragraph's
            # first sentences here only to cut that paragraph in two.
            if j > i and units[j][2] != units[j - 1][2] and total >= target_tokens // 2:
                para_left = sum(u[3] for u in units[j:] if u[2] == units[j][2])
                if total + para_left > target_tokens:
                    break
            total += n
            j += 1
        # Don't end on a heading: it belongs with the paragraph it introduces.
        while j - i > 1 and j < len(units) and units[j - 1][2] in headings:
            j -= 1
        spans.append((i, j))
        if j >= len(units):
            break
        # Overlap only inside a paragraph, and never so much that we make no progress.
        back = overlap_sentences if units[j][2] == units[j - 1][2] else 0
        i = max(j - back, i + 1)

    chunks: list[Chunk] = []
    for i, j in spans:
        for a, b in _fit(text, units[i:j], fits):
            body = text[a:b]
            chunks.append(Chunk(id=chunk_id(article_id, a, body, version), article_id=article_id,
                                index=len(chunks), start=a, end=b, text=body,
                                tokens=count_tokens(body)))
    return chunks


def _fit(text: str, units, fits, budget: int | None = None) -> list[tuple[int, int]]:
    """Split a run of units until the embedder takes each piece whole."""
    a, b = units[0][0], units[-1][1]
    if fits is None or fits(text[a:b]):
        return [(a, b)]
    if len(units) > 1:
        half = len(units) // 2
        return _fit(text, units[:half], fits) + _fit(text, units[half:], fits)
    budget = budget or max(count_tokens(text[a:b]), 2)
    if budget <= 2 or b - a <= 1:
        return [(a, b)]
    return [p for x, y in _split_long(text, a, b, budget // 2)
            for p in _fit(text, [(x, y, 0, 0)], fits, budget // 2)]
