"""A conversation as a document: Markdown for people, JSON for programs.

Each turn is a question and its answer (`Answer.to_dict()`); the Markdown gives every
answer its numbered sources — title, file, character offsets and the quoted passage — so
the document stands on its own without the app. Leaves out HTML and PDF: Markdown renders
anywhere.
"""
from __future__ import annotations

import json
import time

FORMAT = "caucasus-rag conversation v1"


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in " ".join(text.split()).split("\n"))


def _sources(answer: dict) -> list[str]:
    out = []
    for n, c in enumerate(answer.get("citations", []), 1):
        quoted = [c["text"][s - c["start"]:e - c["start"]] for s, e in c.get("quotes", ())]
        out.append(f"{n}. **{c['title']}** — `{c['source']}`, characters {c['start']}–{c['end']}")
        out.append(_quote(" … ".join(quoted) if quoted else c["text"]))
    return out


def to_markdown(turns: list[dict], title: str = "Conversation") -> str:
    """turns: [{"question": str, "answer": Answer.to_dict()}, ...]"""
    lines = [f"# {title}", "", f"Exported {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for i, t in enumerate(turns, 1):
        a = t["answer"]
        lines += [f"## {i}. {t['question']}", ""]
        if a.get("notice"):
            lines += [f"*{a['notice']}*", ""]
        lines += [a.get("text", ""), ""]
        src = _sources(a)
        if src:
            lines += ["Sources:", ""] + src + [""]
    return "\n".join(lines).rstrip() + "\n"


def to_text(answer: dict) -> str:
    """One answer as plain text for the clipboard: its text with [n] markers, then its sources."""
    lines = [answer.get("text", "")]
    cites = answer.get("citations", [])
    if cites:
        lines += ["", "Sources:"]
        for n, c in enumerate(cites, 1):
            quoted = [c["text"][s - c["start"]:e - c["start"]] for s, e in c.get("quotes", ())]
            lines.append(f"[{n}] {c['title']} — {c['source']}, characters {c['start']}–{c['end']}: "
                         f"“{' … '.join(' '.join(q.split()) for q in quoted) or ' '.join(c['text'].split())}”")
    return "\n".join(lines)


def to_json(turns: list[dict]) -> str:
    return json.dumps({"format": FORMAT, "exported": time.strftime("%Y-%m-%dT%H:%M:%S"),
                       "turns": [{"question": t["question"], "answer": t["answer"]} for t in turns]},
                      ensure_ascii=False, indent=1, default=str)
