"""The extractive generator: an answer composed of the passages' own sentences, no LLM.

Each candidate sentence is scored by cosine similarity to the question and IDF-weighted
overlap of the question's content words. The best sentences are taken (near-duplicates
and fragments skipped), one per question part first when the question has several parts,
then grouped by passage in reading order, each followed by its [n]. Because every
sentence is quoted verbatim, its citation supports it by construction, which the grounding
guard still checks. Leaves out paraphrasing: that is what the LLM backends are for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .evidence import Evidence, Sentence, content_words
from .types import Passage

_ANAPHORA = re.compile(r"^(this|that|these|those|it|its|they|their|such|he|she|but|however|yet)\b", re.I)
_SPLIT_PARTS = re.compile(r"\?\s+|;\s+|,?\s+and\s+(?=(?:what|when|who|why|how|where|which|did|does|is|are|was|were)\b)", re.I)
W_COS, W_LEX = 0.6, 0.4
_EXPLAIN_Q = re.compile(r"^\s*(why|how come)\b|\b(aim|purpose|goal|reason|motive)\b", re.I)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Could)"
# What a question asks for, and what a sentence that answers it contains.
ANSWER_TYPES = [
    (re.compile(r"^\s*(when|what year|in what year|on what date|since when|until when)\b", re.I),
     re.compile(r"\b(1[89]|20)\d{2}\b|\b" + _MONTHS + r"\b")),
    (re.compile(r"\b(how many|how much|population|how long|what percentage)\b", re.I),
     re.compile(r"\d|\b(million|billion|thousand|hundred|dozen)\b", re.I)),
    (re.compile(r"^\s*(who|whom)\b", re.I), re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+")),
    (re.compile(r"^\s*why\b", re.I),
     re.compile(r"\b(because|due to|in response to|as a result|owing to|since|driven by|reason|so that)\b", re.I)),
]


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float
    cos: float
    lex: float


def _bigrams(text: str) -> set:
    ws = [w.lower() for w in re.findall(r"\w+", text)]
    return set(zip(ws, ws[1:]))


def question_parts(question: str) -> list[str]:
    parts = [p.strip(" ?") for p in _SPLIT_PARTS.split(question) if p and len(p.split()) >= 3]
    return parts if len(parts) > 1 else [question]


def is_fragment(text: str) -> bool:
    """Headings, captions and broken-off pieces don't read as an answer."""
    words = text.split()
    return len(words) < 6 or text.rstrip()[-1:] not in ".!?\"”’)…"


class Extractive:
    name = "extractive"

    def __init__(self, evidence: Evidence, max_sentences: int = 3, max_words: int = 120):
        self.ev = evidence
        self.max_sentences = max_sentences
        self.max_words = max_words

    def score(self, question: str, passages: list[Passage]) -> list[Scored]:
        """All candidate sentences, best first."""
        sents, vecs = self.ev.sentences(passages)
        if not sents:
            return []
        q = self.ev.query_vector(question)
        cos = vecs @ q
        words = content_words(question)
        weights = self.ev.weights(words)
        qstems = set(weights)
        want = [ans for qrx, ans in ANSWER_TYPES if qrx.search(question)]
        out = []
        for s, c in zip(sents, cos):
            lex = self.ev.overlap(qstems, s.text, weights)
            sc = W_COS * float(c) + W_LEX * lex - (0.04 if _ANAPHORA.match(s.text) else 0.0)
            if want and all(a.search(s.text) for a in want):
                sc += 0.08
            if is_fragment(s.text):
                sc -= 0.15
            out.append(Scored(s, sc, float(c), lex))
        return sorted(out, key=lambda x: -x.score)

    def select(self, question: str, passages: list[Passage], ranked: list[Scored] | None = None) -> list[Scored]:
        ranked = ranked if ranked is not None else self.score(question, passages)
        ranked = [r for r in ranked if not is_fragment(r.sentence.text)]
        if not ranked:
            return []
        best = ranked[0].score
        chosen: list[Scored] = []

        def take(r: Scored) -> bool:
            bg = _bigrams(r.sentence.text)
            for c in chosen:
                if c.sentence.start == r.sentence.start and c.sentence.passage == r.sentence.passage:
                    return False
                if c.sentence.text == r.sentence.text:
                    return False
                other = _bigrams(c.sentence.text)
                if bg and len(bg & other) / len(bg) >= 0.5:
                    return False
            chosen.append(r)
            return True

        # "Why X?" is often answered by the sentence after the one that restates X.
        if _EXPLAIN_Q.search(question) and ranked[0].lex >= 0.75:
            nxt = self._next_sentence(ranked[0], ranked, passages)
            take(ranked[0])
            if nxt is not None:
                take(nxt)

        parts = question_parts(question)
        if len(parts) > 1:  # first the best sentence for each part of the question
            for part in parts:
                pr = self.score(part, passages)
                pr = [r for r in pr if not is_fragment(r.sentence.text)]
                if pr and pr[0].cos >= 0.3:
                    take(pr[0])
        for r in ranked:
            if len(chosen) >= self.max_sentences + (len(parts) - 1):
                break
            if r.score < 0.8 * best:
                break
            if sum(len(c.sentence.text.split()) for c in chosen) + len(r.sentence.text.split()) > self.max_words and chosen:
                break
            take(r)
        return chosen

    @staticmethod
    def _next_sentence(r: Scored, ranked: list[Scored], passages: list[Passage]) -> Scored | None:
        p = passages[r.sentence.passage]
        after = [x for x in ranked if x.sentence.passage == r.sentence.passage and x.sentence.start >= r.sentence.end]
        if not after:
            return None
        nxt = min(after, key=lambda x: x.sentence.start)
        gap = p.text[r.sentence.end - p.start:nxt.sentence.start - p.start]
        return nxt if "\n\n" not in gap and not is_fragment(nxt.sentence.text) else None

    def generate(self, question: str, passages: list[Passage], ranked: list[Scored] | None = None) -> str:
        """Text whose [n] markers number `passages` from 1."""
        chosen = self.select(question, passages, ranked)
        # Group by passage (in order of each passage's best sentence), then reading order.
        first = {}
        for c in chosen:
            first.setdefault(c.sentence.passage, len(first))
        chosen.sort(key=lambda c: (first[c.sentence.passage], c.sentence.start))
        return " ".join(f"{' '.join(c.sentence.text.split())} [{c.sentence.passage + 1}]" for c in chosen)
