"""Turning answers and articles into what the browser shows, safely.

Everything that comes from an article or a user is escaped here: the chat gets Markdown
whose only live parts are our own `[n]` links (`#cite-TURN-N`, intercepted by a small
script in app.py) and our own bold around the words that answer the question
(`Sentence.marks`), and the passage viewer gets HTML whose only tags are ours (the same
words bold there, from `Citation.marks`). Answers are rendered from their typed blocks
(`Answer.blocks`), never by reading their text's shape. Source labels show the first words
of each passage, so passages from one article can be told apart. Leaves out any styling
beyond a few classes; the CSS lives in app.py.
"""
from __future__ import annotations

import html
import re
import unicodedata

from rag.types import Answer, Block, Citation, Sentence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=$&])")


def md_escape(text: str) -> str:
    """Escape text so Markdown renders it literally (no links, emphasis, HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _spans(marks, lo: int, hi: int) -> list[tuple[int, int]]:
    """Marks clipped to [lo, hi], sorted, overlaps merged, empty ones dropped."""
    out: list[tuple[int, int]] = []
    for a, b in sorted((max(lo, int(a)), min(hi, int(b))) for a, b in marks):
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _punct(ch: str | None) -> bool:
    return ch is not None and unicodedata.category(ch)[0] in "PS"


def _can_bold(text: str, a: int, b: int) -> bool:
    """Whether `**` around text[a:b] is read as bold (CommonMark's flanking rules): a mark
    that starts with punctuation right after a letter ("a€2") or ends with punctuation right
    before one would show literal asterisks, so it stays plain instead. Escaped characters
    are punctuation in Markdown as they are here; outside the sentence is a space."""
    before = text[a - 1] if a > 0 else None
    after = text[b] if b < len(text) else None
    opens = not _punct(text[a]) or before is None or before.isspace() or _punct(before)
    closes = not _punct(text[b - 1]) or after is None or after.isspace() or _punct(after)
    return opens and closes


def marked_markdown(text: str, marks=()) -> str:
    """Escaped text with the marked spans in bold; every segment is escaped on its own."""
    out, pos = [], 0
    for a, b in _spans(marks, 0, len(text)):
        # Spaces stay outside the asterisks: "** 2012**" is not bold in Markdown.
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b or a < pos or not _can_bold(text, a, b):
            continue
        out += [md_escape(text[pos:a]), "**", md_escape(text[a:b]), "**"]
        pos = b
    out.append(md_escape(text[pos:]))
    return "".join(out)


def _sentence_markdown(s: Sentence, turn: int, markers: bool = True) -> str:
    """One sentence: escaped text with its answering words bold, then its [n] markers as links."""
    links = "".join(f"[\\[{n}\\]](#cite-{turn}-{n})" for n in s.citations) if markers else ""
    return marked_markdown(s.text, s.marks) + (" " + links if links and s.text else links)


def _notice_markdown(b: Block) -> str:
    """Our own words, never marked: italic when about one article (silent on the subject, or
    not naming it), plain for a reply's general notice."""
    text = " ".join(md_escape(s.text) for s in b.sentences)
    return f"*{text}*" if b.article and text else text


def _block_markdown(b: Block, turn: int) -> str:
    if b.kind == "section":
        head = f"**{md_escape(f'“{b.title}”')}** {md_escape(f'({b.article})')}"
        return "\n".join([head, ""] + [_block_markdown(x, turn) for x in b.blocks])
    if b.kind == "notice":
        return _notice_markdown(b)
    pieces = []
    for i, s in enumerate(b.sentences):
        nxt = b.sentences[i + 1] if i + 1 < len(b.sentences) else None
        # Within a list item, consecutive pieces citing the same passage carry one marker.
        shared = b.kind == "item" and nxt is not None and nxt.citations == s.citations
        pieces.append(_sentence_markdown(s, turn, markers=not shared))
    return ("- " + " — ".join(pieces)) if b.kind == "item" else " ".join(pieces)


def _separator(prev: Block, b: Block) -> str:
    if prev.kind in ("paragraph", "notice") and b.kind == "paragraph":
        return " "
    if prev.kind == "item" and b.kind == "item":
        return "\n"
    # A run of notices about single articles ("Not mentioned in …") reads as one short
    # list of lines (the chat turns a single newline into a line break), not paragraphs.
    if prev.kind == b.kind == "notice" and prev.article and b.article:
        return "\n"
    return "\n\n"


def answer_markdown(a: Answer, turn: int) -> str:
    """The chat message for an answer, from its typed blocks: escaped text with clickable [n]
    markers and the answering words bold, list items as a list, each article's section under
    its bold title, notices about single articles in italics."""
    if a.abstained and not a.citations:
        body = "**The articles don't cover this.**"
        if a.candidates:
            body += " The closest passages are listed under Sources, if you want to read them."
    else:
        out, prev = [], None
        for b in a.blocks:
            if prev is not None:
                out.append(_separator(prev, b))
            out.append(_block_markdown(b, turn))
            prev = b
        body = "".join(out).strip()
    if a.notice:
        body = f"*{md_escape(a.notice)}*\n\n" + body
    return body


def first_words(text: str, words: int = 9, chars: int = 64) -> str:
    """The opening words of a passage, whitespace collapsed, cut after a word with "…"."""
    every = text.split()
    out: list[str] = []
    for w in every[:words]:
        if out and len(" ".join(out + [w])) > chars:
            break
        out.append(w)
    short = " ".join(out)[:chars]   # [:chars] only cuts a single overlong first word
    return short + ("…" if short != " ".join(every) else "")


def source_choices(a: Answer) -> list[tuple[str, str]]:
    """The Sources list: for each passage its number (or "closest"), its first words, then its
    article's title and file on a second line. Plain text: the radio shows labels as text."""
    cites = a.citations or a.candidates
    lead = (lambda i: f"[{i}]") if a.citations else (lambda i: f"Closest {i}:")
    return [(f"{lead(i)} “{first_words(c.text)}”\n{first_words(c.title, 99, 60)} — {c.source}", str(i))
            for i, c in enumerate(cites, 1)]


def passage_html(article_text: str, c: Citation, context_chars: int = 1200) -> str:
    """The cited passage inside its article: highlighted, the sentences the answer quotes
    highlighted more strongly, the words that answer the question bold; all text escaped."""
    lo = max(0, c.start - context_chars)
    hi = min(len(article_text), c.end + context_chars)
    quotes = _spans(c.quotes, c.start, c.end)
    marks = _spans(c.marks, c.start, c.end)
    cuts = sorted({c.start, c.end, *[x for q in quotes + marks for x in q]})
    inner = []
    for a, b in zip(cuts, cuts[1:]):
        seg = html.escape(article_text[a:b])
        if any(ma <= a and b <= mb for ma, mb in marks):
            seg = f"<strong class='answer-mark'>{seg}</strong>"
        quoted = any(qa <= a and b <= qb for qa, qb in quotes)
        inner.append(f"<span class='quote'>{seg}</span>" if quoted else seg)
    head = ("… " if lo > 0 else "") + html.escape(article_text[lo:c.start])
    tail = html.escape(article_text[c.end:hi]) + (" …" if hi < len(article_text) else "")
    return (f"<div class='article-view'><div class='article-title'>{html.escape(c.title)}"
            f"<span class='article-file'> — {html.escape(c.source)}, characters {c.start}–{c.end}</span></div>"
            f"<div class='article-text' id='article-text'>{head}<mark class='hl' id='hl'>{''.join(inner)}</mark>{tail}</div></div>")


def empty_viewer(message: str = "Click a [n] in an answer to read the passage in its article.") -> str:
    return f"<div class='article-view empty'>{html.escape(message)}</div>"
