"""Turning answers and articles into what the browser shows, safely.

Everything that comes from an article or a user is escaped here: the chat gets Markdown
whose only live parts are our own `[n]` links (`#cite-TURN-N`, intercepted by a small
script in app.py), and the passage viewer gets HTML whose only tags are ours. Answers are
rendered from their typed blocks (`Answer.blocks`), never by reading their text's shape.
Leaves out any styling beyond a few classes; the CSS lives in app.py.
"""
from __future__ import annotations

import html
import re

from rag.types import Answer, Block, Citation, Sentence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$&])")


def md_escape(text: str) -> str:
    """Escape text so Markdown renders it literally (no links, emphasis, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _sentence_markdown(s: Sentence, turn: int, markers: bool = True) -> str:
    """One sentence: escaped text, then its [n] markers as links."""
    links = "".join(f"[\\[{n}\\]](#cite-{turn}-{n})" for n in s.citations) if markers else ""
    return md_escape(s.text) + (" " + links if links and s.text else links)


def _block_markdown(b: Block, turn: int) -> str:
    if b.kind == "section":
        head = f"**{md_escape(f'“{b.title}”')}** {md_escape(f'({b.article})')}"
        return "\n".join([head, ""] + [_block_markdown(x, turn) for x in b.blocks])
    if b.kind == "notice":
        text = " ".join(md_escape(s.text) for s in b.sentences)
        return f"*{text}*" if b.article else text
    pieces = []
    for i, s in enumerate(b.sentences):
        nxt = b.sentences[i + 1] if i + 1 < len(b.sentences) else None
        # Within a list item, consecutive pieces citing the same passage carry one marker.
        shared = b.kind == "item" and nxt is not None and nxt.citations == s.citations
        pieces.append(_sentence_markdown(s, turn, markers=not shared))
    return ("- " + " — ".join(pieces)) if b.kind == "item" else " ".join(pieces)


def answer_markdown(a: Answer, turn: int) -> str:
    """The chat message for an answer, from its typed blocks: escaped text with clickable [n]
    markers, list items as a list, each article's section under its bold title."""
    if a.abstained and not a.citations:
        body = "**The articles don't cover this.**"
        if a.candidates:
            body += " The closest passages are listed under Sources, if you want to read them."
    else:
        out, prev = [], None
        for b in a.blocks:
            text = _block_markdown(b, turn)
            if prev is not None:
                inline = prev.kind in ("paragraph", "notice") and b.kind == "paragraph"
                list_run = prev.kind == "item" and b.kind == "item"
                out.append(" " if inline else ("\n" if list_run else "\n\n"))
            out.append(text)
            prev = b
        body = "".join(out).strip()
    if a.notice:
        body = f"*{md_escape(a.notice)}*\n\n" + body
    return body


def source_choices(a: Answer) -> list[tuple[str, str]]:
    cites = a.citations or a.candidates
    label = (lambda i, c: f"[{i}] {c.title[:70]} — {c.source}") if a.citations else \
        (lambda i, c: f"(closest) {c.title[:60]} — {c.source}")
    return [(label(i, c), str(i)) for i, c in enumerate(cites, 1)]


def passage_html(article_text: str, c: Citation, context_chars: int = 1200) -> str:
    """The cited passage inside its article: highlighted, with surrounding text, all escaped."""
    lo = max(0, c.start - context_chars)
    hi = min(len(article_text), c.end + context_chars)
    # Sentences quoted in the answer get a stronger highlight inside the passage.
    cuts = sorted({c.start, c.end, *[x for q in c.quotes for x in q if c.start <= x <= c.end]})
    inner = []
    for a, b in zip(cuts, cuts[1:]):
        seg = html.escape(article_text[a:b])
        quoted = any(qa <= a and b <= qb for qa, qb in c.quotes)
        inner.append(f"<span class='quote'>{seg}</span>" if quoted else seg)
    head = ("… " if lo > 0 else "") + html.escape(article_text[lo:c.start])
    tail = html.escape(article_text[c.end:hi]) + (" …" if hi < len(article_text) else "")
    return (f"<div class='article-view'><div class='article-title'>{html.escape(c.title)}"
            f"<span class='article-file'> — {html.escape(c.source)}, characters {c.start}–{c.end}</span></div>"
            f"<div class='article-text' id='article-text'>{head}<mark class='hl' id='hl'>{''.join(inner)}</mark>{tail}</div></div>")


def empty_viewer(message: str = "Click a [n] in an answer to read the passage in its article.") -> str:
    return f"<div class='article-view empty'>{html.escape(message)}</div>"
