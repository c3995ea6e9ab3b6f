"""Run an evaluation set through `rag` (and optionally the plain baseline) and score it.

`evaluate()` indexes the set's articles into a scratch data directory with the normal
`index` code, asks every question, and returns a `Report`: one `Row` per question with its
answer, citations, metric scores and a failure reason, plus summaries overall, by question
type and by split. Writing files is report.py's job; what the metrics mean is metrics.py's.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rag import Pipeline, Settings
from rag.find.retrieve import dense_only, to_passages

from . import metrics as M
from . import squad
from .judge import make_judge
from .sets import EvalSet, parse_set

DEV_HEADLINE = ("recall@5", "mrr", "key_fact_recall", "truthfulness", "abstention_recall", "false_abstention",
                "false_missing", "abstention_precision", "citation_recall", "citation_precision", "faithfulness",
                "answer_words", "latency_p50_ms", "latency_p95_ms")
SQUAD_HEADLINE = ("answer_hit", "citation_hit", "truthfulness", "abstention_recall", "false_abstention",
                  "false_missing", "abstention_precision", "answer_words", "latency_p50_ms", "latency_p95_ms")
MEANS = ("recall@5", "mrr", "key_fact_recall", "answer_hit", "citation_hit", "truthfulness", "citation_recall",
         "citation_precision", "faithfulness", "answer_words", "changed")
FEEDBACK_HEADLINE = ("changed", "answer_words", "latency_p50_ms")
BASELINE = "baseline (dense top-4, no BM25, no follow-ups, no abstention, no guard)"


@dataclass(frozen=True)
class Row:
    id: str
    type: str
    split: str
    question: str
    answer: str
    abstained: bool
    answerable: bool
    citations: tuple[dict, ...]
    metrics: dict
    latency_ms: float
    standalone: str = ""
    failure: str = ""
    backend: str = ""          # who wrote the answer (an LLM backend, or extractive after a fallback)
    decision: str = ""         # the kind of reply (rag.decide.decision): answer, missing, unsure, ...


@dataclass(frozen=True)
class Report:
    system: str
    judge: str
    set_name: str
    kind: str
    rows: tuple[Row, ...]
    summary: dict
    by_type: dict
    by_split: dict
    baseline: "Report | None" = None
    meta: dict = field(default_factory=dict)

    @property
    def headline(self) -> tuple[str, ...]:
        return {"squad2": SQUAD_HEADLINE, "feedback": FEEDBACK_HEADLINE}.get(self.kind, DEV_HEADLINE)

    def to_dict(self) -> dict:
        d = {"system": self.system, "judge": self.judge, "set": self.set_name, "kind": self.kind,
             "summary": self.summary, "by_type": self.by_type, "by_split": self.by_split, "meta": self.meta,
             "rows": [{**asdict(r), "metrics": {k: asdict(v) for k, v in r.metrics.items()}} for r in self.rows]}
        if self.baseline:
            d["baseline"] = self.baseline.to_dict()
        return d


# ---------------------------------------------------------------- one question
def _ask(pipe: Pipeline, item, baseline: bool):
    t0 = time.perf_counter()
    history = list(getattr(item, "history", ()))
    a = pipe.baseline(item.question) if baseline else pipe.answer(item.question, history)
    return a, (time.perf_counter() - t0) * 1000


def _row(item, a, latency: float, m: dict, failure: str) -> Row:
    return Row(id=item.id, type=item.type, split=item.split, question=item.question, answer=a.text,
               abstained=a.abstained, answerable=item.answerable, latency_ms=latency,
               standalone=a.standalone_question, metrics=m, failure=failure, backend=a.backend,
               decision=a.trace.decision,
               citations=tuple({"n": i, "source": c.source, "title": c.title, "start": c.start, "end": c.end,
                                "text": c.text} for i, c in enumerate(a.citations, 1)))


def _gold_spans(store, item) -> list[M.Span]:
    spans = []
    for g in item.gold:
        text = store.article_text(g.source) or ""
        i = text.find(g.quote)
        spans.append(M.Span(g.source, i, i + len(g.quote), g.quote) if i >= 0 else M.Span(g.source, -10, -9, g.quote))
    return spans


def _dev_failure(m: dict, item, abstained: bool) -> str:
    if not item.answerable:
        return "" if abstained else "answered a question the articles do not answer"
    if abstained:
        return "abstained although the articles answer it"
    reasons = [m["recall@5"].reason] if (m["recall@5"].value or 0) < 1 else []
    reasons += [m[k].reason for k in ("key_fact_recall", "citation_recall") if m[k].value is not None and m[k].value < 1]
    return "; ".join(reasons)


def score_dev(pipe: Pipeline, item, judge, baseline: bool, k: int) -> Row:
    a, latency = _ask(pipe, item, baseline)
    if baseline:
        retrieved = to_passages(dense_only(pipe.store, pipe.embedder, k=pipe.BASELINE_K).invoke(item.question))
    else:
        retrieved = pipe.retrieve(a.standalone_question, k)
    gold = _gold_spans(pipe.store, item)
    cites = [c.text for c in a.citations]
    context = list(dict.fromkeys([p.text for p in retrieved] + cites))
    kf = M.key_fact_recall(a.text, item.key_facts, a.abstained)
    m = {"recall@5": M.recall_at_k([M.Span(p.source, p.start, p.end, p.text) for p in retrieved], gold, k),
         "mrr": M.mrr([M.Span(p.source, p.start, p.end, p.text) for p in retrieved], gold),
         "citation_recall": M.citation_recall(M.claims(a), cites, judge, a.abstained),
         "citation_precision": M.citation_precision(M.claims(a), cites, judge, a.abstained),
         "faithfulness": M.faithfulness(M.claims(a), context, judge, a.abstained),
         "key_fact_recall": kf, "truthfulness": M.truthfulness(item.answerable, a.abstained, kf),
         "answer_words": M.answer_words(a.text, a.abstained)}
    return _row(item, a, latency, m, _dev_failure(m, item, a.abstained))


def score_squad(pipe: Pipeline, item: squad.SquadItem, texts: dict, baseline: bool) -> Row:
    a, latency = _ask(pipe, item, baseline)
    source = squad.file_name(item.title)
    gold = [M.Span(source, s, e) for s, e in squad.locate(texts[source], item)] if item.answerable else []
    hit = M.answer_hit(a.text, item.answers, a.abstained)
    m = {"answer_hit": hit,
         "citation_hit": M.citation_hit([M.Span(c.source, c.start, c.end) for c in a.citations], gold, a.abstained),
         "truthfulness": M.truthfulness(item.answerable, a.abstained, hit),
         "answer_words": M.answer_words(a.text, a.abstained)}
    if not item.answerable:
        failure = "" if a.abstained else "answered an unanswerable question"
    elif a.abstained:
        failure = "abstained although the article answers it"
    else:
        failure = "; ".join(m[x].reason for x in ("answer_hit", "citation_hit") if m[x].value == 0)
    return _row(item, a, latency, m, failure)


# ---------------------------------------------------------------- summaries
def summarize(rows: list[Row]) -> dict:
    out: dict = {"n": len(rows)}
    for name in MEANS:
        vals = [r.metrics[name].value for r in rows if name in r.metrics and r.metrics[name].value is not None]
        out[name] = round(sum(vals) / len(vals), 4) if vals else None
    unans = [r for r in rows if not r.answerable]
    ans = [r for r in rows if r.answerable]
    abst = [r for r in rows if r.abstained]
    out["abstention_precision"] = round(sum(not r.answerable for r in abst) / len(abst), 4) if abst else None
    out["abstention_recall"] = round(sum(r.abstained for r in unans) / len(unans), 4) if unans else None
    out["false_abstention"] = round(sum(r.abstained for r in ans) / len(ans), 4) if ans else None
    # replies to answerable questions saying "the articles don't give ..." (#22: must be none)
    out["false_missing"] = sum(r.decision == "missing" for r in ans) if ans else None
    written = [r for r in rows if not r.abstained and r.backend]
    if written and any(r.backend not in ("extractive", "baseline") for r in written):
        out["llm_written_share"] = round(sum(r.backend not in ("extractive", "baseline") for r in written) / len(written), 4)
    lat = [r.latency_ms for r in rows]
    out["latency_p50_ms"] = round(M.percentile(lat, 0.5), 1) if lat else None
    out["latency_p95_ms"] = round(M.percentile(lat, 0.95), 1) if lat else None
    return out


def _group(rows: list[Row], key) -> dict:
    return {g: summarize([r for r in rows if key(r) == g]) for g in sorted(dict.fromkeys(map(key, rows)))}


# ---------------------------------------------------------------- a whole set
def scratch_pipeline(es: EvalSet, settings: Settings, work: Path, scorer=None) -> Pipeline:
    """A pipeline over the set's articles, indexed into `work/index-<set>` by the normal index code."""
    import index
    from dataclasses import replace
    import hashlib
    files = hashlib.sha1("\n".join(sorted(str(p) for p in es.articles)).encode()).hexdigest()[:8]
    data_dir = work / f"index-{es.kind}-{'-'.join(sorted({p.parent.parent.name for p in es.articles}))}-{files}"
    ix = replace(settings.index, data_dir=data_dir, chroma_url=None, progress=False)
    emb = index.Embedder()  # a long run: torch's encoder is faster per token than the NumPy one
    report = index.build(list(es.articles), settings=ix, embedder=emb)
    if report.skipped:
        raise ValueError(f"articles of {es.name} could not be indexed: {report.skipped}")
    return Pipeline(replace(settings, index=ix), embedder=emb, scorer=scorer, build_if_empty=False)


def score_feedback(pipe: Pipeline, item, baseline: bool) -> Row:
    """A disliked answer asked again: has the answer changed since the reader's 👎?"""
    a, latency = _ask(pipe, item, baseline)
    changed = " ".join(a.text.split()) != " ".join(item.answer_given.split())
    m = {"changed": M.Score(float(changed), "the answer differs from the disliked one" if changed else "same answer"),
         "answer_words": M.answer_words(a.text, a.abstained)}
    return _row(item, a, latency, m, "" if changed else f"unchanged since rated down ({item.reason or 'no reason'})")


def _run(pipe: Pipeline, es: EvalSet, judge, k: int, baseline: bool) -> list[Row]:
    if es.kind == "feedback":
        return [score_feedback(pipe, it, baseline) for it in es.items]
    if es.kind == "squad2":
        texts = {a.id: pipe.store.article_text(a.id) for a in pipe.store.current_articles()}
        return [score_squad(pipe, it, texts, baseline) for it in es.items]
    return [score_dev(pipe, it, judge, baseline, k) for it in es.items]


def evaluate(set_spec: str | Path = "dev", *, backend: str = "extractive", judge: str = "lexical", k: int = 5,
             compare: bool = False, sample: int | None = None, seed: int = 0, pipeline: Pipeline | None = None,
             settings: Settings | None = None, work: Path | str = "eval/out") -> Report:
    """Score `rag` on a set (see eval.sets for names); with `compare`, the plain baseline too."""
    work = Path(work)
    es = parse_set(str(set_spec), sample=sample, seed=seed, work=work)
    if not es.items:
        raise ValueError(f"{es.name} has no questions")
    settings = settings or (pipeline.settings if pipeline else Settings.from_env(backend=backend))
    if pipeline is None and es.kind == "feedback":  # asked again of the index the ratings were given on
        pipeline = Pipeline(settings, build_if_empty=False)
    pipe = pipeline or scratch_pipeline(es, settings, work)
    j = make_judge(judge, settings)
    pipe.answer(es.items[0].question)  # warm caches so latency figures are warm figures
    reports = []
    for is_base in ([False, True] if compare else [False]):
        rows = _run(pipe, es, j, k, is_base)
        name = BASELINE if is_base else f"rag ({pipe.settings.backend})"
        reports.append(Report(system=name, judge=j.name, set_name=es.name, kind=es.kind, rows=tuple(rows),
                              summary=summarize(rows), by_type=_group(rows, lambda r: r.type),
                              by_split=_group(rows, lambda r: r.split),
                              meta={"k": k, "embedder": getattr(pipe.embedder, "name", "?"), "sample": sample,
                                    "seed": seed, "time": time.strftime("%Y-%m-%d %H:%M")}))
    if es.kind == "feedback":
        _write_to_label(es, reports[0], work)
    if compare:
        return Report(**{**{f: getattr(reports[0], f) for f in Report.__dataclass_fields__}, "baseline": reports[1]})
    return reports[0]


def _write_to_label(es: EvalSet, report: Report, work: Path) -> Path:
    """The disliked questions in the dev format, gold left empty for a developer to fill in
    (then append to data/dev.jsonl, as tune or test)."""
    import json
    out = work / "feedback" / "to-label.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": it.id, "type": "factoid", "split": "tune", "origin": "feedback", "question": it.question,
                         "gold": [], "key_facts": [], "answer": "", "answer_given": it.answer_given,
                         "answer_now": row.answer, "reason": it.reason}, ensure_ascii=False)
             for it, row in zip(es.items, report.rows)]
    out.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return out
