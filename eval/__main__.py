"""Command line: `python -m eval run|validate|calibrate|fit|rerank|vouch|...`.

    python -m eval run --set dev:test --compare
    python -m eval run --set squad2:test --sample 200 --compare
    python -m eval validate
    python -m eval calibrate --set dev:tune      # test splits are refused
    python -m eval probe --set fresh:tune        # generated unanswerables refused (tune only)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.settings import BACKENDS

from .dataset import DEFAULT_SET, load_set, validate
from .judge import JUDGES
from .sets import TestSplitError, parse_set


def _run(args) -> int:
    from rag import RagError
    from .report import summary_table, worst, write
    from .runner import evaluate
    try:
        report = evaluate(args.set, backend=args.backend, judge=args.judge, compare=args.compare,
                          sample=args.sample, seed=args.seed, work=Path(args.work))
    except (RagError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    out = Path(args.out) / report.set_name.replace(":", "-").replace("/", "_")
    paths = write(report, out)
    print(summary_table(report))
    print("\nWorst questions:")
    for row in worst(report):
        print(f"  {row.id} ({row.type}) {row.question}\n      {row.answer[:160]}\n      -> {row.failure[:200]}")
    print(f"\nwrote {', '.join(str(p) for p in paths.values())}")
    return 0


def _probe(args) -> int:
    from .probe import probe, write
    try:
        report = probe(args.set, work=Path(args.work))
    except ValueError as e:     # a test split (TestSplitError), or a set with no tune split
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(report.table())
    print(f"wrote {write(report, Path(args.out))}")
    return 0


def _calibrate_guard(es) -> int:
    """The guard's support score of reference answers (written in other words, as an LLM
    would) against the passages holding their gold quotes, and against another item's."""
    from rag import Settings
    from .runner import scratch_pipeline
    pipe = scratch_pipeline(es, Settings.from_env(), Path("eval/out"))
    items = [i for i in es.items if i.gold and i.answer]

    def passages(item):
        out = []
        for g in item.gold:
            for c in pipe.store.chunks(article_id=g.source):
                text = pipe.store.article_text(g.source) or ""
                at = text.find(g.quote)
                if c.start <= at < c.end:
                    out.append(c.text)
        return out
    match = [max((pipe.support(it.answer, p) for p in passages(it)), default=0.0) for it in items]
    other = [max((pipe.support(it.answer, p) for p in passages(items[(n + 7) % len(items)])), default=0.0)
             for n, it in enumerate(items)]
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        print(f"guard threshold {t:.2f}: own passages support {sum(x >= t for x in match) / len(match):.2f}, "
              f"another item's {sum(x >= t for x in other) / len(other):.2f}  (n={len(items)})")
    return 0


def _calibrate(args) -> int:
    """Lexical-judge scores of reference answers against their own gold quotes vs another item's."""
    from .judge import entailment
    try:
        es = parse_set(args.set, purpose="fit")
    except (TestSplitError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.guard:
        return _calibrate_guard(es)
    items = [i for i in es.items if i.gold and i.answer]
    match = [entailment(it.answer, [g.quote for g in it.gold]) for it in items]
    mismatch = [entailment(it.answer, [g.quote for g in items[(n + 7) % len(items)].gold]) for n, it in enumerate(items)]
    for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.9):
        tp = sum(s >= t for s in match) / len(match)
        fp = sum(s >= t for s in mismatch) / len(mismatch)
        print(f"threshold {t:.2f}: matched pairs supported {tp:.2f}, mismatched pairs supported {fp:.2f}")
    return 0


def _feedback(args) -> int:
    import json
    from index import Settings as IndexSettings
    from rag.feedback import FeedbackError, FeedbackStore
    path = IndexSettings.from_env().data_dir / "feedback.sqlite3"
    if not path.exists():
        print(f"error: no ratings yet: {path} does not exist (rate answers in the UI first).", file=sys.stderr)
        return 1
    try:
        rows = FeedbackStore(path).rows(args.rating)
    except FeedbackError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(rows)} ratings to {args.out}", file=sys.stderr)
    return 0


def _conversation(args) -> int:
    import json
    from rag import Settings
    from .conversation import load, score_intents, score_summaries
    from .runner import scratch_pipeline
    from .sets import parse_set
    pipe = scratch_pipeline(parse_set("dev", work=Path(args.work)), Settings.from_env(), Path(args.work))
    pipe.answer("hello")  # warm
    intents = score_intents(pipe, load("intents", args.split))
    summaries = score_summaries(pipe, load("summaries"))
    out = Path(args.out) / "conversation"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps({"split": args.split, "intents": intents, "summaries": summaries},
                                                indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"intents:{args.split}  n={intents['n']}  intent accuracy {intents['intent_accuracy']}  scope accuracy "
          f"{intents['scope_accuracy']}  per-article exact {intents['per_article_exact']} "
          f"jaccard {intents['per_article_jaccard']}")
    for k, v in intents["by_intent"].items():
        print(f"  {k:12} n={v['n']:3} accuracy {v['accuracy']}  p50 {v['latency_p50_ms']} ms")
    for e in intents["errors"]:
        print(f"  wrong: {e['message']!r} expected {e['expected']}, got {e['got']}")
    print(f"summaries: key-point coverage {summaries['key_point_coverage']}, every line cited "
          f"{summaries['all_cited']}, p50 {summaries['latency_p50_ms']} ms")
    for r in summaries["articles"]:
        print(f"  {r['article']}: {r['coverage']:.2f} ({r['sentences']} sentences) missing {r['missing']}")
    print(f"wrote {out / 'report.json'}")
    return 0


def _across(args) -> int:
    import json
    from rag import Settings
    from rag.understand.message import REFERENCE_CONFIDENCE
    from .across import DATA, load, score_across, score_mentions
    from .runner import scratch_pipeline
    from .sets import EvalSet
    if args.corpus:
        # another collection of articles with its own cross-article questions: acrossx is tune
        # (asked once blind, then tuned on), acrossy test (written blind, only ever measured)
        folder = DATA / args.corpus
        es = EvalSet(args.corpus, "dev", (), tuple(sorted((folder / "articles").iterdir())))
        splits = {r.get("split") for r in load("across", None, args.corpus)}
        name, split = args.corpus, args.split or (splits.pop() if len(splits) == 1 else "tune")
    else:
        es, name, split = parse_set("dev", work=Path(args.work)), "across", args.split or "test"
    pipe = scratch_pipeline(es, Settings.from_env(), Path(args.work))
    pipe.answer("hello")  # warm
    ac = score_across(pipe, load("across", split, args.corpus), REFERENCE_CONFIDENCE)
    mn = score_mentions(pipe, load("mentions", split, args.corpus))
    out = Path(args.out) / f"{name}-{split}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps({"split": split, "across": ac, "mentions": mn}, indent=1,
                                                ensure_ascii=False), encoding="utf-8")
    print(f"{name}:{split}  n={ac['n']}  reference accuracy {ac['reference_accuracy']} (named only "
          f"{ac['reference_accuracy_named']})  truthfulness {ac['truthfulness']}  replies with a false absence "
          f"{ac['false_absence_replies']}  false 'does not name/say' {ac['false_unnamed_replies']}  p50 {ac['latency_p50_ms']} ms")
    for k, v in ac["by_type"].items():
        print(f"  {k:17} n={v['n']:3} truthfulness {v['truthfulness']}  reference accuracy {v['reference_accuracy']}")
    for k, v in ac["by_ref_how"].items():
        print(f"  named by {k:12} n={v['n']:3} reference accuracy {v['reference_accuracy']}")
    print(f"mentions:{split}  n={mn['n']}  false 'not mentioned' {mn['false_not_mentioned']}  "
          f"recall of true absences {mn['absence_recall']}  presence recall {mn['presence_recall']}")
    print(f"wrote {out / 'report.json'}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval", description="Grounding evaluation.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="answer every question, score, write report.{json,md,html}")
    r.add_argument("--set", default="dev", help="dev, dev:tune, dev:test, squad2, squad2:tune, squad2:test or a .jsonl")
    r.add_argument("--backend", default="extractive", choices=BACKENDS)
    r.add_argument("--judge", default="lexical", choices=JUDGES)
    r.add_argument("--compare", action="store_true", help="also run the plain dense baseline")
    r.add_argument("--sample", type=int, help="per side (answerable / unanswerable) for squad2; in all for dev")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--out", default="eval/out", help="reports go to OUT/<set>/")
    r.add_argument("--work", default="eval/out", help="scratch indexes and article files")
    v = sub.add_parser("validate", help="check every gold quote is verbatim in the articles")
    v.add_argument("--set", default=str(DEFAULT_SET))
    v.add_argument("--articles", default=str(Path(__file__).resolve().parent.parent / "data" / "articles"))
    c = sub.add_parser("calibrate", help="lexical-judge scores, matched vs mismatched pairs (tune splits only)")
    c.add_argument("--set", default="dev:tune")
    c.add_argument("--guard", action="store_true", help="the guard's support threshold instead of the judge's")
    cv = sub.add_parser("conversation", help="intents, scopes, per-article views and summaries on the bundled articles")
    cv.add_argument("--split", default="test", choices=["tune", "test"])
    cv.add_argument("--out", default="eval/out")
    cv.add_argument("--work", default="eval/out")
    ac = sub.add_parser("across", help="cross-article questions (references, comparisons) and absence claims")
    ac.add_argument("--split", default=None, choices=["tune", "test"],
                    help="default: test, or for --corpus the split its questions are in")
    ac.add_argument("--out", default="eval/out")
    ac.add_argument("--work", default="eval/out")
    ac.add_argument("--corpus", default=None,
                    help="another collection under eval/data/ (articles/, across.jsonl, mentions.jsonl), "
                         "e.g. acrossx (tune) or acrossy (test)")
    fb = sub.add_parser("feedback", help="export readers' ratings (RAG_DATA_DIR/feedback.sqlite3) as JSON lines")
    fb.add_argument("--out", default="-", help="a file, or - for standard output")
    fb.add_argument("--rating", choices=["up", "down"], help="only these ratings")
    f = sub.add_parser("fit", help="fit the answer scorer and gates on the tune splits (dev, squad2, fresh) "
                                   "and hard cases made from them, write rag/decide/scorer.json")
    f.add_argument("--out", default=None, help="where to write the weights (default: rag/decide/scorer.json)")
    f.add_argument("--work", default="eval/out")
    f.add_argument("--mentions-only", action="store_true",
                   help="refit only the mention check's bars (a few seconds), keep the rest of the weights")
    rr = sub.add_parser("rerank", help="train the cross-encoder reranker on the tune splits (~30 min on 2 cores), "
                                       "write rag/decide/reranker.safetensors and reranker.json")
    rr.add_argument("--work", default="eval/out")
    rr.add_argument("--questions", default=None,
                    help="collected tune questions from an earlier run (default: WORK/rerank-questions.json if present)")
    vo = sub.add_parser("vouch", help="choose when the reranker may answer a question the answerability threshold "
                                      "refused, on the tune splits (eval/vouch.py); writes reranker.json's vouch")
    vo.add_argument("--work", default="eval/out")
    pr = sub.add_parser("probe", help="how often generated unanswerable questions (entity swaps, removed "
                                      "headlines) made from a tune set are refused (eval/probe.py)")
    pr.add_argument("--set", default="fresh:tune")
    pr.add_argument("--out", default="eval/out", help="the answered ones go to OUT/probe-<set>.json")
    pr.add_argument("--work", default="eval/out")
    args = ap.parse_args(argv)

    if args.cmd == "feedback":
        return _feedback(args)
    if args.cmd == "conversation":
        return _conversation(args)
    if args.cmd == "across":
        return _across(args)
    if args.cmd == "fit":
        from rag.decide.scorer import WEIGHTS
        from .fit import fit
        from .mention_fit import refit_mentions
        if args.mentions_only:
            refit_mentions(work=Path(args.work), out=Path(args.out) if args.out else WEIGHTS)
        else:
            fit(work=Path(args.work), out=Path(args.out) if args.out else WEIGHTS)
        return 0
    if args.cmd == "rerank":
        from .rerank import main as train_reranker
        train_reranker(work=Path(args.work), questions_file=Path(args.questions) if args.questions else None)
        return 0
    if args.cmd == "vouch":
        from .vouch import main as choose_vouch
        choose_vouch(work=Path(args.work))
        return 0
    if args.cmd == "validate":
        items = load_set(args.set)
        problems = validate(items, args.articles)
        for p in problems:
            print(p)
        print(f"{len(items)} items, {len(problems)} problems")
        return 1 if problems else 0
    if args.cmd == "calibrate":
        return _calibrate(args)
    if args.cmd == "probe":
        return _probe(args)
    return _run(args)


if __name__ == "__main__":
    sys.exit(main())
