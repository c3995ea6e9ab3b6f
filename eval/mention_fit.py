"""Fitting the mention check's bars (rag.decide.mentions) on tune: `fit_mentions`, called by
`python -m eval fit` with the rest of the scorer, or alone by `python -m eval fit
--mentions-only` (`refit_mentions`: the shipped weights with only these bars refitted).

The labelled (subject, article) pairs are those of eval/data/mentions.jsonl, the articles
across.jsonl's per-article views and comparisons ask about (silent or not), and the tune rows
of the other collections' mentions.jsonl (eval/data/acrossx, acrossz; a test collection such
as acrossy has none). Leaves out the
answer scorer (fit.py).
"""
from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from rag import Settings
from rag.decide.mentions import MentionThresholds, closest, mentions
from rag.decide.scorer import WEIGHTS, Scorer

from .runner import scratch_pipeline
from .sets import parse_set

# Each fitted mention bar is lowered this much below the highest bar that calls no tune pair
# silent: on tune the mentioned pairs found only by meaning sit within a few hundredths of
# their bar, so a mentioned pair elsewhere is as likely to fall just under it. One step of
# the grid below; a choice (not fitted), made for safety: a false "not mentioned" costs more
# than a missed absence.
MENTION_MARGIN = 0.02


def mention_pairs(pipe) -> list[tuple[str, str, bool]]:
    """(subject, article, mentioned) labelled on tune: the pairs of eval/data/mentions.jsonl, and
    those of across.jsonl's per-article views and comparisons (the subject as the system reads
    it from the message; each article asked about is silent on it when listed in `silent`,
    otherwise it speaks of it). "Which article" questions claim no silence: their articles
    are not labelled."""
    from .across import _ask, load
    out = [(r["subject"], r["article"], bool(r["mentioned"])) for r in load("mentions", "tune")]
    for r in load("across", "tune"):
        if r["type"] not in ("per-article", "comparison"):
            continue
        # the trace's checks name each article searched and the subject searched for
        for check in _ask(pipe, r).trace.checks:
            m = re.match(r"searched “.*” \((.+?)\) for (.+)$", check)
            if m:
                art = m.group(1)
                out.append((ast.literal_eval(m.group(2)), art, art not in r.get("silent", [])))
    return out


def _collection_pairs(work: Path) -> list[tuple[bool, bool, float, float, float]]:
    """The tune pairs of the other article collections under eval/data/ (their mentions.jsonl
    rows in the tune split; a test collection has none), each checked in its own scratch index."""
    from .across import DATA, load
    from .sets import EvalSet
    out = []
    for folder in sorted(p for p in DATA.iterdir() if (p / "mentions.jsonl").exists() and (p / "articles").is_dir()):
        rows = load("mentions", "tune", folder.name)
        if not rows:
            continue
        es = EvalSet(folder.name, "dev", (), tuple(sorted((folder / "articles").iterdir())))
        pipe = scratch_pipeline(es, Settings.from_env(), work)
        out += [_row(pipe, r["subject"], r["article"], bool(r["mentioned"])) for r in rows]
    return out


def _row(pipe, subject: str, article: str, mentioned: bool) -> tuple[bool, bool, float, float, float]:
    """(mentioned, named by its own words alone, name, sentence and partial cosines)."""
    b = pipe.bundles.get(article, pipe.store.current_sha(article))
    m = mentions(subject, b, pipe.corpus, MentionThresholds(entity=2.0, sentence=2.0, partial=2.0))
    return (mentioned, m.found, *closest(subject, b, pipe.corpus))


def _found(rows, ent: float, sent: float, part: float) -> list[bool]:
    return [f or e >= ent or s >= sent or p >= part for _, f, e, s, p in rows]


def _recall(rows, found) -> float:
    return float(np.mean([not f for r, f in zip(rows, found) if not r[0]]))


def fit_mentions(work: Path, log=print) -> MentionThresholds:
    """The name, sentence and partial-words cosines above which an article counts as mentioning
    a subject: on the tune pairs (mention_pairs, and the tune pairs of the other collections),
    the highest bars (the most true absences found) that call no mentioned pair silent, less
    MENTION_MARGIN."""
    pipe = scratch_pipeline(parse_set("dev:tune", purpose="fit", work=work), Settings.from_env(), work)
    rows = [_row(pipe, *pair) for pair in mention_pairs(pipe)] + _collection_pairs(work)
    best = None
    for ent in np.arange(0.50, 1.001, 0.05):
        for sent in np.arange(0.30, 1.001, 0.02):
            for part in np.arange(0.30, sent + 0.001, 0.02):
                found = _found(rows, ent, sent, part)
                false_absent = sum(r[0] and not f for r, f in zip(rows, found))
                # fewest mentioned pairs called silent first: a pair no bar of the grid finds (named
                # only by a metonym, say) counts against every choice alike
                key = (-false_absent, _recall(rows, found), ent + sent + part)
                if best is None or key > best[0]:
                    best = (key, float(round(ent, 2)), float(round(sent, 2)), float(round(part, 2)))
    (missed, _, _), ent, sent, part = best
    ent, sent, part = (x if x >= 1.0 else round(x - MENTION_MARGIN, 2) for x in (ent, sent, part))

    recall = _recall(rows, _found(rows, ent, sent, part))
    log(f"mentions: name cosine {ent}, sentence cosine {sent}, partial {part} (margin "
        f"{MENTION_MARGIN}): absence recall {recall:.3f} on {len(rows)} tune pairs"
        f"{f' ({-missed} mentioned pairs no bar finds)' if missed else ''}")
    return MentionThresholds(entity=ent, sentence=sent, partial=part)


def refit_mentions(work: Path | str = "eval/out", out: Path | str = WEIGHTS, log=print) -> Scorer:
    """The shipped weights with only the mention bars refitted (`fit --mentions-only`)."""
    from rag.decide.scorer import load as load_scorer
    scorer = load_scorer(Path(out)) if Path(out).exists() else load_scorer()
    scorer = replace(scorer, mentions=fit_mentions(Path(work), log))
    scorer.write(Path(out))
    log(f"wrote {out}")
    return scorer


