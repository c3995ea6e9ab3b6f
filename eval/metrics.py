"""Grounding metrics. Each takes one question's answer (and gold) and returns a `Score`:
a value in [0, 1] (or [-1, 1] for truthfulness) with a reason, or value None when the
metric does not apply, with the rule that made it not apply.

Rules for empty input, written once here:
* no gold passages (unanswerable, boilerplate) -> retrieval metrics and key-fact recall are None;
* an abstention has no sentences -> citation recall/precision and faithfulness are None;
* an answer with sentences but no citations -> citation recall 0, precision None (nothing to judge).

Aggregates over a set (abstention precision/recall, latency percentiles) live in runner.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .judge import key_facts_found
from .squad import normalize


@dataclass(frozen=True)
class Score:
    value: float | None
    reason: str


@dataclass(frozen=True)
class Span:
    source: str
    start: int
    end: int
    text: str = ""


def _overlaps(a: Span, b: Span) -> bool:
    """Same article and the retrieved span covers at least half of the gold span."""
    if a.source != b.source:
        return False
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter >= 0.5 * max(b.end - b.start, 1)


def recall_at_k(retrieved: Sequence[Span], gold: Sequence[Span], k: int = 5) -> Score:
    if not gold:
        return Score(None, "no gold passages: retrieval recall does not apply")
    top = list(retrieved)[:k]
    found = [g for g in gold if any(_overlaps(r, g) for r in top)]
    missing = [g.text[:50] for g in gold if g not in found]
    return Score(len(found) / len(gold), f"{len(found)}/{len(gold)} gold passages in top {k}"
                 + (f"; missing: {missing}" if missing else ""))


def mrr(retrieved: Sequence[Span], gold: Sequence[Span]) -> Score:
    if not gold:
        return Score(None, "no gold passages: MRR does not apply")
    for i, r in enumerate(retrieved, 1):
        if any(_overlaps(r, g) for g in gold):
            return Score(1.0 / i, f"first gold passage at rank {i}")
    return Score(0.0, "no gold passage retrieved")


# The judge's own sentence splitter (it must not share the product's): a sentence ends at
# . ! ? or … (with closing quotes) before a space and a capital letter, a digit or an opening quote.
_JUDGE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")


def judge_sentences(text: str) -> list[str]:
    return [x.strip() for x in _JUDGE_END.split(text) if x.strip()]


def claims(answer) -> list[tuple[str, list[int]]]:
    """(sentence, its citation numbers) for every sentence the reply states, read from its
    typed blocks (never parsed from its text), each split again by the judge's splitter.
    Notices are our framing, not statements of the articles' content, and are not judged."""
    out = []
    for b in answer.blocks:
        for x in b.walk():
            if x.kind == "notice":
                continue
            for s in x.sentences:
                out += [(piece, list(s.citations)) for piece in judge_sentences(s.text)]
    return out


def citation_recall(sents: list[tuple[str, list[int]]], citations: Sequence[str], judge,
                    abstained: bool = False) -> Score:
    """ALCE: share of sentences whose cited passages, together, support them."""
    if abstained:
        return Score(None, "abstained: no sentences to check")
    if not sents:
        return Score(None, "empty answer")
    ok, bad = 0, []
    for s, nums in sents:
        cited = [citations[n - 1] for n in nums if 1 <= n <= len(citations)]
        if cited and judge.supports(s, cited):
            ok += 1
        else:
            bad.append(s[:60])
    return Score(ok / len(sents), f"{ok}/{len(sents)} sentences supported by their citations"
                 + (f"; unsupported: {bad}" if bad else ""))


def citation_precision(sents: list[tuple[str, list[int]]], citations: Sequence[str], judge,
                       abstained: bool = False) -> Score:
    """ALCE: a citation is irrelevant when it alone does not support its sentence and the
    sentence's other citations support it without it."""
    if abstained:
        return Score(None, "abstained: no citations to check")
    total = relevant = 0
    bad = []
    for s, nums in sents:
        nums = [n for n in dict.fromkeys(nums) if 1 <= n <= len(citations)]
        joint = bool(nums) and judge.supports(s, [citations[n - 1] for n in nums])
        for n in nums:
            total += 1
            rest = [citations[m - 1] for m in nums if m != n]
            if joint and (judge.supports(s, [citations[n - 1]]) or not (rest and judge.supports(s, rest))):
                relevant += 1
            else:
                bad.append(f"[{n}] for: {s[:50]}")
    if total == 0:
        return Score(None, "no citations in the answer")
    return Score(relevant / total, f"{relevant}/{total} citations relevant" + (f"; irrelevant: {bad}" if bad else ""))


def faithfulness(sents: list[tuple[str, list[int]]], context: Sequence[str], judge, abstained: bool = False) -> Score:
    """RAGAS-style: share of answer sentences supported by the passages given as context."""
    if abstained:
        return Score(None, "abstained: nothing to be faithful about")
    if not sents:
        return Score(None, "empty answer")
    ok = sum(1 for s, _ in sents if judge.supports(s, list(context)))
    return Score(ok / len(sents), f"{ok}/{len(sents)} sentences supported by the retrieved passages")


def key_fact_recall(answer_text: str, key_facts: Sequence[str], abstained: bool = False) -> Score:
    """Share of key facts (whole words; "a|b" lists alternatives) found in the answer."""
    if not key_facts:
        return Score(None, "no key facts: the question is not answerable from the articles")
    if abstained:
        return Score(0.0, "abstained on an answerable question")
    have = key_facts_found(answer_text, key_facts)
    miss = [f for f in key_facts if f not in have]
    return Score(len(have) / len(key_facts), f"{len(have)}/{len(key_facts)} key facts"
                 + (f"; missing {miss}" if miss else ""))


def answer_hit(answer_text: str, gold_answers: Sequence[str], abstained: bool) -> Score:
    """SQuAD: some gold answer, normalised, is contained in the normalised answer."""
    if not gold_answers:
        return Score(None, "unanswerable: no gold answer")
    if abstained:
        return Score(0.0, "abstained on an answerable question")
    text = normalize(re.sub(r"\[\d+\]", " ", answer_text))
    # Whole words, but "Robert Koch's" (normalised "robert kochs") holds "Robert Koch".
    hit = [g for g in gold_answers if normalize(g) and re.search(rf"(?<!\w){re.escape(normalize(g))}s?(?!\w)", text)]
    return Score(1.0 if hit else 0.0, f"gold {hit[0]!r} in the answer" if hit else f"none of {list(dict.fromkeys(gold_answers))[:3]} in the answer")


def citation_hit(citations: Sequence[Span], gold: Sequence[Span], abstained: bool) -> Score:
    """SQuAD: some citation's passage contains the sentence holding a gold answer's offset."""
    if not gold:
        return Score(None, "unanswerable or paragraph not indexed")
    if abstained:
        return Score(0.0, "abstained on an answerable question")
    ok = any(c.source == g.source and c.start <= g.start and g.end <= c.end for c in citations for g in gold)
    return Score(1.0 if ok else 0.0, "a citation holds the gold answer" if ok else "no citation holds the gold answer")


def answer_words(answer_text: str, abstained: bool) -> Score:
    if abstained:
        return Score(None, "abstained")
    return Score(float(len(re.sub(r"\[\d+\]", "", answer_text).split())), "words in the answer")


def truthfulness(answerable: bool, abstained: bool, key_facts: Score) -> Score:
    """CRAG: correct +1, missing 0, wrong -1.

    Unanswerable: abstaining is correct (+1), answering is a hallucination (-1).
    Answerable: abstaining is missing (0); all key facts present (or, for SQuAD, the gold
    answer) is correct (+1); an answer with none of them is wrong (-1); some counts as missing (0).
    """
    if not answerable:
        return Score(1.0, "correctly abstained") if abstained else Score(-1.0, "answered an unanswerable question")
    if abstained:
        return Score(0.0, "missing: abstained")
    v = key_facts.value or 0.0
    if v >= 1.0:
        return Score(1.0, "correct: all key facts")
    if v == 0.0:
        return Score(-1.0, "wrong: answered without any key fact")
    return Score(0.0, "partial: some key facts missing")


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    i = (len(v) - 1) * q
    lo, hi = int(i), min(int(i) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (i - lo)
