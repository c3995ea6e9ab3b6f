"""Fit the answer scorer on tune data only: `python -m eval fit`.

Data: every question of `squad2:tune` (six SQuAD 2.0 articles, half the questions
unanswerable), `dev:tune` and `fresh:tune`, each run through the product's own retrieval,
candidate features and binding (`Pipeline.evidence`, `rag.decide.binding`); then hard
unanswerable cases made from them (eval/hard.py: entity swaps, questions about removed
headlines), questions of one corpus asked of another, and answerable questions asked again
without their answer sentences. Labels: a candidate sentence is positive when it holds a
gold answer (SQuAD: the answer's span; dev: a gold quote). Then:

1. the sentence model — logistic regression on the candidate features, regularisation
   chosen by cross-validation grouped by article (no article is both fitted and scored);
2. the answerability model — logistic regression on question-level features computed from
   out-of-fold sentence probabilities; positives are answerable questions whose answer
   sentence was retrieved, negatives the unanswerable ones;
3. the gates and the threshold — what the best sentences must hold (rag.decide.gate.gate)
   and the answerability probability below which a question is not answered, chosen together
   by grid search to refuse the most unanswerable tune questions (each kind counting the same)
   while at most `FALSE_ABSTENTION` of each corpus's answerable tune questions are, less
   `MARGIN_SE` standard errors of that share (a small corpus's out-of-fold rate is a noisy
   estimate of the rate on unseen questions, so its limit is kept further from the target);
4. composition settings — chosen on tune by the share of answers holding the gold, less
   `SENTENCE_COST` per extra sentence.

Everything lands in `rag/decide/scorer.json` with the figures that justify it. Test splits are
refused by `eval.sets.parse_set(..., purpose="fit")`. Leaves out any model beyond logistic
regression: the weights must stay readable.
"""
from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from rag import Settings
from rag.check.guard import render
from rag.decide.binding import accepted, bind_all
from rag.decide.decision import Decision
from rag.decide.gate import gate
from rag.decide.scorer import ANSWER_FEATURES, WEIGHTS, ComposeParams, Gates, Logistic, Scorer, answer_features
from rag.find.candidates import FEATURES, Candidate, featurize
from rag.find.evidence import Evidence
from rag.understand.history import condense
from rag.understand.question import analyze
from rag.write.compose import compose

from . import hard, squad
from .judge import key_facts_found
from .mention_fit import fit_mentions
from .runner import scratch_pipeline
from .sets import parse_set

# The share of answerable tune questions the threshold may abstain on, per corpus.
FALSE_ABSTENTION = {"dev:tune": 0.08, "squad2:tune": 0.10, "fresh:tune": 0.08}
TUNE = tuple(FALSE_ABSTENTION)
# How many standard errors of the false-abstention share (at the target rate, on the corpus's
# answerable question count) the fit keeps below each target: one, so that a fit that just
# meets the target on ~60-200 tune questions is not likely to exceed it on unseen ones.
MARGIN_SE = 1.0
# The gates tried (rag.decide.scorer.Gates): shares in steps a quarter or a tenth apart.
GATE_GRID = {"anchors": (0.0, 0.25, 0.5, 0.75), "gap": (0.3, 0.4, 0.5, 0.6, 0.7, 1.01),
             "focus": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5), "untyped_anchors": (0.0, 0.25, 0.5),
             "swap": (0.0, 0.5, 1.0), "untyped_focus": (0.0, 0.1, 0.2, 0.3), "unfocused_cos": (0.0, 0.3, 0.35),
             "unfocused_rest": (0.0, 0.15, 0.2)}
# The gates a question's kind reads (rag.decide.gate.gate): a typed question's pass depends
# only on the first, an untyped one's (and a list's) only on the second, so each is computed
# once per combination of its own gates.
TYPED_GATES = ("anchors", "gap", "swap", "unfocused_cos", "unfocused_rest")
UNTYPED_GATES = ("focus", "untyped_anchors", "untyped_focus")
SENTENCE_COST = 0.05      # answer-hit share an extra sentence must buy to be worth its words
FOLDS = 5
CROSS_QUESTIONS = 600     # SQuAD tune questions asked of the bundled articles (off-topic, so unanswerable)
ABLATED_QUESTIONS = 600   # answerable tune questions asked again without their answer sentences


@dataclass
class Example:
    set: str
    group: str                 # article (SQuAD) or "dev": cross-validation never splits one
    analysis: Evidence
    labels: list[int]          # per candidate
    answerable: bool
    gold: tuple                # SQuAD answer texts, or dev key facts
    store: object              # the scratch index it was asked of (compose may fetch chunks from it)
    qvec: object = None        # the question's vector (lists are matched by their titles)


def _dev_labels(a, item) -> list[int]:
    spans = []
    for g in item.gold:
        b = next((c.bundle for c in a.candidates if c.bundle.id == g.source), None)
        text = b.text if b else ""
        i = text.find(g.quote)
        if i >= 0:
            spans.append((g.source, i, i + len(g.quote)))
    return [int(any(c.bundle.id == src and c.sentence.start < e and s < c.sentence.end for src, s, e in spans))
            for c in a.candidates]


def _squad_labels(a, item, texts) -> list[int]:
    src = squad.file_name(item.title)
    spans = squad.locate(texts[src], item) if item.answerable else []
    return [int(any(c.bundle.id == src and c.sentence.start <= s and e <= c.sentence.end + 1 for s, e in spans))
            for c in a.candidates]


def _ask(pipe, item, spec: str, texts: dict, group: str) -> Example:
    q = condense(item.question, list(getattr(item, "history", ())))
    a = pipe.evidence(analyze(q))
    bind_all(a)
    if spec == "squad2:tune":
        labels, answerable, gold = _squad_labels(a, item, texts), item.answerable, item.answers
    elif spec in ("dev:tune", "fresh:tune"):
        labels, answerable, gold = _dev_labels(a, item), item.answerable, item.key_facts
    else:  # asked of the other corpus, or made unanswerable (hard.py): no sentence answers it
        labels, answerable, gold = [0] * len(a.candidates), False, ()
    return Example(spec, group, a, labels, answerable, tuple(gold), pipe.store, a.qvec)


def collect(work: Path, log=print) -> list[Example]:
    """Run every tune question through retrieval and candidate features; then questions of
    one tune corpus asked of the other, the plainest kind of unanswerable question."""
    out: list[Example] = []
    base, pipes, sets = Settings.from_env(), {}, {}
    for spec in TUNE:
        sets[spec] = es = parse_set(spec, purpose="fit", work=work)
        pipes[spec] = pipe = scratch_pipeline(es, base, work, scorer=Scorer.untrained())
        texts = {a.id: pipe.store.article_text(a.id) for a in pipe.store.current_articles()}
        t0 = time.perf_counter()
        for n, item in enumerate(es.items):
            group = item.title if es.kind == "squad2" else f"{spec.split(':')[0]}-{n % 3}"
            out.append(_ask(pipe, item, spec, texts, group))
            if n % 500 == 499:
                log(f"  {spec}: {n + 1}/{len(es.items)} questions ({time.perf_counter() - t0:.0f} s)")
    answerable = [i for i in sets["squad2:tune"].items if i.answerable]
    for item in random.Random(0).sample(answerable, min(CROSS_QUESTIONS, len(answerable))):
        out.append(_ask(pipes["dev:tune"], item, "cross", {}, f"cross-{item.title}"))
    for n, item in enumerate(sets["dev:tune"].items):
        out.append(_ask(pipes["squad2:tune"], item, "cross", {}, f"cross-dev-{n % 3}"))
    log(f"  cross: {sum(e.set == 'cross' for e in out)} questions asked of the other corpus")
    out += _hard(sets, pipes, log)
    rng = random.Random(1)
    found = [e for e in out if e.set in TUNE and any(e.labels)]
    small = [x for x in found if x.set != "squad2:tune"]
    for e in small + rng.sample(found, min(ABLATED_QUESTIONS, len(found))):
        ab = _ablated(e, pipes[e.set])
        if ab is not None:
            out.append(ab)
    log(f"  ablated: {sum(e.set == 'ablated' for e in out)} questions with their answer sentences taken away")
    return out


@dataclass(frozen=True)
class _Asked:
    question: str
    history: tuple = ()


def _hard(sets: dict, pipes: dict, log) -> list[Example]:
    """Entity swaps of every answerable tune question (a sample of SQuAD's) and questions about
    removed headlines, each asked of its own corpus: unanswerable by construction."""
    out = []
    for spec, es in sets.items():
        items = hard.answerable_items(es)
        made = hard.swaps(pipes[spec].store, items, analyze) + hard.headlines(pipes[spec].store)
        for g in made:
            out.append(_ask(pipes[spec], _Asked(g.question), g.kind, {}, f"{g.kind}-{g.group}"))
        log(f"  {spec}: {sum(g.kind == 'swap' for g in made)} entity swaps, "
            f"{sum(g.kind == 'headline' for g in made)} headline questions")
    return out


def _ablated(e: Example, pipe) -> Example | None:
    """The question with every sentence holding its answer removed: what is left is on topic
    but does not answer it (the articles "don't give that number")."""
    a = e.analysis
    keep = [Candidate(c.passage, c.bundle, c.idx) for c, label in zip(a.candidates, e.labels) if not label]
    if not keep:
        return None
    featurize(a.question, keep, a.passages, a.weights, e.qvec)
    ab = Evidence(a.question, a.passages, keep, a.gaps, a.weights, a.qvec)
    bind_all(ab)
    return Example("ablated", f"ablated-{e.group}", ab, [0] * len(keep), False, (), e.store, e.qvec)


def _set_weights(sets: list[str]) -> np.ndarray:
    """Each set the same total weight, so 44 dev questions count as much as 2,472 SQuAD ones."""
    n = {s: sets.count(s) for s in set(sets)}
    return np.array([len(sets) / (len(n) * n[s]) for s in sets])


def _fit_logistic(X, y, groups, names, log, label, weights=None) -> tuple[Logistic, np.ndarray, dict]:
    """Logistic regression with C chosen by grouped CV; returns the model, out-of-fold
    probabilities and the CV figures."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    folds = list(GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(X, y, groups))
    best = None
    for C in (0.01, 0.1, 1.0, 10.0):
        oof = np.zeros(len(y))
        for tr, te in folds:
            sc = StandardScaler().fit(X[tr])
            m = LogisticRegression(C=C, max_iter=2000).fit(sc.transform(X[tr]), y[tr],
                                                           sample_weight=None if weights is None else weights[tr])
            oof[te] = m.predict_proba(sc.transform(X[te]))[:, 1]
        auc = roc_auc_score(y, oof, sample_weight=weights)
        log(f"  {label}: C={C:g} grouped-CV AUC {auc:.4f}")
        if best is None or auc > best[1]:
            best = (C, auc, oof)
    C, auc, oof = best
    sc = StandardScaler().fit(X)
    scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
    m = LogisticRegression(C=C, max_iter=2000).fit((X - sc.mean_) / scale, y, sample_weight=weights)
    model = Logistic(tuple(names), sc.mean_, scale, m.coef_[0], float(m.intercept_[0]))
    return model, oof, {"C": C, "cv_auc": round(auc, 4), "n": int(len(y)), "positives": int(y.sum())}


def _hit(ex: Example, text: str) -> bool:
    if ex.set.startswith("squad2"):
        from . import metrics as M
        return M.answer_hit(text, ex.gold, False).value == 1.0
    return bool(ex.gold) and len(key_facts_found(text, ex.gold)) == len(ex.gold)


def _choose_compose(examples: list[Example], log) -> dict:
    """Coordinate search over the composition settings on tune questions the model answers."""
    grid = {"ratio": (0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.01), "max_sentences": (1, 2, 3),
            "article_ratio": (0.3, 0.5, 0.7), "typed_extra": (0, 1)}
    params = {"ratio": 0.8, "max_sentences": 2, "article_ratio": 0.5, "typed_extra": 0}
    answered = [ex for ex in examples if ex.answerable and ex.analysis.candidates]
    sets = sorted({ex.set for ex in answered})

    def objective(p):  # each set counts the same, whatever its size
        total = 0.0
        for name in sets:
            hits = extra = 0
            mine = [ex for ex in answered if ex.set == name]
            for ex in mine:
                a = ex.analysis
                draft = compose(a, Decision("answer", 1.0, ""), ComposeParams(**p), a.finder(ex.store))
                hits += _hit(ex, render(draft, a.passages).text)
                extra += max(draft.size - 1, 0)
            total += (hits - SENTENCE_COST * extra) / len(mine) / len(sets)
        return total

    for _ in range(2):
        for key, values in grid.items():
            scored = [(objective({**params, key: v}), v) for v in values]
            params[key] = max(scored)[1]
            log(f"  compose {key}: " + ", ".join(f"{v}={s:.4f}" for s, v in scored) + f" -> {params[key]}")
    return params


def limit(name: str, n: int) -> float:
    """The false-abstention share a tune corpus with `n` answerable questions may show: its
    target less `MARGIN_SE` standard errors of a share at that target."""
    rate = FALSE_ABSTENTION[name]
    return max(rate - MARGIN_SE * float(np.sqrt(rate * (1 - rate) / max(n, 1))), 0.0)


def _threshold(passes: np.ndarray, oof: np.ndarray, ya: np.ndarray, corpus: list[str]) -> float | None:
    """The highest answerability threshold that, with the gates' refusals, keeps each tune
    corpus's false abstention at or under its limit (`limit`); None when the gates alone exceed it."""
    t = 1.0
    for name in FALSE_ABSTENTION:
        sel = (np.array(corpus) == name) & (ya == 1)
        n = int(sel.sum())
        allowed = int(np.floor(limit(name, n) * n + 1e-9)) - int((~passes[sel]).sum())
        if allowed < 0:
            return None
        kept = np.sort(oof[sel & passes])
        t = min(t, float(kept[allowed]) if allowed < len(kept) else 1.0)
    return t


def _choose_gates(qs: list[Example], ya: np.ndarray, oof_a: np.ndarray, log) -> tuple[Gates, float, dict]:
    """Grid search over the gates (rag.decide.gate.gate) and the threshold: the most
    unanswerable tune questions refused, each kind counting the same, while no tune corpus's
    false abstention exceeds its target."""
    corpus = [ex.set for ex in qs]
    where = np.array(corpus)
    ranked = [sorted(ex.analysis.candidates, key=lambda c: -c.p) for ex in qs]
    kinds = sorted({c for c, y in zip(corpus, ya) if not y})
    unanswerable = [(where == k) & (ya == 0) for k in kinds]
    is_typed = np.array([bool(accepted(ex.analysis.question)) for ex in qs])
    cache: dict[tuple, np.ndarray] = {}

    def passes_for(g: Gates, names: tuple[str, ...], sel: np.ndarray) -> np.ndarray:
        key = (names, tuple(getattr(g, n) for n in names))
        if key not in cache:
            cache[key] = np.array([bool(s) and gate(ex.analysis.question, r, g, ex.analysis.rest_cos)[0]
                                   for ex, r, s in zip(qs, ranked, sel)])
        return cache[key]

    best = None
    for values in itertools.product(*GATE_GRID.values()):
        g = Gates(**dict(zip(GATE_GRID, values)))
        passes = passes_for(g, TYPED_GATES, is_typed) | passes_for(g, UNTYPED_GATES, ~is_typed)
        t = _threshold(passes, oof_a, ya, corpus)
        if t is None:
            continue
        refused = ~passes | (oof_a < t)
        score = float(np.mean([refused[u].mean() for u in unanswerable]))
        if best is None or score > best[0]:
            best = (score, g, t, refused)
    if best is None:
        raise ValueError("no gates keep the tune corpora's false abstention under target; widen GATE_GRID")
    score, g, t, refused = best
    caught = {}
    for name in TUNE + ("cross", "ablated", "swap", "headline"):
        sel = np.array(corpus) == name
        caught[name] = {"answerable_abstained": round(float(refused[sel & (ya == 1)].mean()), 4)
                        if (sel & (ya == 1)).any() else None,
                        "unanswerable_abstained": round(float(refused[sel & (ya == 0)].mean()), 4)
                        if (sel & (ya == 0)).any() else None}
    sizes = {name: int(((where == name) & (ya == 1)).sum()) for name in TUNE}
    log("false-abstention limits: " + ", ".join(f"{k} {limit(k, n):.3f} of {n}" for k, n in sizes.items()))
    log(f"gates {g}, threshold {t:.4f}: mean refusal of unanswerables {score:.3f} (out of fold) {caught}")
    return g, t, caught


def _hit_at_1(rows, oof, examples) -> dict[str, float]:
    """Per tune corpus: the share of questions whose best-scored candidate holds the answer."""
    best: dict[int, tuple[float, int]] = {}
    for (e, c), p in zip(rows, oof):
        if p > best.get(e, (-1.0, 0))[0]:
            best[e] = (float(p), examples[e].labels[c])
    out = {}
    for name in TUNE:
        qs = [e for e in best if examples[e].set == name and any(examples[e].labels)]
        out[name] = round(sum(best[e][1] for e in qs) / len(qs), 4) if qs else 0.0
    return out


def fit_scorer(examples: list[Example], log=print) -> Scorer:
    """The three fitting steps on collected tune examples (see the module docstring)."""
    rows = [(ei, ci) for ei, ex in enumerate(examples) if ex.set in TUNE for ci in range(len(ex.labels))]
    X = np.array([examples[e].analysis.candidates[c].vector(FEATURES) for e, c in rows])
    y = np.array([examples[e].labels[c] for e, c in rows])
    log(f"sentence model: {len(y)} candidates, {int(y.sum())} hold the answer")
    groups, sets = np.array([examples[e].group for e, _ in rows]), [examples[e].set for e, _ in rows]
    # Weighting each corpus the same, or each candidate: whichever puts the answer sentence first
    # more often out of fold, each corpus counting the same.
    best = None
    for label, w in (("candidates weighted alike", None), ("corpora weighted alike", _set_weights(sets))):
        fitted = _fit_logistic(X, y, groups, FEATURES, log, "sentence", weights=w)
        hits = _hit_at_1(rows, fitted[1], examples)
        log(f"  sentence model, {label}: answer sentence first (out of fold) {hits}")
        score = float(np.mean(list(hits.values())))
        if best is None or score > best[0]:
            best = (score, fitted, label)
    _, (sent, oof, sent_cv), label = best
    sent_cv = {**sent_cv, "weighting": label}
    for (e, c), p in zip(rows, oof):  # out-of-fold probabilities: answerability learns from unseen scores
        examples[e].analysis.candidates[c].p = float(p)
    for ex in examples:
        if ex.set not in TUNE and ex.analysis.candidates:
            sent_p = sent.prob(np.array([c.vector(FEATURES) for c in ex.analysis.candidates]))
            for c, p in zip(ex.analysis.candidates, sent_p):
                c.p = float(p)

    qs = [ex for ex in examples if ex.analysis.candidates and (not ex.answerable or any(ex.labels))]
    A = np.array([[answer_features(ex.analysis.question, ex.analysis.candidates, ex.analysis.gaps)[f]
                   for f in ANSWER_FEATURES] for ex in qs])
    ya = np.array([int(ex.answerable) for ex in qs])
    w = _set_weights([ex.set for ex in qs])
    log(f"answerability model: {len(ya)} questions, {int(ya.sum())} answerable with the answer retrieved")
    ans, oof_a, ans_cv = _fit_logistic(A, ya, np.array([ex.group for ex in qs]), ANSWER_FEATURES, log,
                                       "answerable", weights=w)
    gates, threshold, caught = _choose_gates(qs, ya, oof_a, log)
    params = _choose_compose([ex for ex in examples if ex.set in TUNE], log)
    return Scorer(sent, ans, threshold, ComposeParams(**params), gates, meta={
        "made_by": "python -m eval fit", "date": time.strftime("%Y-%m-%d"),
        "data": {s: sum(ex.set == s for ex in examples) for s in TUNE + ("cross", "ablated", "swap", "headline")},
        "sentence_model": sent_cv, "answerable_model": ans_cv,
        "threshold": {"false_abstention_targets": FALSE_ABSTENTION, "margin_se": MARGIN_SE,
                      "out_of_fold": caught,
                      "gate_grid": {k: list(v) for k, v in GATE_GRID.items()}},
        "sentence_cost": SENTENCE_COST})


def fit(work: Path | str = "eval/out", out: Path | str = WEIGHTS, log=print) -> Scorer:
    log(f"collecting candidates on {', '.join(TUNE)} ...")
    scorer = fit_scorer(collect(Path(work), log), log)
    scorer = replace(scorer, mentions=fit_mentions(Path(work), log))
    scorer.write(Path(out))
    log(f"wrote {out}")
    return scorer
