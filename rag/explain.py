"""Why an answer is what it is: the `Trace` of one turn, from the values each step produced.

The trace is read by the UI's "why these passages", by the export and by scripts
(`Answer.trace`); it is built here from the `Message`, the `Evidence` and the `Decision`,
never from reply text. Leaves out rendering it (ui.views).
"""
from __future__ import annotations

from .decide.decision import Decision
from .find.evidence import Evidence
from .types import SentenceTrace, Trace
from .understand.message import Message

# The best-scored sentences a trace lists; the rest are counted.
TRACE_CANDIDATES = 12


def explain(m: Message, ev: Evidence | None = None, d: Decision | None = None, checks: tuple[str, ...] = ()) -> Trace:
    q = m.question
    kw = dict(intent=m.kind, detail=m.intent.detail, scope=tuple(m.articles), checks=tuple(checks),
              references=tuple((r.article, r.how, r.confidence) for r in m.references))
    if q is not None and ev is not None:
        kw.update(question_type=q.type, precision=q.precision, list_n=q.list_n, focus=tuple(q.focus),
                  anchors=tuple(q.anchors))
    if d is not None:
        kw.update(decision=d.kind, answerable=round(d.answerable, 4), why=d.why)
    if ev is not None:
        ranked = ev.ranked()
        kw.update(passages=tuple(p.trace(i + 1) for i, p in enumerate(ev.passages)),
                  sentences=tuple(SentenceTrace(c.passage + 1, c.sentence.start, c.sentence.end, c.text, round(c.p, 4),
                                                tuple((k, round(v, 3)) for k, v in c.f.items() if not k.startswith("t_")))
                                  for c in ranked[:TRACE_CANDIDATES]),
                  sentences_considered=len(ev.candidates))
    return Trace(**kw)
