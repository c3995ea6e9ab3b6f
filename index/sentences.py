"""Sentence and paragraph spans of a text, as (start, end) character offsets.

Offsets, not strings, are the point: every span satisfies `text[start:end] == sentence`,
with surrounding whitespace excluded, so chunks and citations can point into the stored
article exactly. A rule-based splitter (abbreviations, initials, decimals) is enough for
news prose; it deliberately does no language detection or ML segmentation.
"""
from __future__ import annotations

import re

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "rep",
           "sen", "gov", "pres", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp", "no",
           "u.s", "u.k", "u.n", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec", "fig", "approx", "dept", "est", "al"}
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_PARA = re.compile(r"\n\s*\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _is_abbrev(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())  # initials: "J. Smith"


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of text[start:end], never crossing a paragraph break."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for pa, pb in paragraph_spans(text[start:end]):
        pa, pb = pa + start, pb + start
        cur = pa
        for m in _BOUNDARY.finditer(text, pa, pb):
            stop = m.end()
            nxt = stop
            while nxt < pb and text[nxt].isspace():
                nxt += 1
            if nxt >= pb:
                break
            if text[m.start()] == "." and _is_abbrev(text, m.start()) and m.end() - m.start() == 1:
                continue
            if re.fullmatch(r"\(?[0-9ivxIVX]{1,4}", text[cur:m.start()]):  # "1. Heading"
                continue
            if text[nxt].islower():  # "e.g. the" or a stray period mid-sentence
                continue
            out.append(_strip(text, cur, stop))
            cur = nxt
        if cur < pb:
            out.append(_strip(text, cur, pb))
    return [s for s in out if s[1] > s[0]]
