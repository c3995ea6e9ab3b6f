"""Command line: `python -m eval run|validate|calibrate`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.settings import BACKENDS

from .dataset import DEFAULT_SET, load_set, validate


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval", description="Grounding evaluation.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="answer every question, score, write report.{json,md,html}")
    r.add_argument("--backend", default="extractive", choices=BACKENDS)
    r.add_argument("--set", default=str(DEFAULT_SET))
    r.add_argument("--out", default="eval/out")
    r.add_argument("--compare", action="store_true", help="also run the plain dense baseline")
    r.add_argument("--judge", default="support", choices=["support", "verbatim", "llm"])
    v = sub.add_parser("validate", help="check every gold quote is verbatim in the articles")
    v.add_argument("--set", default=str(DEFAULT_SET))
    v.add_argument("--articles", default=str(Path(__file__).resolve().parent.parent / "data" / "articles"))
    sub.add_parser("calibrate", help="support-judge scores for matched vs mismatched (answer, passage) pairs")
    args = ap.parse_args(argv)

    if args.cmd == "validate":
        problems = validate(load_set(args.set), args.articles)
        for p in problems:
            print(p)
        print(f"{len(load_set(args.set))} items, {len(problems)} problems")
        return 1 if problems else 0
    if args.cmd == "calibrate":
        return _calibrate()

    from rag import RagError
    from .report import summary_table, worst, write
    from .runner import evaluate
    try:
        report = evaluate(args.set, backend=args.backend, judge=args.judge, compare=args.compare)
    except (RagError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    paths = write(report, args.out)
    print(summary_table(report))
    print("\nWorst questions:")
    for row in worst(report):
        print(f"  {row.id} ({row.type}) {row.question}\n      {row.failure}")
    print(f"\nwrote {', '.join(str(p) for p in paths.values())}")
    return 0


def _calibrate() -> int:
    """Scores of reference answers against their own gold quotes vs other questions' quotes."""
    from rag import Pipeline
    from .judge import SupportJudge
    pipe = Pipeline()
    j = SupportJudge(pipe.evidence)
    items = [i for i in load_set() if i.gold and i.answer]
    match, mismatch = [], []
    for n, it in enumerate(items):
        other = items[(n + 7) % len(items)]
        match.append(j.score(it.answer, [g.quote for g in it.gold]))
        mismatch.append(j.score(it.answer, [g.quote for g in other.gold]))
    for t in (0.4, 0.5, 0.6, 0.7):
        tp = sum(s >= t for s in match) / len(match)
        fp = sum(s >= t for s in mismatch) / len(mismatch)
        print(f"threshold {t:.1f}: matched pairs supported {tp:.2f}, mismatched pairs supported {fp:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
