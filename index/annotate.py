"""What a question will need to know about each sentence, computed once at index time.

For every sentence of a cleaned article: its exact span, paragraph, section (see
structure.py), kind (`text`, `heading`, `item`, `intro`, or `enum` for "First, ..."),
content stems (the same Porter stems FTS5 uses) and named entities with their labels. A
name the small tagger calls an organisation or a place is a person when the article also
calls its last word "Ms", "Mr", "Dr" ... ("chaired by Imogen Fairbairn" ... "Ms Fairbairn said"),
as news writing does after a first mention.
Sentence vectors are added by the build, which owns the embedder. Question time only
reads these; nothing here runs per question. Leaves out scoring: that is `rag`'s.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

import re

from .structure import Outline, enumerated, outline
from .text import content_stems, parse


# Titles news writing puts before a surname on later mentions.
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Cllr|Councillor|Rev)\.?"
                     r"\s+([A-Z][\w'’-]+)")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*$")
_MARKER = re.compile(r"\s*(?:[•·▪◦*\-–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")


@dataclass(frozen=True)
class SentenceInfo:
    idx: int
    start: int
    end: int
    para: int
    section: int
    kind: str
    stems: tuple[str, ...]
    entities: tuple[tuple[int, int, str], ...]   # absolute offsets into the article

    def to_row(self) -> tuple:
        return (self.idx, self.start, self.end, self.para, self.section, self.kind, " ".join(self.stems),
                json.dumps([list(e) for e in self.entities]))


def annotate(text: str) -> tuple[Outline, list[SentenceInfo]]:
    """The article's outline and its sentences, in order."""
    o = outline(text)
    out: list[SentenceInfo] = []
    for pi, p in enumerate(o.paragraphs):
        parsed = parse(text[p.start:p.end])
        # A heading is one unit even if the parser splits it ("Situation 1: Pragmatic Reset").
        spans = [(0, p.end - p.start)] if p.kind == "heading" else list(parsed.sentences)
        for si, (a, b) in enumerate(spans):
            if si == 0 and p.kind == "item":  # the quote starts after the bullet or number
                m = _MARKER.match(text, p.start + a, p.start + b)
                a = m.end() - p.start if m else a
            s, e = p.start + a, p.start + b
            if p.kind == "intro":  # only the sentence ending in ":" announces the list
                kind = "intro" if si == len(spans) - 1 else "text"
            else:
                kind = p.kind if (si == 0 or p.kind == "heading") else "text"
            if kind == "text" and enumerated(text[s:e]):
                kind = "enum"
            ents = tuple((p.start + x, p.start + y, label) for x, y, label in parsed.entities if a <= x and y <= b)
            out.append(SentenceInfo(len(out), s, e, pi, p.section, kind, tuple(content_stems(text[s:e])), ents))
    return o, _people(text, out)


def _people(text: str, sentences: list[SentenceInfo]) -> list[SentenceInfo]:
    """Relabel as PERSON a name of two to four capitalised words whose last word the article
    puts after a title elsewhere ("Ms Fairbairn"): the tagger alone read "chaired by Imogen
    Fairbairn" as an organisation. "The Fairbairn Trust" is left alone (its last word is no
    surname)."""
    titled = set(_TITLED.findall(text))
    if not titled:
        return sentences

    def label(a: int, b: int, lab: str) -> str:
        ws = text[a:b].split()
        if lab == "PERSON" or not 2 <= len(ws) <= 4 or not all(_NAME_WORD.match(w) for w in ws):
            return lab
        return "PERSON" if _POSSESSIVE.sub("", ws[-1]) in titled else lab

    out = []
    for si in sentences:
        ents = tuple((a, b, label(a, b, lab)) for a, b, lab in si.entities)
        out.append(si if ents == si.entities else replace(si, entities=ents))
    return out
