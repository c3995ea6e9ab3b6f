"""Judges for the headline numbers, independent of what the answer pipeline optimises.

* Key facts (`key_facts_found`): the dev set's facts matched as whole words, each fact a
  list of alternatives ("Türkiye|Turkey"). Decides key-fact recall and CRAG truthfulness.
* `lexical` — a lexical-entailment proxy with its own tokenizer (not `rag`'s, not FTS5's): a
  sentence is supported by passages when most of its content words occur in them and every
  number and every capitalised name in it does too. A verbatim quote passes, and so does a
  faithful paraphrase that keeps its names and numbers; a sentence that adds a date, an
  amount or an actor the passages lack fails. Decides citation recall/precision and
  faithfulness. Its threshold was set with `python -m eval calibrate` on `dev:tune`.
* `verbatim` — the sentence occurs in one passage. Exact, strict.
* `llm` — a yes/no verdict from the OpenAI-compatible endpoint in RAG_LLM_BASE_URL, for
  runs that have one.

None of them calls `rag.evidence`: the guard's own support check would pass the guard's
own output by construction. Every report names the judge it used.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Protocol, Sequence

LEXICAL_THRESHOLD = 0.6  # share of content words; see `python -m eval calibrate` (dev:tune only)

_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it
its this that these those there their they them he she his her we our you your i not no so than then which
who whom whose what when where why how also has have had do does did can could would should will may might
into over under about after before between through during while such other more most very just only however
yet thus therefore moreover meanwhile instead still both each""".split())
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)   # "Mackinder’s" -> "Mackinder", "s"


def fold(text: str) -> str:
    """Lower case, accents and typographic quotes/dashes folded: "Türkiye’s" -> "turkiye's"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").lower()


def key_facts_found(answer: str, facts: Sequence[str]) -> list[str]:
    """The facts (each "alt1|alt2") of which some alternative occurs in the answer as whole words."""
    text = " " + " ".join(_TOKEN.findall(fold(answer))) + " "
    found = []
    for fact in facts:
        for alt in fact.split("|"):
            words = _TOKEN.findall(fold(alt))
            if words and f" {' '.join(words)} " in text:
                found.append(fact)
                break
    return found


def _stem(w: str) -> str:
    for suf in ("ies", "es", "s", "ed", "ing"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def _content(text: str) -> list[str]:
    return [_stem(w) for w in _TOKEN.findall(fold(text)) if w not in _STOP]


def _anchors(text: str) -> set[str]:
    """Numbers and capitalised words (names, and the first word unless a function word):
    what a sentence must not invent."""
    words = _TOKEN.findall(text)
    out = {fold(w) for w in words if any(c.isdigit() for c in w)}
    out |= {_stem(fold(w)) for w in words if w[:1].isupper() and fold(w) not in _STOP}
    return out


def entailment(sentence: str, passages: Sequence[str]) -> float:
    """Share of the sentence's content words found in the passages; 0 if it invents a number or name."""
    words = _content(sentence)
    if not words:
        return 0.0
    have = set(_content(" ".join(passages)))
    if not _anchors(sentence) <= have | {fold(w) for w in _TOKEN.findall(" ".join(passages))}:
        return 0.0
    return sum(w in have for w in words) / len(words)


class Judge(Protocol):
    name: str

    def supports(self, sentence: str, passages: Sequence[str]) -> bool: ...


def _norm(s: str) -> str:
    return " ".join(s.split())


class VerbatimJudge:
    name = "verbatim"

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        s = _norm(sentence)
        return bool(s) and any(s in _norm(p) for p in passages)


class LexicalJudge:
    def __init__(self, threshold: float = LEXICAL_THRESHOLD):
        self.threshold = threshold
        self.name = f"lexical@{threshold:g}"

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        if VerbatimJudge().supports(sentence, passages):
            return True
        return bool(passages) and entailment(sentence, passages) >= self.threshold


class LLMJudge:
    name = "llm"

    PROMPT = ("Passages:\n{passages}\n\nSentence: {sentence}\n\nIs every claim in the sentence stated or "
              "directly implied by the passages? Answer yes or no.")

    def __init__(self, chat):
        self.chat = chat

    def supports(self, sentence: str, passages: Sequence[str]) -> bool:
        if not passages:
            return False
        reply = self.chat.invoke(self.PROMPT.format(passages="\n---\n".join(passages), sentence=sentence)).content
        return bool(re.match(r"\s*yes\b", str(reply), re.I))


JUDGES = ("lexical", "verbatim", "llm")


def make_judge(name: str, settings=None) -> Judge:
    if name == "verbatim":
        return VerbatimJudge()
    if name == "lexical":
        return LexicalJudge()
    if name == "llm":
        from langchain_openai import ChatOpenAI
        if settings is None or not settings.llm_base_url:
            raise ValueError("The llm judge needs RAG_LLM_BASE_URL (an OpenAI-compatible endpoint).")
        return LLMJudge(ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model or "default",
                                   api_key=settings.llm_api_key or "not-needed", temperature=0,
                                   timeout=settings.llm_timeout, max_retries=0, max_tokens=3))
    raise ValueError(f"unknown judge {name!r}: use {', '.join(JUDGES)}")
