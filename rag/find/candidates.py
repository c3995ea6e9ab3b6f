"""Candidate sentences for a question, and the features the scorer reads for each.

Candidates are the sentences of the retrieved passages, taken from the annotations the
index stored (stems, entities, kinds, vectors), less an interviewer's statements (they frame a
question; the article does not report them); a sentence that two overlapping passages
share is one candidate, cited by the better-ranked passage. Each gets a row of `Features`:

    cos, cos_gap          cosine to the question; minus the best candidate's
    lex, lex_gap          IDF-weighted share of the question's focus stems in the sentence
    lex_ctx               ... in the sentence with its neighbours in the paragraph
    para_lex              ... in its whole paragraph
    section_lex           ... in the headings above it
    dense_rr, bm25_rr,    1 / (1 + rank) of its passage in each retriever and after fusion
    fused_rr
    type_match            holds a thing of the asked type (a date, a person, ...) the question lacks
    date_precision        holds a date as precise as asked (year, month, day; a clock time)
    new_ents              log(1 + entities the question does not mention)
    restate               share of its stems that the question has (restating, not answering)
    after_best            the next sentence after the closest one, same paragraph
    anchor_missing        share of the question's names and numbers absent from it and its neighbours
    words, first, fragment, heading, item, enum   shape and kind
    has_type, t_<type>    what the question asks for (so weights can differ by type)
    typed, clause, focus, anchors, swapped   how it binds to the question (rag.decide.binding fills these)

Leaves out the weights (rag.decide.scorer) and choosing what to say (rag.decide, rag.write).
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields

import numpy as np

from index.structure import ENDS_SENTENCE
from index.text import content_stems, word_key

from ..types import Passage
from ..understand.question import LABELS, Question
from .bundles import ArticleBundle, Bundles

QTYPES = ("date", "number", "person", "place", "org", "list", "reason", "description")
REASON_CUE = re.compile(r"\b(because|due to|as a result|owing to|since|so that|in order to|driven by|reason|"
                        r"thanks to|in response to|led to|caused|aim|purpose|goal|in hopes of|in the wake of|"
                        r"following|amid|after|blamed|blames|blaming|attributed|put down to)\b", re.I)
_M = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|"
      r"nov(ember)?|dec(ember)?)")
_MONTH = re.compile(rf"\b{_M}\b", re.I)
_DAYDATE = re.compile(rf"\b(\d{{1,2}}(st|nd|rd|th)?\s+{_M}|{_M}\s+\d{{1,2}}(st|nd|rd|th)?)\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.I)
_YEAR = re.compile(r"\b(1[0-9]|20)\d{2}s?\b")
# A time of day: "10.30am", "6pm to 8pm", "at 19:45", "noon", "9 o'clock" (not "10.30 metres").
CLOCK = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|"
                   r"\b(?:noon|midday|midnight|o[’']clock)\b|\b24 hours a day\b|\baround the clock\b", re.I)


@dataclass
class Features:
    cos: float = 0.0
    cos_gap: float = 0.0
    lex: float = 0.0
    lex_gap: float = 0.0
    lex_ctx: float = 0.0
    para_lex: float = 0.0
    section_lex: float = 0.0
    dense_rr: float = 0.0
    bm25_rr: float = 0.0
    fused_rr: float = 0.0
    type_match: float = 0.0
    date_precision: float = 0.0
    new_ents: float = 0.0
    restate: float = 0.0
    after_best: float = 0.0
    anchor_missing: float = 0.0
    words: float = 0.0
    first: float = 0.0
    fragment: float = 0.0
    heading: float = 0.0
    item: float = 0.0
    enum: float = 0.0
    has_type: float = 0.0
    t_date: float = 0.0
    t_number: float = 0.0
    t_person: float = 0.0
    t_place: float = 0.0
    t_org: float = 0.0
    t_list: float = 0.0
    t_reason: float = 0.0
    t_description: float = 0.0
    typed: float = 0.0
    clause: float = 0.0
    focus: float = 0.0
    anchors: float = 0.0
    swapped: float = 0.0

    def get(self, name: str) -> float:
        return getattr(self, name)

    def items(self):
        return asdict(self).items()


FEATURES = tuple(f.name for f in fields(Features))


@dataclass
class Candidate:
    passage: int                 # index into the passages (the one cited)
    bundle: ArticleBundle
    idx: int                     # the sentence's index in its article
    f: Features = field(default_factory=Features)
    p: float = 0.0               # the scorer's probability that it answers the question
    binding: object = None       # rag.decide.binding.Binding, once bound

    @property
    def sentence(self):
        return self.bundle.sentences[self.idx]

    @property
    def text(self) -> str:
        return self.bundle.sentence_text(self.idx)

    @property
    def key(self) -> tuple[str, int]:
        return (self.bundle.sha, self.idx)

    def vector(self, names=FEATURES) -> np.ndarray:
        return np.array([self.f.get(n) for n in names], dtype=np.float64)


def date_precision(text: str) -> str:
    """The finest date precision a text states: day, month, year or ""."""
    if _DAYDATE.search(text):
        return "day"
    if _MONTH.search(text) and _YEAR.search(text):
        return "month"
    return "year" if _YEAR.search(text) else ""


_PRECISION = {"": 0, "year": 1, "month": 2, "day": 3}
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.I)


def calendar_date(span: str) -> bool:
    """The span names a point on the calendar (a year, a month, a weekday), not a length of
    time ("11 days", "150 years")."""
    return bool(_YEAR.search(span) or _MONTH.search(span) or _WEEKDAY.search(span))


def as_precise_as(span: str, asked: str) -> bool:
    """A date span (not a whole sentence) says as much as a question asking for a day or a
    month wants: "December" is no date for "On what date is the meeting?", "Tuesday 6
    February" and "every Saturday" are; for a month, "in 2025" is not; for a time of day, only a
    clock time ("until 10pm"). Other precisions pass."""
    if asked == "day":
        return bool(_DAYDATE.search(span) or _WEEKDAY.search(span))
    if asked == "month":
        return bool(_MONTH.search(span) or _DAYDATE.search(span))
    if asked == "time":
        return bool(CLOCK.search(span))
    return True


def gather(passages: list[Passage], bundles: Bundles) -> list[Candidate]:
    """Every sentence of the passages once, cited by the first (best-ranked) passage holding it;
    not an interviewer's statement ("SQ: A former senior midwife wrote this week that the journey
    takes two hours."), which frames a question, while the question itself stays a heading."""
    seen, out = set(), []
    for pi, p in enumerate(passages):
        b = bundles.get(p.source, p.article_sha) if p.article_sha else None
        if b is None:
            continue
        for i in b.within(p.start, p.end):
            if b.asked_by_interviewer(i) and b.sentences[i].kind != "heading":
                continue
            if (b.sha, i) not in seen:
                seen.add((b.sha, i))
                out.append(Candidate(pi, b, i))
    return out


def share(stems, weights: dict[str, float]) -> float:
    """IDF-weighted share of the weighted stems found in `stems`."""
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in stems) / total if total else 0.0


def _in_question(entity_text: str, q: Question) -> bool:
    low = entity_text.lower()
    return low in q.text.lower() or any(low in a.lower() or a.lower() in low for a, _ in q.anchors)


def _type_match(q: Question, c: Candidate, text: str) -> float:
    if q.type in LABELS:
        ok = [t for s, e, t in c.sentence.entities if t in q.labels
              and not _in_question(c.bundle.text[s:e], q)]
        if q.type == "number" and not ok:  # digits spaCy did not tag, outside dates ("14 March 2021")
            dates = [(s - c.sentence.start, e - c.sentence.start) for s, e, t in c.sentence.entities
                     if t in ("DATE", "TIME")]
            ok = [m.group() for m in re.finditer(r"\b\d[\d,.]*\b", text) if m.group() not in q.text
                  and not _YEAR.fullmatch(m.group()) and not any(a <= m.start() < b for a, b in dates)]
        return 1.0 if ok else 0.0
    if q.type == "reason":
        return 1.0 if REASON_CUE.search(text) else 0.0
    if q.type == "list":
        return 1.0 if c.sentence.kind in ("item", "heading", "enum") or text.count(",") >= 2 else 0.0
    return 0.0


def context_stems(c: Candidate) -> set:
    """The sentence's stems with its neighbours' in the same paragraph."""
    b, i = c.bundle, c.idx
    para = b.sentences[i].para
    out = set(b.stem_sets[i])
    for j in (i - 1, i + 1):
        if 0 <= j < len(b.sentences) and b.sentences[j].para == para:
            out |= b.stem_sets[j]
    return out


def missing_anchors(anchors, b: ArticleBundle, i: int) -> list:
    """The anchors (text, label) whose words are not in sentence i or its neighbours."""
    window = word_key(b.window(i))
    return [(t, label) for t, label in anchors if word_key(t).strip() and word_key(t) not in window]


def featurize(q: Question, cands: list[Candidate], passages: list[Passage], weights: dict[str, float],
              qvec: np.ndarray) -> None:
    """Fill each candidate's features in place; `weights` are the IDF weights of q's focus."""
    if not cands:
        return
    qstems = set(q.stems)
    cos = np.array([float(c.bundle.vectors[c.idx] @ qvec) for c in cands])
    for c, cs in zip(cands, cos):
        s, text, p = c.sentence, c.text, passages[c.passage]
        stems = c.bundle.stem_sets[c.idx]
        para = c.bundle.para_stems[s.para]
        heads = set(content_stems(" ".join(c.bundle.outline.path(s.section)))) if s.section >= 0 else set()
        prec = date_precision(text)
        c.f = Features(
            cos=float(cs), lex=share(stems, weights), lex_ctx=share(context_stems(c), weights),
            para_lex=share(para, weights), section_lex=share(heads, weights),
            dense_rr=1 / (1 + p.dense_rank) if p.dense_rank is not None else 0.0,
            bm25_rr=1 / (1 + p.bm25_rank) if p.bm25_rank is not None else 0.0,
            fused_rr=1 / (1 + p.fused_rank), type_match=_type_match(q, c, text),
            date_precision=float(q.type == "date" and (bool(CLOCK.search(text)) if q.precision == "time"
                                                       else _PRECISION[prec] >= _PRECISION[q.precision or "year"])),
            new_ents=math.log1p(sum(not _in_question(c.bundle.text[a:b], q) for a, b, _ in s.entities)),
            restate=len(stems & qstems) / len(stems) if stems else 0.0,
            anchor_missing=len(missing_anchors(q.anchors, c.bundle, c.idx)) / len(q.anchors) if q.anchors else 0.0,
            words=math.log1p(len(text.split())),
            first=float(c.idx == 0 or c.bundle.sentences[c.idx - 1].para != s.para),
            fragment=float(s.kind != "heading" and (text[:1].islower() or not ENDS_SENTENCE.search(text))),
            heading=float(s.kind == "heading"), item=float(s.kind == "item"), enum=float(s.kind == "enum"),
            has_type=float(q.type in LABELS), **{f"t_{t}": float(q.type == t) for t in QTYPES})
    best_cos, best_lex = float(cos.max()), max(c.f.lex for c in cands)
    top = cands[int(cos.argmax())]
    for c in cands:
        c.f.cos_gap = c.f.cos - best_cos
        c.f.lex_gap = c.f.lex - best_lex
        c.f.after_best = float(c.bundle.sha == top.bundle.sha and c.idx == top.idx + 1
                               and c.sentence.para == top.sentence.para)
