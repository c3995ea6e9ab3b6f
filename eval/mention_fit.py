"""Fitting the mention check's bars (rag.decide.mentions) on tune: `fit_mentions`, called by
`python -m eval fit` with the rest of the scorer, or alone by `python -m eval fit
--mentions-only` (`refit_mentions`: the shipped weights with only these bars refitted).

The labelled (subject, article) pairs are those of eval/data/mentions.jsonl and the articles
across.jsonl's per-article views and comparisons ask about (silent or not). Leaves out the
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


def fit_mentions(work: Path, log=print) -> MentionThresholds:
    """The name, sentence and partial-words cosines above which an article counts as mentioning
    a subject: on the tune pairs (mention_pairs), the highest bars (the most true absences
    found) that call no mentioned pair silent, less MENTION_MARGIN."""
    pipe = scratch_pipeline(parse_set("dev:tune", purpose="fit", work=work), Settings.from_env(), work)
    rows = []
    for subject, article, mentioned in mention_pairs(pipe):
        b = pipe.bundles.get(article, pipe.store.current_sha(article))
        m = mentions(subject, b, pipe.corpus, MentionThresholds(entity=2.0, sentence=2.0, partial=2.0))
        rows.append((mentioned, m.found, *closest(subject, b, pipe.corpus)))  # words alone, then cosines
    best = None
    for ent in np.arange(0.50, 1.001, 0.05):
        for sent in np.arange(0.30, 1.001, 0.02):
            for part in np.arange(0.30, sent + 0.001, 0.02):
                found = [f or e >= ent or s >= sent or p >= part for _, f, e, s, p in rows]
                false_absent = sum(m and not f for (m, *_), f in zip(rows, found))
                recall = np.mean([not f for (m, *_), f in zip(rows, found) if not m])
                key = (false_absent == 0, recall, ent + sent + part)
                if best is None or key > best[0]:
                    best = (key, float(round(ent, 2)), float(round(sent, 2)), float(round(part, 2)))
    (ok, recall, _), ent, sent, part = best
    ent, sent, part = (x if x >= 1.0 else round(x - MENTION_MARGIN, 2) for x in (ent, sent, part))
    found = [f or e >= ent or s >= sent or p >= part for _, f, e, s, p in rows]
    recall = np.mean([not f for (m, *_), f in zip(rows, found) if not m])
    log(f"mentions: name cosine {ent}, sentence cosine {sent}, partial {part} (margin {MENTION_MARGIN}): absence "
        f"recall {recall:.3f} on {len(rows)} tune pairs{'' if ok else ' (some mentioned pair is still called silent)'}")
    return MentionThresholds(entity=ent, sentence=sent, partial=part)


def refit_mentions(work: Path | str = "eval/out", out: Path | str = WEIGHTS, log=print) -> Scorer:
    """The shipped weights with only the mention bars refitted (`fit --mentions-only`)."""
    from rag.decide.scorer import load as load_scorer
    scorer = load_scorer(Path(out)) if Path(out).exists() else load_scorer()
    scorer = replace(scorer, mentions=fit_mentions(Path(work), log))
    scorer.write(Path(out))
    log(f"wrote {out}")
    return scorer


