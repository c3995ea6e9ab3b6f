"""The hard-case probe: how often the bot refuses questions made unanswerable from a tune set.

`python -m eval probe --set fresh:tune` makes, from every answerable question of a tune set,
an entity swap (one of its names replaced by another name of the same kind from the same
article that never shares a sentence with the gold answer) and questions about the headlines
the cleaner removed (eval/hard.py makes both, as for fitting), asks the product each, and
reports the share refused (an abstention, or a reply saying what the articles lack) per kind.
The answered ones go to `OUT/probe-<set>.json` to read.

Why it exists: at stop 52 the hand-written entity swaps of fresh:tune were refused 87% of the
time and the blind held-out ones about half: the anchor rules had been written against the
former. Generated swaps of fresh:tune were refused 35%: the held-out picture, on tune data, so
a change to the anchor rules can be judged here before a held-out run. Generated swaps are
noisy (some read oddly; a few may still be answered by the article, a capital standing for its
country): compare two versions of the code on the same swaps rather than read the share as a
target. Tune splits only: test splits are refused, as for fitting. Leaves out scoring answers
(there is no gold beyond "unanswerable") and any fitting (eval/fit.py).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from . import hard
from .sets import parse_set


@dataclass(frozen=True)
class Probed:
    question: str
    kind: str          # "swap" or "headline"
    source: str        # the question it was made from, or the removed headline
    refused: bool
    answer: str


@dataclass(frozen=True)
class ProbeReport:
    set_name: str
    rows: tuple[Probed, ...]

    def shares(self) -> dict[str, tuple[int, float]]:
        """Per kind: (questions, share refused)."""
        n, refused = Counter(r.kind for r in self.rows), Counter(r.kind for r in self.rows if r.refused)
        return {k: (n[k], refused[k] / n[k]) for k in sorted(n)}

    def table(self) -> str:
        lines = [f"{self.set_name}: generated unanswerable questions refused"]
        lines += [f"  {k:<9} {share:.3f} of {n}" for k, (n, share) in self.shares().items()]
        return "\n".join(lines)


def probe(spec: str, pipeline=None, work: Path | str = "eval/out", seed: int = 0) -> ProbeReport:
    """Ask the hard cases made from a tune set (`spec`, e.g. "fresh:tune"); `pipeline` defaults
    to a scratch one over the set's articles, as `eval run` builds."""
    from rag import Settings
    from rag.understand.question import analyze
    from .runner import scratch_pipeline
    es = parse_set(spec, purpose="fit", work=Path(work))
    pipe = pipeline or scratch_pipeline(es, Settings.from_env(), Path(work))
    items = hard.answerable_items(es)
    made = hard.swaps(pipe.store, items, analyze, seed=seed) + hard.headlines(pipe.store, seed=seed)
    rows = []
    for g in made:
        a = pipe.answer(g.question)
        rows.append(Probed(g.question, g.kind, g.source, a.abstained, a.text))
    return ProbeReport(es.name, tuple(rows))


def write(report: ProbeReport, out: Path | str) -> Path:
    """The answered (not refused) questions with their answers, and the shares, as JSON."""
    path = Path(out) / f"probe-{report.set_name.replace(':', '-')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"set": report.set_name, "shares": report.shares(),
                                "answered": [asdict(r) for r in report.rows if not r.refused]}, indent=1))
    return path
