"""eval: grounding evaluation of `rag` answers on sets nobody tuned on.

    from eval import evaluate
    report = evaluate("dev:test", compare=True)
    report.summary["key_fact_recall"], report.by_type["why"]

Command line: `python -m eval run --set dev:test --compare` (see eval/README.md).
"""
from .dataset import load_set, validate
from .runner import Report, Row, evaluate
from .sets import parse_set

__all__ = ["evaluate", "Report", "Row", "load_set", "validate", "parse_set"]
