"""When the reranker may vouch for an answer the threshold refused: `python -m eval vouch`.

The answerability model reads words, so a question in other words than its answer ("How
regularly do the researchers drive out to inspect the instruments?" over "a small team makes the
trip once a fortnight to check the equipment") can fall just under its threshold though the gate
found the answering sentence. The cross-encoder reads meaning: `Rerank.vouches` answers with
that sentence when P(answerable) is at least a floor and the reranker scores it at least a bar.

This collects, on the tune splits only (`eval.sets.parse_set(..., purpose="fit")`), every
question whose gate found an answer the threshold refused, with P, the reranker's score of the
sentence and whether it holds the gold (labels as `eval fit` reads them), then chooses the floor
and bar answering the most gold-holding sentences less every other answer (an unanswerable
question answered, or an answerable one answered with the wrong sentence, costs one each), ties
to the higher bar and floor. Writes `vouch` into rag/decide/reranker.json. The bar is on this
reranker's scores: a retrain (`eval rerank`) drops it, to be chosen again. Leaves out any other
use of the reranker's score (as an answerability gate of its own it lost more right answers than
wrong ones on fresh:tune, stop 76).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from rag import Settings
from rag.decide.decision import settle
from rag.decide.reranker import META, Reranker
from rag.understand.history import condense
from rag.understand.question import analyze

from .fit import _dev_labels, _squad_labels
from .runner import scratch_pipeline
from .sets import parse_set

SETS = ("fresh:tune", "dev:tune", "squad2:tune")
FLOORS = (0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10)
BARS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)


def collect(work: Path, log=print) -> list[dict]:
    """Each tune question the threshold alone refused: {set, q, p, score, gold, answerable}."""
    model, base, rows = Reranker(), Settings.from_env(), []
    for spec in SETS:
        es = parse_set(spec, purpose="fit", work=work)
        pipe = scratch_pipeline(es, base, work)
        texts = {a.id: pipe.store.article_text(a.id) for a in pipe.store.current_articles()}
        n0 = len(rows)
        for item in es.items:
            ev = pipe.evidence(analyze(condense(item.question, list(getattr(item, "history", ())))))
            d = settle(ev, pipe.scorer)
            if d.held is None:
                continue
            labels = _squad_labels(ev, item, texts) if spec.startswith("squad2") else _dev_labels(ev, item)
            gold = bool(labels[ev.candidates.index(d.held)])
            rows.append({"set": spec, "q": item.question, "p": round(d.answerable, 4),
                         "score": round(float(model.scores(item.question, [d.held.text])[0]), 3),
                         "gold": gold, "answerable": bool(item.answerable)})
        log(f"{spec}: {len(rows) - n0} of {len(es.items)} questions refused by the threshold alone")
    return rows


def net(rows: list[dict], floor: float, bar: float) -> tuple[int, int, int]:
    """(gold answers gained, unanswerable questions answered, wrong sentences answered)."""
    took = [r for r in rows if r["p"] >= floor and r["score"] >= bar]
    return (sum(r["gold"] for r in took), sum(not r["answerable"] for r in took),
            sum(r["answerable"] and not r["gold"] for r in took))


def choose_vouch(rows: list[dict]) -> tuple[float, float, tuple[int, int, int]]:
    """The floor and bar with the most gold answers less other answers (ties: higher bar, floor)."""
    grid = {(f, b): net(rows, f, b) for f in FLOORS for b in BARS}
    (floor, bar), got = max(grid.items(), key=lambda kv: (kv[1][0] - kv[1][1] - kv[1][2], kv[0][1], kv[0][0]))
    return floor, bar, got


def main(work: Path, log=print) -> dict:
    rows = collect(work, log)
    (work / "vouch-rows.json").write_text(json.dumps(rows, indent=0), encoding="utf-8")
    floor, bar, (gained, unanswerable, wrong) = choose_vouch(rows)
    vouch = {"answerable": floor, "score": bar, "date": time.strftime("%Y-%m-%d"), "made_by": "python -m eval vouch",
             "tune": {"refused_by_the_threshold_alone": {s: sum(r["set"] == s for r in rows) for s in SETS},
                      "answered_with_the_gold": gained, "unanswerable_answered": unanswerable,
                      "answered_with_another_sentence": wrong}}
    meta = json.loads(META.read_text(encoding="utf-8"))
    meta["vouch"] = vouch
    META.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"vouch: P >= {floor}, reranker score >= {bar}: {gained} gold answers, {unanswerable} unanswerable "
        f"and {wrong} wrong-sentence answers on tune; wrote {META}")
    return vouch
