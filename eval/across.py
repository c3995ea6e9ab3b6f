"""Evaluating questions across articles and claims of absence (`python -m eval across`).

`across.jsonl` (split tune/test): comparisons, per-article views, "which article" and
article-scoped questions, each naming articles some way (file, ordinal, author, site, title,
date, description, previous turn). Scored per question:
* reference accuracy — the articles the system took the message to name (its trace's
  references, confidence >= the scope bar) are exactly the labelled `refs`;
* truthfulness — +1 when every key fact is in the reply and every "not mentioned" claim is
  true (the article is in the labelled `silent` list), -1 when a claim of absence is false or
  the reply holds none of the key facts, 0 otherwise;
* false absence — replies claiming an article is silent on the subject when it is not;
* false "does not name / say" — replies saying of an article that it does not name the subject
  (or does not say what was asked) when a labelled gold quote comes from that article: the
  article speaks to the question, so the claim misleads (kept apart from truthfulness, which
  counts only claims of silence, so figures stay comparable with earlier stops).
`mentions.jsonl`: (subject, article) pairs labelled by reading; the product's mention check
is scored for false "not mentioned" (must be zero) and recall of true absences.
Absence claims are read from the reply's typed blocks (notices naming an article), never
parsed from its text. Leaves out the answer metrics of single questions (metrics.py).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from .judge import key_facts_found
from .metrics import percentile

DATA = Path(__file__).resolve().parent / "data"


def load(name: str, split: str | None = None, corpus: str | None = None) -> list[dict]:
    """The rows of `name` (across | mentions) of the bundled articles, or of another collection
    under eval/data/<corpus>/."""
    path = DATA / corpus / f"{name}.jsonl" if corpus else DATA / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split") == split]


def absence_claims(a, articles: set[str] = frozenset()) -> set[str]:
    """Articles the reply says are silent on the subject: its typed "silent" notices, and every
    article of `articles` when a "none" notice says no article names it."""
    notices = [x for b in a.blocks for x in b.walk() if x.kind == "notice"]
    return {x.article for x in notices if x.claim == "silent"} | \
        (set(articles) if any(x.claim == "none" for x in notices) else set())


def unnamed_claims(a) -> set[str]:
    """Articles the reply says do not name the subject (or do not say what was asked)."""
    return {x.article for b in a.blocks for x in b.walk() if x.kind == "notice" and x.claim == "unnamed"}


def _ask(pipe, r: dict):
    history = []
    for m in r.get("history", []):
        history.append({"role": m["role"], "content": m["content"]})
    if history and history[-1]["role"] == "assistant":
        # the earlier turn, answered by the system itself, so its context is the system's own
        prior = pipe.answer(history[-2]["content"]) if len(history) >= 2 else None
        if prior is not None:
            history[-1] = {"role": "assistant", "content": prior.text, "context": prior.context}
    return pipe.answer(r["question"], history)


def score_across(pipe, rows: list[dict], confidence: float) -> dict:
    out = []
    for r in rows:
        t = time.perf_counter()
        a = _ask(pipe, r)
        ms = (time.perf_counter() - t) * 1000
        named = sorted({art for art, how, conf in a.trace.references if conf >= confidence})
        ref_ok = named == sorted(r["refs"])
        claims = absence_claims(a, {i.id for i in pipe.store.current_articles()})
        false_absence = sorted(claims - set(r.get("silent", [])))
        false_unnamed = sorted(unnamed_claims(a) & {g["source"] for g in r.get("gold", [])})
        facts = r.get("key_facts", [])
        found = key_facts_found(a.text, facts) if facts else []
        if false_absence or (facts and not found and not a.abstained):
            truth = -1
        elif len(found) == len(facts) and (facts or claims or a.abstained):
            truth = 1
        else:
            truth = 0
        out.append({"id": r["id"], "type": r["type"], "ref_how": r.get("ref_how", []), "question": r["question"],
                    "refs": r["refs"], "named": named, "ref_ok": ref_ok, "truth": truth,
                    "false_absence": false_absence, "false_unnamed": false_unnamed, "missing_facts": [f for f in facts if f not in found],
                    "intent": a.trace.intent, "ms": round(ms, 1), "answer": a.text})
    return _summary(out)


def _mean(rows, key):
    vals = [float(r[key]) for r in rows]
    return round(sum(vals) / len(vals), 4) if vals else None


def _summary(rows: list[dict]) -> dict:
    types = sorted({r["type"] for r in rows})
    hows = sorted({h for r in rows for h in r["ref_how"]})
    named = [r for r in rows if r["refs"]]
    return {"n": len(rows), "reference_accuracy": _mean(rows, "ref_ok"),
            "reference_accuracy_named": _mean(named, "ref_ok"),
            "truthfulness": _mean(rows, "truth"),
            "false_absence_replies": sum(bool(r["false_absence"]) for r in rows),
            "false_unnamed_replies": sum(bool(r.get("false_unnamed")) for r in rows),
            "latency_p50_ms": round(percentile([r["ms"] for r in rows], 0.5) or 0, 1),
            "by_type": {t: {"n": sum(r["type"] == t for r in rows),
                            "truthfulness": _mean([r for r in rows if r["type"] == t], "truth"),
                            "reference_accuracy": _mean([r for r in rows if r["type"] == t], "ref_ok")} for t in types},
            "by_ref_how": {h: {"n": sum(h in r["ref_how"] for r in rows),
                               "reference_accuracy": _mean([r for r in rows if h in r["ref_how"]], "ref_ok")}
                           for h in hows},
            "rows": rows}


def score_mentions(pipe, rows: list[dict]) -> dict:
    """The product's mention check on labelled (subject, article) pairs."""
    from rag.decide.mentions import mentions
    from rag.decide.roles import by_holder, holders, roles_of
    from rag.decide.described import by_description, descriptions
    everyone = [b for info in pipe.store.current_articles() if (b := pipe.bundles.get(info.id, info.sha)) is not None]
    out = []
    for r in rows:
        sha = pipe.store.current_sha(r["article"])
        b = pipe.bundles.get(r["article"], sha) if sha else None
        if b is None:
            continue
        # as a reply checks it: words, spellings, names, meaning, then who holds the role or which role the person
        # holds, then what the collection says the subject is
        m = by_holder(mentions(r["subject"], b, pipe.corpus, pipe.scorer.mentions), r["subject"],
                      holders(r["subject"], everyone), b, pipe.corpus, roles_of(r["subject"], everyone))
        m = by_description(m, descriptions(r["subject"], everyone), b)
        out.append({"id": r["id"], "subject": r["subject"], "article": r["article"], "mentioned": r["mentioned"],
                    "found": m.found, "how": m.how, "evidence": m.evidence[:120]})
    present = [x for x in out if x["mentioned"]]
    absent = [x for x in out if not x["mentioned"]]
    return {"n": len(out), "false_not_mentioned": sum(not x["found"] for x in present),
            "absence_recall": round(sum(not x["found"] for x in absent) / len(absent), 4) if absent else None,
            "presence_recall": round(sum(x["found"] for x in present) / len(present), 4) if present else None,
            "rows": out}
