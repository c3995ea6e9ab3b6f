"""Understanding one message, in one place, into one typed value: `Message`.

`understand()` reads the message with the conversation so far and the scope a caller set,
and decides everything later steps and the trace need: the intent (question, summary,
per-article, collection, small talk), the articles it is scoped to, its subject (subject.py), the
standalone question (follow-ups resolved), and the question's analysis (answer type,
focus, anchors). The previous turn is read back from the `context` every `Answer` carries
(`Message.context()` writes it), so "and the second one?", "what about Armenia?" or
"shorter" after a summary resolve. Leaves out retrieval and everything after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from index.text import content_stems

from ..types import ContextDict
from .history import condense, last_context, needs_context
from .intent import Intent, classify, speaks_of_articles, topic_of
from .question import Question, analyze
from .by_name import WRITING
from .catalog import Catalog, Reference
from .references import NAMES, references
from .subject import ASKED, LEAVING_OUT, OF_EACH, asked_of_each, subject_of, without_references

# "shorter" / "longer" moves a summary by two sentences: one sentence is hardly felt in a
# five-sentence summary, three halves a short one.
SUMMARY_STEP = 2
DEFAULT_SUMMARY = 3   # what "shorter" starts from when the previous summary's length is unknown
_ONLY_REFERENCE = re.compile(r"^(and |what about |how about |now )?(the )?(\w+ )?(one|article|piece)?\s*(\d+)?\s*[?.!]*$", re.I)
# A reference this sure scopes the message; a vaguer one (a description that fits two articles
# almost equally, a site two articles share) is only shown in the trace.
REFERENCE_CONFIDENCE = NAMES
# ... the article saying it: "what does he say about X" asks what a person says (a question)
_ABOUT_ARTICLE = re.compile(r"\bwhat (?:does|did|do) (?!(?:he|she|they|we|you|i)\s).{0,120}?\b(?:say|says|write|writes|argue|argues|report|reports|"
                            r"think|claim|claims|mention|mentions)\b.{0,10}\b(?:about|on|of|regarding)\b|"
                            # ... or an article's (or its author's) take on X: "What's Halla Brekke's take on the KUC?"
                            r"\bwhat(?:'s|’s| is| was| are)\s+.{0,60}?(?:'s|’s)\s+(?:take|view|views|verdict|stance|position|"
                            r"opinion|line)\s+(?:on|of|about|regarding)\b", re.I)
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
    references: tuple[Reference, ...] = ()   # the articles the message names, and how

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


def _pointed_back_at(prev: Message | None, history) -> tuple[str, ...]:
    """What "it" / "that article" can point back at: the previous turn's articles, or, when it
    was not scoped to any, the one article its answer quoted ("Which article lays out the
    scenarios?" answered from one article, then "What challenges does it say ...?")."""
    if prev is None:
        return ()
    if prev.articles:
        return prev.articles
    cited = (last_context(history) or {}).get("cited", [])
    return tuple(cited) if len(cited) == 1 else ()


def _resolve(text: str, history, cat: Catalog, scope: tuple[str, ...], describe) -> Message:
    """The intent, scope and subject of a message, given the conversation and a caller's scope."""
    intent = classify(text)
    prev = _previous(history)
    refs = references(text, cat, _pointed_back_at(prev, history), describe)
    sure = tuple(r for r in refs if r.confidence >= REFERENCE_CONFIDENCE)
    named = sure[0].article if len(sure) == 1 and sure[0].how != "previous" else None
    if intent.kind == "summary" and intent.detail in ("shorter", "longer") and prev and prev.kind == "summary":
        step = -SUMMARY_STEP if intent.detail == "shorter" else SUMMARY_STEP
        return Message(text, intent, prev.articles, prev.subject, max(1, (prev.length or DEFAULT_SUMMARY) + step),
                       references=refs)
    if prev and prev.kind in ("summary", "collection") and named and _ONLY_REFERENCE.match(text):
        # "and the second one?" after a summary: the same, for that article
        return Message(text, Intent(prev.kind, "" if prev.kind == "summary" else "list"), (named,), named,
                       references=refs)
    what_about = _WHAT_ABOUT.match(text)
    if prev and prev.kind in ("per_article", "comparison") and what_about and intent.kind == "question":
        return Message(text, Intent(prev.kind, topic=what_about.group(3)), prev.articles, what_about.group(3),
                       references=refs)
    arts = tuple(dict.fromkeys(r.article for r in sure))
    # "Apart from the first article, which article names X?": the others are asked, not that one
    left_out = {r.article for r in sure if LEAVING_OUT.search(text[:r.start])}
    if left_out and len(left_out) == len(arts):
        arts = tuple(a for a in cat.ids if a not in left_out)
    if arts and intent.kind == "per_article" and intent.detail == "which":
        # "Which of the first and third articles mentions X?": those that do, of the ones named
        return Message(text, intent, scope or arts, intent.topic or subject_of(text, sure), references=refs)
    if len(arts) >= 2 and intent.kind in ("question", "per_article"):
        # Two or more articles named: what each says, side by side, and what differs.
        asked = bool((m := ASKED.match(without_references(text, sure))) and content_stems(m.group(1)))
        return Message(text, Intent("comparison", "asked" if asked else ""), scope or arts, subject_of(text, sure),
                       references=refs)
    if arts and intent.kind == "per_article":
        return Message(text, intent, scope or arts, subject_of(text, sure), references=refs)
    if arts and intent.kind == "question" and _ABOUT_ARTICLE.search(text):
        # "What does the Courier piece say about X?": that article's view of X.
        return Message(text, Intent("per_article", topic=subject_of(text, sure)), scope or arts, subject_of(text, sure),
                       references=refs)
    if arts:
        scope = scope or arts
    elif prev and prev.articles and needs_context(text) and intent.kind == "question":
        scope = scope or prev.articles  # a follow-up stays where the conversation was
    if intent.kind == "summary":
        return Message(text, intent, scope, named or (scope[0] if len(scope) == 1 else ""), references=refs)
    if intent.kind == "per_article":
        # "..., according to each of the articles?": the intent's "of ..." topic is no subject
        topic = intent.topic
        if re.search(r"[?.!]\s", topic):
            # "before the spill, did anyone warn them? what does each article say about that warning":
            # the topic of the sentence put to each article
            asking = [x for x in re.split(r"(?<=[?.!])\s+", text) if OF_EACH.search(x) or re.search(r"\beach\b", x, re.I)]
            topic = re.sub(r"(?i)^(?:that|this|those|these)\s+", "the ", topic_of(asking[-1])) if asking else topic
        topic = "" if OF_EACH.search(topic) or topic.lower() in ("them", "it", "they", "those", "these") else topic
        return Message(text, intent, scope, topic or asked_of_each(text) or text, references=refs)
    return Message(text, intent, scope, text, references=refs)


def understand(text: str, history=None, catalog=(), scope: tuple[str, ...] = (),
               rewrite: Callable[[str, object], str] | None = None,
               describe: Callable[[str], dict[str, float]] | None = None,
               recase: Callable[[str], str] | None = None) -> Message:
    """The one typed reading of a message. `catalog`: a rag.understand.catalog.Catalog, or the indexed
    articles (id, title, byline, date, site); `rewrite`: an LLM's standalone rewrite of a
    follow-up, used when it is needed and answers (the deterministic form stands otherwise);
    `describe`: scores a descriptive phrase against each article (see references.py); `recase`:
    writes the collection's names typed in lower case with their capitals (casing.py), for the
    question's own reading only: which articles a message names is resolved from its words as typed."""
    cat = catalog if isinstance(catalog, Catalog) else Catalog.of(catalog)
    m = _resolve(text, history, cat, tuple(scope), describe)
    if m.kind == "question":
        # an author's name is what is asked about unless the message speaks of their writing
        cut = tuple(r for r in m.references if r.how != "author" or WRITING.search(text))
        asked = without_references(text, cut) if m.articles and cut else text
        standalone = condense(asked, history)
        if rewrite is not None and standalone != text:
            standalone = rewrite(text, history) or standalone
        q = analyze(recase(standalone) if recase else standalone, across_articles=speaks_of_articles(standalone))
        return Message(m.text, m.intent, m.articles, m.subject, m.length, standalone, q, m.references)
    if m.kind in ("per_article", "comparison"):
        return Message(m.text, m.intent, m.articles, m.subject, m.length, text,
                       analyze(m.subject, across_articles=speaks_of_articles(m.subject)), m.references)
    return Message(m.text, m.intent, m.articles, m.subject, m.length, text, references=m.references)
