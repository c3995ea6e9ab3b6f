"""eval: grounding evaluation of `rag` answers.

    from eval import evaluate
    report = evaluate("eval/data/dev.jsonl", backend="extractive", compare=True)
    report.summary["citation_precision"]

Command line: `python -m eval run [--backend NAME] [--set PATH] [--out DIR] [--compare]`.
"""
from .dataset import load_set, validate
from .runner import Report, Row, evaluate

__all__ = ["evaluate", "Report", "Row", "load_set", "validate"]
