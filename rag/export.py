"""A conversation as a document: Markdown for people, JSON for programs, plain text for the clipboard.

Each turn is a question and its answer (`Answer.to_dict()`); the Markdown renders the
answer's typed blocks (paragraphs, list items, per-article sections, notices — never by
reading the text's shape) and gives every answer its numbered sources — title, file,
character offsets and the quoted passage — so the document stands on its own without the
app. Leaves out HTML and PDF: Markdown renders anywhere.
"""
from __future__ import annotations

import json
import time

from index.text import squash

from .types import Answer, Block, Citation

FORMAT = "caucasus-rag conversation v1"


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in squash(text).split("\n"))


def _quoted(c: Citation) -> str:
    pieces = [c.text[s - c.start:e - c.start] for s, e in c.quotes]
    return " … ".join(squash(q) for q in pieces) or squash(c.text)


def _sources(a: Answer) -> list[str]:
    out = []
    for n, c in enumerate(a.citations, 1):
        out.append(f"{n}. **{c.title}** — `{c.source}`, characters {c.start}–{c.end}")
        out.append(_quote(_quoted(c)))
    return out


def _markers(nums) -> str:
    return "".join(f"[{n}]" for n in nums)


def _block(b: Block) -> list[str]:
    if b.kind == "section":
        lines = [f"### “{b.title}” ({b.article})", ""]
        for x in b.blocks:
            lines += _block(x)
        return lines + [""]
    if b.kind == "notice":
        return [f"*{' '.join(s.text for s in b.sentences)}*", ""]
    text = " ".join(f"{s.text} {_markers(s.citations)}".strip() for s in b.sentences)
    return [f"- {text}"] if b.kind == "item" else [text, ""]


def answer_markdown(a: Answer) -> list[str]:
    lines: list[str] = []
    for b in a.blocks:
        lines += _block(b)
    return lines


def to_markdown(turns: list[dict], title: str = "Conversation") -> str:
    """turns: [{"question": str, "answer": Answer.to_dict()}, ...]"""
    lines = [f"# {title}", "", f"Exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for i, t in enumerate(turns, 1):
        a = Answer.from_dict(t["answer"])
        lines += [f"## {i}. {t['question']}", ""]
        if a.notice:
            lines += [f"*{a.notice}*", ""]
        lines += (answer_markdown(a) or [a.text]) + [""]
        src = _sources(a)
        if src:
            lines += ["Sources:", ""] + src + [""]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"


def to_text(answer: dict) -> str:
    """One answer as plain text for the clipboard: its text with [n] markers, then its sources."""
    a = Answer.from_dict(answer)
    lines = [a.text]
    if a.citations:
        lines += ["", "Sources:"]
        for n, c in enumerate(a.citations, 1):
            lines.append(f"[{n}] {c.title} — {c.source}, characters {c.start}–{c.end}: “{_quoted(c)}”")
    return "\n".join(lines)


def to_json(turns: list[dict]) -> str:
    return json.dumps({"format": FORMAT, "exported": time.strftime("%Y-%m-%dT%H:%M:%S"),
                       "turns": [{"question": t["question"], "answer": t["answer"]} for t in turns]},
                      ensure_ascii=False, indent=1, default=str)
