"""Run an evaluation set through `rag` (and optionally the plain baseline) and score it.

`evaluate()` returns a `Report`: one `Row` per question with its answer, citations,
metric scores and a failure reason, plus a summary (means, abstention precision/recall,
latency percentiles) and the same by question type. Writing files is report.py's job.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag import Pipeline, Settings
from rag.retrieve import dense_only, to_passages

from . import metrics as M
from .dataset import DEFAULT_SET, Item, load_set
from .judge import make_judge

HEADLINE = ("recall@5", "mrr", "citation_recall", "citation_precision", "faithfulness", "key_fact_recall",
            "truthfulness", "abstention_precision", "abstention_recall", "false_abstention",
            "latency_p50_ms", "latency_p95_ms")


@dataclass(frozen=True)
class Row:
    id: str
    type: str
    question: str
    answer: str
    abstained: bool
    answerable: bool
    citations: tuple[dict, ...]
    metrics: dict
    latency_ms: float
    standalone: str = ""
    failure: str = ""


@dataclass(frozen=True)
class Report:
    system: str
    judge: str
    set_path: str
    rows: tuple[Row, ...]
    summary: dict
    by_type: dict
    baseline: "Report | None" = None
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = {"system": self.system, "judge": self.judge, "set": self.set_path, "summary": self.summary,
             "by_type": self.by_type, "meta": self.meta,
             "rows": [{**asdict(r), "metrics": {k: asdict(v) for k, v in r.metrics.items()}} for r in self.rows]}
        if self.baseline:
            d["baseline"] = self.baseline.to_dict()
        return d


def _gold_spans(store, item: Item) -> list[M.Span]:
    spans = []
    for g in item.gold:
        text = store.article_text(g.source) or ""
        i = text.find(g.quote)
        spans.append(M.Span(g.source, i, i + len(g.quote), g.quote) if i >= 0 else M.Span(g.source, -10, -9, g.quote))
    return spans


def _failure(row_metrics: dict, item: Item, abstained: bool) -> str:
    if not item.answerable:
        return "" if abstained else "answered a question the articles do not answer"
    if abstained:
        return "abstained although the articles answer it"
    reasons = []
    r = row_metrics["recall@5"]
    if r.value is not None and r.value < 1:
        reasons.append("gold passage not retrieved: " + r.reason)
    for name in ("citation_recall", "key_fact_recall"):
        s = row_metrics[name]
        if s.value is not None and s.value < 1:
            reasons.append(s.reason)
    return "; ".join(reasons)


def _score_one(pipe: Pipeline, item: Item, judge, baseline: bool, k: int) -> Row:
    t0 = time.perf_counter()
    a = pipe.baseline(item.question) if baseline else pipe.answer(item.question, list(item.history))
    latency = (time.perf_counter() - t0) * 1000
    if baseline:
        retrieved = to_passages(dense_only(pipe.store, pipe.embedder, k=4).invoke(item.question))
    else:
        retrieved = pipe.retrieve(a.standalone_question, k)
    gold = _gold_spans(pipe.store, item)
    rspans = [M.Span(p.source, p.start, p.end, p.text) for p in retrieved]
    cites = [c.text for c in a.citations]
    context = list(dict.fromkeys([p.text for p in retrieved] + cites))
    kf = M.key_fact_recall(a.text, item.key_facts, a.abstained)
    m = {
        "recall@5": M.recall_at_k(rspans, gold, k),
        "mrr": M.mrr(rspans, gold),
        "citation_recall": M.citation_recall(a.text, cites, judge, a.abstained),
        "citation_precision": M.citation_precision(a.text, cites, judge, a.abstained),
        "faithfulness": M.faithfulness(a.text, context, judge, a.abstained),
        "key_fact_recall": kf,
        "truthfulness": M.truthfulness(item.answerable, a.abstained, kf),
    }
    return Row(id=item.id, type=item.type, question=item.question, answer=a.text, abstained=a.abstained,
               answerable=item.answerable, latency_ms=latency, standalone=a.standalone_question,
               citations=tuple({"n": i, "source": c.source, "title": c.title, "start": c.start, "end": c.end,
                                "text": c.text} for i, c in enumerate(a.citations, 1)),
               metrics=m, failure=_failure(m, item, a.abstained))


def summarize(rows: list[Row]) -> dict:
    out: dict = {"n": len(rows)}
    for name in ("recall@5", "mrr", "citation_recall", "citation_precision", "faithfulness",
                 "key_fact_recall", "truthfulness"):
        vals = [r.metrics[name].value for r in rows if r.metrics[name].value is not None]
        out[name] = round(sum(vals) / len(vals), 4) if vals else None
    unans = [r for r in rows if not r.answerable]
    ans = [r for r in rows if r.answerable]
    abst = [r for r in rows if r.abstained]
    out["abstention_precision"] = round(sum(not r.answerable for r in abst) / len(abst), 4) if abst else None
    out["abstention_recall"] = round(sum(r.abstained for r in unans) / len(unans), 4) if unans else None
    out["false_abstention"] = round(sum(r.abstained for r in ans) / len(ans), 4) if ans else None
    lat = [r.latency_ms for r in rows]
    out["latency_p50_ms"] = round(M.percentile(lat, 0.5), 1) if lat else None
    out["latency_p95_ms"] = round(M.percentile(lat, 0.95), 1) if lat else None
    return out


def evaluate(set_path: Path | str = DEFAULT_SET, *, backend: str = "extractive", judge: str = "support",
             k: int = 5, compare: bool = False, pipeline: Pipeline | None = None,
             settings: Settings | None = None, _baseline: bool = False) -> Report:
    settings = settings or Settings.from_env(backend=backend)
    if pipeline is None:
        from index import Embedder  # a long run: torch's encoder is faster per token than the NumPy one
        pipeline = Pipeline(settings, embedder=Embedder())
    pipe = pipeline
    items = load_set(set_path)
    j = make_judge(judge, pipe.evidence, settings)
    pipe.answer(items[0].question)  # warm caches so latency figures are warm figures
    rows = [_score_one(pipe, it, j, _baseline, k) for it in items]
    by_type = {t: summarize([r for r in rows if r.type == t]) for t in dict.fromkeys(r.type for r in rows)}
    base = None
    if compare and not _baseline:
        base = evaluate(set_path, backend=backend, judge=judge, k=k, pipeline=pipe, settings=settings, _baseline=True)
    name = "baseline (dense top-4, no BM25, no follow-ups, no guard)" if _baseline else f"rag ({pipe.settings.backend})"
    return Report(system=name, judge=j.name, set_path=str(set_path), rows=tuple(rows), summary=summarize(rows),
                  by_type=by_type, baseline=base,
                  meta={"k": k, "embedder": getattr(pipe.embedder, "name", "?"), "time": time.strftime("%Y-%m-%d %H:%M")})
