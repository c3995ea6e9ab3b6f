"""Reading a conversation's history: the user's earlier turns, what the last answer was
about, and a deterministic standalone form of a follow-up question.

A history message may be a dict (`{"role": "user"|"assistant", "content": ..., "context":
{...}}`, content a string or Gradio's list of parts), a legacy `(user, bot)` pair, or an
`Answer`. Without an LLM, a question that leans on the conversation (a pronoun, or almost
no content words of its own) carries the previous user turn's content words along: "When
did they withdraw?" after a question about Russian peacekeepers becomes "When did they
withdraw? (Russian peacekeepers Karabakh)". Leaves out coreference resolution proper
(retrieval only needs the subject's words) and the LLM's rewrite (rag.write.llm).
"""
from __future__ import annotations

import re

from index.text import content_words

from ..types import Answer, ContextDict

_PRONOUNS = {"they", "them", "their", "theirs", "it", "its", "he", "him", "his", "she", "her",
             "this", "that", "these", "those", "there", "then", "such", "both", "former", "latter"}
_LEADS = re.compile(r"^(and|but|so|also|what about|how about|why|why not|when|since when)\b", re.I)
# The subject of a follow-up is looked for this many user turns back, at most.
SUBJECT_TURNS = 3


def message_text(content) -> str:
    """The text of a chat message content (a string, or a list of parts as Gradio sends it)."""
    if isinstance(content, str):
        return content
    if isinstance(content, (list, tuple)):
        return " ".join(message_text(c) for c in content)
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    return str(content or "")


def user_turns(history) -> list[str]:
    turns = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") == "user":
            turns.append(message_text(m.get("content")).strip())
        elif isinstance(m, (list, tuple)) and len(m) == 2 and m[0]:  # legacy (user, bot) pairs
            turns.append(message_text(m[0]).strip())
    return [t for t in turns if t]


def last_context(history) -> ContextDict | None:
    """What the latest answer in the history was about, if it says."""
    for m in reversed(list(history or [])):
        if isinstance(m, Answer):
            return m.context or None
        if isinstance(m, dict) and m.get("role") == "assistant" and m.get("context"):
            return m["context"]
    return None


def needs_context(question: str) -> bool:
    words = re.findall(r"[^\W_]+", question.lower())
    own = content_words(question)
    return bool(_PRONOUNS.intersection(words)) or len(own) <= 1 or bool(_LEADS.match(question) and len(own) <= 2)


def condense(question: str, history=None) -> str:
    """Deterministic standalone question."""
    turns = user_turns(history)
    if not turns or not needs_context(question):
        return question
    # The subject may itself come from an earlier follow-up: walk back until a turn that stands alone.
    subject: list[str] = []
    for prev in reversed(turns[-SUBJECT_TURNS:]):
        subject = [w for w in content_words(prev) if w.lower() not in _PRONOUNS] + subject
        if not needs_context(prev):
            break
    own = {w.lower() for w in content_words(question)}
    extra = list(dict.fromkeys(w for w in subject if w.lower() not in own))
    return f"{question} ({' '.join(extra)})" if extra else question
