"""The conversation's thread: what each turn was about, and what a follow-up refers to.

Every `Answer` carries a `context` — its intent, the articles it was scoped to, and its
subject (the article summarised, the topic compared across articles, the question asked).
Callers hand the conversation back as `history`; `resolve()` reads the last context there
to understand "and the second one?", "what about Armenia?" or "shorter" after a summary,
and keeps a turn's scope for the follow-ups that lean on it. A history message may be a
dict (`{"role": "assistant", "content": ..., "context": {...}}`) or an `Answer`. Leaves
out rewriting content follow-ups into standalone questions (condense.py).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .condense import needs_context
from .intent import Intent, classify
from .scope import named_article
from .types import Answer

SUMMARY_STEP = 2      # "shorter" / "longer" moves a summary by two sentences
_ONLY_REFERENCE = re.compile(r"^(and |what about |how about |now )?(the )?(\w+ )?(one|article|piece)?\s*(\d+)?\s*[?.!]*$", re.I)
_WHAT_ABOUT = re.compile(r"^(and |but )?(what|how) about (.+?)[?.!]*$", re.I)


@dataclass(frozen=True)
class Context:
    intent: str
    articles: tuple[str, ...] = ()     # the scope the turn answered within (empty: all articles)
    subject: str = ""                  # summary: the article; per_article: the topic; question: the question
    length: int = 0                    # summary: how many sentences per article

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Context":
        return cls(d.get("intent", "question"), tuple(d.get("articles", ())), d.get("subject", ""), d.get("length", 0))


@dataclass(frozen=True)
class Turn:
    """What to do with a message: the intent, the scope, and the question or topic to use."""
    intent: Intent
    articles: tuple[str, ...]
    subject: str
    length: int = 0


def last_context(history) -> Context | None:
    for m in reversed(list(history or [])):
        if isinstance(m, Answer):
            return Context.from_dict(m.context) if m.context else None
        if isinstance(m, dict) and m.get("role") == "assistant" and m.get("context"):
            return Context.from_dict(m["context"])
    return None


def resolve(message: str, history, articles, scope: tuple[str, ...] = ()) -> Turn:
    """The turn a message asks for, given the conversation so far and a scope the caller set."""
    intent = classify(message)
    prev = last_context(history)
    named = named_article(message, articles)
    if intent.kind == "summary" and intent.detail in ("shorter", "longer") and prev and prev.intent == "summary":
        step = -SUMMARY_STEP if intent.detail == "shorter" else SUMMARY_STEP
        return Turn(intent, prev.articles, prev.subject, max(1, (prev.length or 3) + step))
    if prev and prev.intent in ("summary", "collection") and named and _ONLY_REFERENCE.match(message):
        # "and the second one?" after a summary: the same, for that article
        return Turn(Intent(prev.intent, "" if prev.intent == "summary" else "list"), (named,), named)
    what_about = _WHAT_ABOUT.match(message)
    if prev and prev.intent == "per_article" and what_about and intent.kind == "question":
        return Turn(Intent("per_article", topic=what_about.group(3)), prev.articles, what_about.group(3))
    if named:
        scope = scope or (named,)
    elif prev and prev.articles and needs_context(message) and intent.kind == "question":
        scope = scope or prev.articles  # a follow-up stays where the conversation was
    if intent.kind == "summary":
        return Turn(intent, scope, named or (scope[0] if len(scope) == 1 else ""))
    if intent.kind == "per_article":
        return Turn(intent, scope, intent.topic or message)
    return Turn(intent, scope, message)
