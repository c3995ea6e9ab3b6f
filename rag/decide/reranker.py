"""The cross-encoder reranker: which of the scorer's best few sentences answers the question.

The scorer (rag.decide.scorer) reads features of each sentence on its own; the reranker reads
the question and the sentence together (MiniLM-L6 fine-tuned by `python -m eval rerank` on
tune data only, weights in `reranker.safetensors` beside this module). It only reorders: the
scorer's `top` best candidates (those close enough to the best to overtake it: `within_reach`)
are ranked by logit(p) + `weight` x the reranker's score, and take the scorer's probabilities
in that new order. So what the answer decision reads (the best probability, the second, the
threshold) keeps the scale it was fitted on, while the sentence that leads may change; and
rag.decide.decision asks it only once the reply is an answer, keeping the new lead only if
the reply stays one. `weight` was chosen out of fold on tune; `top` too (4, from 2-5), then
widened to 6 at stop 75 on the product's tune answers (reranker.json "adopted"): the out-of-fold
hit@1 counts only the answer sentence's rank, while 17 of the 76 fresh:tune answers led by a wrong
sentence had the right one fifth or sixth.

Inference is NumPy (index.bert_numpy), no torch: a few short pairs per question; in a process
that has loaded torch already (the query embedder moved to it), the same computation through
torch (index.bert_torch), which then shares the embedder's threads instead of fighting them. The word
embeddings are the packaged model's (they were frozen in training and are not shipped).
Without the weights file (or with `Settings.rerank` off: RAG_RERANK=0) nothing is reordered.
Leaves out training (eval/rerank.py) and every other decision (rag.decide.decision). Whether
to answer at all is deliberately not the reranker's: trained listwise, its scores are relative
within a question, and out of fold (stop 52, the half-models of `eval rerank`) the best of a
question's four top sentences told answerable fresh:tune questions from unanswerable ones no
better than chance (AUC .59; a floor refusing 9% of unanswerables refused 11% of answer sentences).
"""
from __future__ import annotations

import json
import math
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("reranker.safetensors")
META = Path(__file__).with_name("reranker.json")


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class Reranker:
    """(question, sentences) -> one score per sentence (a logit: higher answers better)."""

    def __init__(self, weights: Path | str = WEIGHTS, base: str | None = None, max_length: int = 128):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        from index.bert_numpy import NumpyBert
        from index.embedder import model_path

        base = base or model_path()
        trained = {k.removeprefix("bert."): v.astype(np.float32) for k, v in load_file(str(weights)).items()}
        # the base model's weights the trained ones replace are never read (the word embeddings,
        # frozen in training, are the base's, shared with the query encoder: index.bert_numpy)
        self.bert = NumpyBert(base, replace=trained)
        unknown = set(trained) - self.bert.names - {"classifier.weight", "classifier.bias"}
        if unknown or "classifier.weight" not in trained:
            raise ValueError(f"{weights} is not a cross-encoder over {base}: unexpected {sorted(unknown)[:3]}; "
                             "retrain with `python -m eval rerank`")
        self.tok = Tokenizer.from_file(f"{base}/tokenizer.json")
        self.tok.no_padding()
        self.tok.enable_truncation(max_length)
        self._lock = threading.Lock()
        self._torch = None

    def _states(self):
        """The encoder to run: torch once this process has it loaded (index.bert_torch), else NumPy."""
        from index import bert_torch

        if self._torch is None and bert_torch.available():
            with self._lock:
                if self._torch is None:
                    self._torch = bert_torch.TorchFirstStates(self.bert)
        return self._torch or self.bert

    def scores(self, question: str, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            encs = self.tok.encode_batch([(question, t) for t in texts])
        # only the [CLS] state is read (the last layer computes no other token's), and the pairs
        # run unpadded (index.bert_numpy.NumpyBert.first_states)
        h = self._states().first_states([e.ids for e in encs], [e.type_ids for e in encs])
        w = self.bert.w
        pooled = np.tanh(h @ w["pooler.dense.weight"].T + w["pooler.dense.bias"])
        return (pooled @ w["classifier.weight"].T + w["classifier.bias"])[:, 0]


def within_reach(ps: list[float], weight: float, top: int, spread: float, behind: float = math.inf) -> list[int]:
    """Indices of the candidates worth reading, best first: among the scorer's `top`, those
    whose logit is within `weight` x `spread` of the best one's, and within `behind`. `spread`
    bounds how far apart the reranker's scores of one question's sentences fall (measured on
    tune), so a sentence further behind cannot overtake the best whatever it is scored: reading
    it costs time and changes nothing that leads. `behind` is how far behind a sentence that
    overtook the best has been seen to start (on tune answers): further back, it seldom does,
    and each sentence read costs ~10 ms."""
    order = sorted(range(len(ps)), key=lambda i: -ps[i])[:top]
    if not order:
        return []
    best = logit(ps[order[0]])
    return [i for i in order if best - logit(ps[i]) < min(weight * spread, behind)]


def reordered(ps: list[float], scores, weight: float) -> list[int]:
    """Positions of `ps` ordered by logit(p) + weight x the reranker's score, best first."""
    return sorted(range(len(ps)), key=lambda i: -(logit(ps[i]) + weight * float(scores[i])))


class _Lazy:
    """The model, read from disk on the first question that needs it (most never do: the
    scorer's best is usually too far ahead to be overtaken), so start-up pays nothing. A file
    that cannot be read costs the reordering, not the answer: the scorer's order stands, and
    a warning says what to do."""

    def __init__(self, weights: Path, max_length: int):
        self.weights, self.max_length = weights, max_length
        self._model: Reranker | None = None
        self.error = ""
        self._lock = threading.Lock()

    def scores(self, question: str, texts: list[str]) -> np.ndarray | None:
        with self._lock:
            if self._model is None and not self.error:
                try:
                    self._model = Reranker(self.weights, max_length=self.max_length)
                except Exception as e:  # a truncated or foreign file: safetensors, numpy and our own check
                    self.error = f"{self.weights} cannot be read ({e})"
                    warnings.warn(f"reranker off: {self.error}; reinstall the package or retrain with "
                                  "`python -m eval rerank`", RuntimeWarning, stacklevel=2)
        return self._model.scores(question, texts) if self._model is not None else None


@dataclass(frozen=True)
class Rerank:
    """A reranker with the settings chosen for it on tune."""
    model: Reranker | _Lazy
    weight: float
    top: int
    spread: float = math.inf
    behind: float = math.inf      # read no sentence further behind the best (logits): within_reach
    # A question the answerability model refuses with P at least `vouch_floor` is answered by the
    # gate's answer when the reranker scores that sentence at least `vouch_score` (off by default).
    vouch_floor: float = math.inf
    vouch_score: float = math.inf

    def vouches(self, question: str, cand, answerable: float) -> float | None:
        """The reranker's score of a sentence only the answerability threshold refused, when it
        is enough to answer with it (P at least `vouch_floor`, score at least `vouch_score`);
        None otherwise, without reading it below the floor."""
        if answerable < self.vouch_floor:
            return None
        scores = self.model.scores(question, [cand.text])
        if scores is None or float(scores[0]) < self.vouch_score:
            return None
        return float(scores[0])

    def apply(self, question: str, cands: list) -> bool:
        """Reorder the best-scored candidates (each has `p`), in place of their `p`s; whether
        any `p` moved."""
        reach = [cands[i] for i in within_reach([c.p for c in cands], self.weight, self.top,
                                                self.spread, self.behind)]
        if len(reach) < 2 or self.weight <= 0:
            return False
        ps = [c.p for c in reach]
        scores = self.model.scores(question, [c.text for c in reach])
        if scores is None:  # the model could not be read (warned once): the scorer's order stands
            return False
        order = reordered(ps, scores, self.weight)
        for rank, i in enumerate(order):
            reach[i].p = ps[rank]
        return order != sorted(order)


@lru_cache(maxsize=1)
def load() -> Rerank | None:
    """The shipped reranker, or None when it has not been trained (or its settings file is
    unreadable: answers then keep the scorer's order, with a warning)."""
    if not WEIGHTS.exists() or not META.exists():
        return None
    try:
        meta = json.loads(META.read_text(encoding="utf-8"))
        vouch = meta.get("vouch", {})
        return Rerank(_Lazy(WEIGHTS, int(meta.get("max_length", 128))), float(meta["weight"]),
                      int(meta["top"]), float(meta.get("spread", math.inf)), float(meta.get("behind", math.inf)),
                      float(vouch.get("answerable", math.inf)), float(vouch.get("score", math.inf)))
    except (OSError, ValueError, KeyError, TypeError) as e:
        warnings.warn(f"reranker off: {META} cannot be read ({e}); reinstall the package or retrain with "
                      "`python -m eval rerank`", RuntimeWarning, stacklevel=2)
        return None
