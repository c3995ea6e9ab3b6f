"""Turning answers and articles into what the browser shows, safely.

Everything that comes from an article or a user is escaped here: the chat gets Markdown
whose only live parts are our own `[n]` links (`#cite-TURN-N`, intercepted by a small
script in app.py), and the passage viewer gets HTML whose only tags are ours. Leaves out
any styling beyond a few classes; the CSS lives in app.py.
"""
from __future__ import annotations

import html
import re

from rag.types import Answer, Citation

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$&])")
_MARK = re.compile(r"\[(\d+)\]")


def md_escape(text: str) -> str:
    """Escape text so Markdown renders it literally (no links, emphasis, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _line_markdown(line: str, turn: int) -> str:
    """One line of an answer: escaped text with its [n] markers as links."""
    pieces, pos = [], 0
    for m in _MARK.finditer(line):
        pieces.append(md_escape(line[pos:m.start()]))
        n = int(m.group(1))
        pieces.append(f"[\\[{n}\\]](#cite-{turn}-{n})")
        pos = m.end()
    pieces.append(md_escape(line[pos:]))
    return "".join(pieces)


def answer_markdown(a: Answer, turn: int) -> str:
    """The chat message for an answer: escaped text with clickable [n] markers; our own list
    items ("- ") and article headers ("“Title” (file):") keep their form."""
    if a.abstained and not a.citations:
        body = "**The articles don't cover this.**"
        if a.candidates:
            body += " The closest passages are listed under Sources, if you want to read them."
    else:
        out, listing = [], False
        for line in a.text.split("\n"):
            if line.startswith("- "):
                out.append(("\n" if not listing else "") + "- " + _line_markdown(line[2:], turn))
                listing = True
            elif line.startswith("“") and line.endswith(":") and not _MARK.search(line):
                out.append("\n**" + md_escape(line) + "**")
                listing = False
            else:
                out.append(("\n" if listing else "") + _line_markdown(line, turn))
                listing = False
        body = "\n".join(out).strip()
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
