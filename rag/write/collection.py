"""Replies that need no retrieval: small talk, and questions about the collection itself.

Greetings, thanks and "what can you do" get a short, friendly reply that says how to use
the bot (never "The articles don't cover this."). "Which articles do you have", "who wrote
…", "when was … published", "which site …" are answered from each article's metadata —
title, byline, date, site, file — with the article cited (its opening passage), for the
article the message names or for all. Leaves out content questions (the answer pipeline).
"""
from __future__ import annotations

from ..protocols import Store
from ..types import Passage
from .draft import Draft, Said, item, notice, paragraph

MAX_LISTED = 20   # a longer collection is listed in part, with the count


def smalltalk(detail: str, n_articles: int) -> str:
    if detail == "thanks":
        return "You're welcome. Ask another question whenever you like."
    scope = f"the {n_articles} article{'s' if n_articles != 1 else ''} I have" if n_articles else "your articles"
    how = (f"I answer questions about {scope}, quoting the sentences I rely on: every [n] in an answer "
           "opens that passage in its article. Ask about facts, reasons or lists; ask me to summarise an "
           "article, to list the articles, or what each article says about a topic. When the articles "
           "don't say, I tell you so.")
    return ("Hello! " + how) if detail == "greeting" else how


def _opening(store: Store, info) -> Passage | None:
    chunks = store.chunks(article_id=info.id)
    if not chunks:
        return None
    c = chunks[0]
    return Passage(chunk_id=c.id, source=c.article_id, title=c.title, text=c.text, start=c.start, end=c.end,
                   article_sha=c.article_sha)


def _line(info, detail: str, noted: tuple[str, ...] = ()) -> str:
    byline = info.byline.removeprefix("By ").strip()
    if detail == "author":
        # a site's byline ("By AzeMedia") may leave the writer to the author's note at the end
        # the note names its writer first ("Dr X is a senior advisor at ..."); the tagger may take
        # a job title that follows for a name ("Adjunct Lecturer")
        writer = next((n for n in noted if n.lower() not in byline.lower()), "")
        note = f"the author's note at its end names {writer}." if writer else ""
        if byline:
            who = f"by {byline}; {note}" if note else f"by {byline}."
        else:
            who = note[:1].upper() + note[1:] if note else "the article names no author."
        return f"“{info.title}” ({info.id}): {who}"
    if detail == "date":
        return f"“{info.title}” ({info.id}): " + (f"dated {info.date}." if info.date else "the article gives no date.")
    if detail == "source":
        return f"“{info.title}” ({info.id}): " + (f"from {info.site}." if info.site else
                                                   (f"by {byline}; no site is named." if byline else "no site is named."))
    facts = ", ".join(x for x in (f"by {byline}" if byline else "", info.date, info.site) if x)
    return f"“{info.title}” ({info.id})" + (f" — {facts}" if facts else "")


def collection(store: Store, detail: str, article: str | None,
               authors: dict[str, tuple[str, ...]] | None = None) -> tuple[Draft, list[Passage]]:
    """The reply (a draft whose lines cite each article's opening passage) and its passages.
    `authors`: the people each article's author's note names (rag.find.catalog)."""
    infos = [a for a in store.current_articles() if article is None or a.id == article]
    passages: list[Passage] = []
    lines = []
    for info in infos[:MAX_LISTED]:
        p = _opening(store, info)
        if p is None:
            continue
        passages.append(p)
        # The citation points at the article's opening; the line itself is metadata, not a quote.
        lines.append(Said(_line(info, detail, (authors or {}).get(info.id, ())), len(passages) - 1))
    n = len(store.current_articles())
    lead = (f"I have {n} article{'s' if n != 1 else ''}" + (f"; the first {MAX_LISTED}:" if n > MAX_LISTED else ":")
            if detail == "list" and article is None else "")
    if len(lines) > 1 or lead:
        return Draft(((notice(lead),) if lead else ()) + tuple(item(x) for x in lines)), passages
    return Draft((paragraph(lines),) if lines else ()), passages
