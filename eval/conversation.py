"""Evaluating the conversation features: intents, scopes, per-article views, summaries.

`intents` (`eval/data/intents.jsonl`, split tune/test): each message is sent to the
pipeline alone; scored are the intent it was given (accuracy), the article it was scoped to
when the message names one, and — for "what does each article say" — whether the articles
the reply covers are the ones that speak to the topic (exact set, and Jaccard overlap).
`summaries` (`eval/data/summaries.jsonl`): each bundled article's summary is scored by the
share of its 3-5 hand-written key points it covers (key-fact matching) and by whether every
line is cited. Latency is reported per intent. Leaves out the question-answering metrics
(metrics.py) and multi-turn follow-ups (tests/test_conversation.py drives those).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from .judge import key_facts_found
from .metrics import Score, percentile

DATA = Path(__file__).resolve().parent / "data"


def load(name: str, split: str | None = None) -> list[dict]:
    rows = [json.loads(l) for l in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


def score_intents(pipe, rows: list[dict]) -> dict:
    out = []
    for r in rows:
        t = time.perf_counter()
        a = pipe.answer(r["message"])
        ms = (time.perf_counter() - t) * 1000
        got = a.context.get("intent", "question")
        m = {"intent": Score(float(got == r["intent"]), f"expected {r['intent']}, got {got}")}
        if "article" in r:
            scope = list(a.context.get("articles", ()))
            m["scope"] = Score(float(scope == [r["article"]]), f"expected {r['article']}, got {scope}")
        if "articles" in r:
            # The articles the reply says speak to the topic: its sections, less those that only come
            # close without naming it (a typed "unnamed" or "closest" notice opens them).
            cited = sorted({b.article for b in a.blocks if b.kind == "section" and b.article
                            and not any(x.claim in ("unnamed", "closest") for x in b.blocks)})
            want = sorted(r["articles"])
            inter, union = len(set(cited) & set(want)), len(set(cited) | set(want))
            m["articles_exact"] = Score(float(cited == want), f"expected {want}, got {cited}")
            m["articles_jaccard"] = Score(inter / union if union else 1.0, "")
        out.append({"id": r["id"], "message": r["message"], "intent": r["intent"], "got": got, "ms": ms,
                    "answer": a.text, "metrics": {k: v.__dict__ for k, v in m.items()}})
    return _summary(out)


def _mean(rows, key):
    vals = [r["metrics"][key]["value"] for r in rows if key in r["metrics"]]
    return round(sum(vals) / len(vals), 4) if vals else None


def _summary(rows: list[dict]) -> dict:
    kinds = sorted({r["intent"] for r in rows})
    return {"n": len(rows), "intent_accuracy": _mean(rows, "intent"), "scope_accuracy": _mean(rows, "scope"),
            "per_article_exact": _mean(rows, "articles_exact"), "per_article_jaccard": _mean(rows, "articles_jaccard"),
            "by_intent": {k: {"n": sum(r["intent"] == k for r in rows),
                              "accuracy": _mean([r for r in rows if r["intent"] == k], "intent"),
                              "latency_p50_ms": round(percentile([r["ms"] for r in rows if r["got"] == k], 0.5) or 0, 1)}
                          for k in kinds},
            "errors": [{"message": r["message"], "expected": r["intent"], "got": r["got"]}
                       for r in rows if r["metrics"]["intent"]["value"] < 1],
            "rows": rows}


def score_summaries(pipe, rows: list[dict]) -> dict:
    out = []
    for r in rows:
        t = time.perf_counter()
        a = pipe.answer(f"Summarize article {r['article'].split('_')[0]}.")
        ms = (time.perf_counter() - t) * 1000
        found = key_facts_found(a.text, r["key_points"])
        lines = [x for b in a.blocks for x in b.walk() if x.kind == "item"]
        cited = all(s.citations for x in lines for s in x.sentences)
        out.append({"article": r["article"], "coverage": len(found) / len(r["key_points"]), "missing":
                    [k for k in r["key_points"] if k not in found], "all_cited": cited and bool(lines),
                    "sentences": len(lines), "ms": round(ms, 1), "answer": a.text})
    return {"n": len(out), "key_point_coverage": round(sum(r["coverage"] for r in out) / len(out), 4),
            "all_cited": all(r["all_cited"] for r in out),
            "latency_p50_ms": round(percentile([r["ms"] for r in out], 0.5), 1), "articles": out}
