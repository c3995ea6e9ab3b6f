"""HTML views beside the chat: why an answer chose its passages, and an article as indexed.

Like render.py, every piece of text from an article or a question is escaped; the only
markup is ours. `trace_html` reads `Answer.trace` as a `rag.Trace` (question analysis,
decision, passages with their retrieval scores and ranks, the sentences scored); `article_html` shows an
article's cleaned text with its chunk boundaries and, when asked, what the cleaner removed.
Leaves out styling beyond a few classes (app.py's CSS).
"""
from __future__ import annotations

import html
import time

from rag.types import Trace

e = html.escape


def _num(v, digits: int = 3) -> str:
    return "–" if v is None else (f"{v:.{digits}f}" if isinstance(v, float) else str(v))


def trace_html(answer: dict | None) -> str:
    """Why this answer: the message as understood, the decision, passages and sentences."""
    if not answer or not answer.get("trace"):
        return "<div class='trace empty'>Ask a question to see how its passages were chosen.</div>"
    t = Trace.from_dict(answer["trace"])
    parts = [f"<div class='trace'><p><b>Message</b>: {e(answer.get('question', ''))}<br>"
             f"<b>Understood as</b>: {e(t.intent)}" + (f" ({e(t.detail)})" if t.detail else "")
             + (f" · scope: {e(', '.join(t.scope))}" if t.scope else " · scope: all articles")]
    for article, how, conf in t.references:
        parts.append(f"<br><b>Article named</b>: {e(article)} (by {e(how)}, confidence {conf:.2f})")
    if answer.get("standalone_question") and answer["standalone_question"] != answer.get("question"):
        parts.append(f"<br><b>Standalone question</b>: {e(answer['standalone_question'])}")
    if t.question_type:
        parts.append(f"<br><b>Asks for</b>: {e(t.question_type)}" + (f" ({e(t.precision)})" if t.precision else "")
                     + f" · <b>focus</b>: {e(', '.join(t.focus))}"
                     + (f" · <b>names</b>: {e(', '.join(a[0] for a in t.anchors))}" if t.anchors else ""))
    if t.decision:
        parts.append(f"<br><b>Decision</b>: {e(t.decision)} — {e(t.why)}")
    for check in t.checks:
        parts.append(f"<br><b>Checked</b>: {e(check)}")
    parts.append("</p>")
    if t.passages:
        rows = "".join(f"<tr><td>[{p.n}]</td><td>{e(p.source)}<br><small>{p.start}–{p.end}</small></td>"
                       f"<td>{_num(p.cosine)}</td><td>{_num(p.bm25, 2)}</td><td>{_num(p.dense_rank)}</td>"
                       f"<td>{_num(p.bm25_rank)}</td><td>{_num(p.fused_rank)}</td></tr>" for p in t.passages)
        parts.append("<table class='trace-passages'><tr><th>passage</th><th>article</th><th>cosine</th><th>BM25</th>"
                     f"<th>dense rank</th><th>BM25 rank</th><th>fused rank</th></tr>{rows}</table>")
    if t.sentences:
        rows = "".join(f"<tr><td>{s.p:.3f}</td><td>[{s.passage}]</td><td>{e(s.text[:240])}</td>"
                       f"<td><small>cos {s.feature('cos'):.2f} · lex {s.feature('lex'):.2f} · "
                       f"type {s.feature('type_match'):.0f}</small></td></tr>" for s in t.sentences)
        parts.append(f"<p>{t.sentences_considered or len(t.sentences)} sentences considered; the best:</p>"
                     "<table class='trace-sentences'><tr><th>score</th><th>in</th><th>sentence</th><th>features</th>"
                     f"</tr>{rows}</table>")
    parts.append("</div>")
    return "".join(parts)


def article_html(info, text: str, chunks, removed: list[tuple[str, str]], show_removed: bool) -> str:
    """An indexed article: metadata, counts, its text with chunk boundaries, optionally what was removed."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.indexed_at)) if info.indexed_at else "–"
    head = (f"<div class='article-meta'><div class='article-title'>{e(info.title)}</div>"
            f"<small>{e(info.id)} · {e(info.byline or 'no byline')} · {e(info.date or 'no date')} · indexed {when} · "
            f"{info.words} words · {info.chunks} chunks · {info.tokens} tokens</small></div>")
    body, pos = [], 0
    for c in sorted(chunks, key=lambda c: c.start):
        if c.start > pos:
            body.append(e(text[pos:c.start]))
        # A badge, not brackets: the styled span marks the boundary in any font.
        body.append(f"<span class='chunk-mark'>chunk {c.index} · {c.tokens} tokens</span>")
        body.append(e(text[max(c.start, pos):c.end]))
        pos = max(pos, c.end)
    body.append(e(text[pos:]))
    out = head + f"<div class='article-view'><div class='article-text'>{''.join(body)}</div></div>"
    if show_removed:
        items = "".join(f"<li><span class='removed-reason'>{e(why)}</span> {e(line)}</li>" for line, why in removed)
        out += (f"<div class='removed'><b>Removed by the cleaner ({len(removed)} lines)</b><ul>{items}</ul></div>"
                if removed else "<div class='removed'>The cleaner removed nothing from this file.</div>")
    return out
