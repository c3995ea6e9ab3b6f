"""Understanding one message, in one place, into one typed value: `Message`.

`understand()` reads the message with the conversation so far and the scope a caller set,
and decides everything later steps and the trace need: the intent (question, summary,
per-article, collection, small talk), the articles it is scoped to, its subject, the
standalone question (follow-ups resolved), and the question's analysis (answer type,
focus, anchors). The previous turn is read back from the `context` every `Answer` carries
(`Message.context()` writes it), so "and the second one?", "what about Armenia?" or
"shorter" after a summary resolve. Leaves out retrieval and everything after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..types import ContextDict
from .history import condense, last_context, needs_context
from .intent import Intent, classify, speaks_of_articles
from .question import Question, analyze
from .references import named_article

# "shorter" / "longer" moves a summary by two sentences: one sentence is hardly felt in a
# five-sentence summary, three halves a short one.
SUMMARY_STEP = 2
DEFAULT_SUMMARY = 3   # what "shorter" starts from when the previous summary's length is unknown
_ONLY_REFERENCE = re.compile(r"^(and |what about |how about |now )?(the )?(\w+ )?(one|article|piece)?\s*(\d+)?\s*[?.!]*$", re.I)
_WHAT_ABOUT = re.compile(r"^(and |but )?(what|how) about (.+?)[?.!]*$", re.I)


@dataclass(frozen=True)
class Message:
    """A message as understood: what to do, within which articles, about what."""
    text: str
    intent: Intent
    articles: tuple[str, ...] = ()     # the scope (empty: all articles)
    subject: str = ""                  # summary: the article; per_article: the topic; question: the question
    length: int = 0                    # summary: sentences per article
    standalone: str = ""               # the question with follow-ups resolved
    question: Question | None = None   # the analysis of the question or topic (question, per_article)

    @property
    def kind(self) -> str:
        return self.intent.kind

    def context(self) -> ContextDict:
        """What the turn was about, for the next turn's `history`."""
        subject = self.standalone if self.kind == "question" else self.subject
        return {"intent": self.kind, "articles": list(self.articles), "subject": subject, "length": self.length}


def _previous(history) -> Message | None:
    d = last_context(history)
    if not d:
        return None
    return Message("", Intent(d.get("intent", "question")), tuple(d.get("articles", ())), d.get("subject", ""),
                   d.get("length", 0))


def _resolve(text: str, history, catalog, scope: tuple[str, ...]) -> Message:
    """The intent, scope and subject of a message, given the conversation and a caller's scope."""
    intent = classify(text)
    prev = _previous(history)
    named = named_article(text, catalog)
    if intent.kind == "summary" and intent.detail in ("shorter", "longer") and prev and prev.kind == "summary":
        step = -SUMMARY_STEP if intent.detail == "shorter" else SUMMARY_STEP
        return Message(text, intent, prev.articles, prev.subject, max(1, (prev.length or DEFAULT_SUMMARY) + step))
    if prev and prev.kind in ("summary", "collection") and named and _ONLY_REFERENCE.match(text):
        # "and the second one?" after a summary: the same, for that article
        return Message(text, Intent(prev.kind, "" if prev.kind == "summary" else "list"), (named,), named)
    what_about = _WHAT_ABOUT.match(text)
    if prev and prev.kind == "per_article" and what_about and intent.kind == "question":
        return Message(text, Intent("per_article", topic=what_about.group(3)), prev.articles, what_about.group(3))
    if named:
        scope = scope or (named,)
    elif prev and prev.articles and needs_context(text) and intent.kind == "question":
        scope = scope or prev.articles  # a follow-up stays where the conversation was
    if intent.kind == "summary":
        return Message(text, intent, scope, named or (scope[0] if len(scope) == 1 else ""))
    if intent.kind == "per_article":
        return Message(text, intent, scope, intent.topic or text)
    return Message(text, intent, scope, text)


def understand(text: str, history=None, catalog=(), scope: tuple[str, ...] = (),
               rewrite: Callable[[str, object], str] | None = None) -> Message:
    """The one typed reading of a message. `catalog`: the indexed articles (id, title, site,
    byline); `rewrite`: an LLM's standalone rewrite of a follow-up, used when it is needed and
    answers (the deterministic form stands otherwise)."""
    m = _resolve(text, history, catalog, tuple(scope))
    if m.kind == "question":
        standalone = condense(text, history)
        if rewrite is not None and standalone != text:
            standalone = rewrite(text, history) or standalone
        q = analyze(standalone, across_articles=speaks_of_articles(standalone))
        return Message(m.text, m.intent, m.articles, m.subject, m.length, standalone, q)
    if m.kind == "per_article":
        return Message(m.text, m.intent, m.articles, m.subject, m.length, text,
                       analyze(m.subject, across_articles=speaks_of_articles(m.subject)))
    return Message(m.text, m.intent, m.articles, m.subject, m.length, text)
