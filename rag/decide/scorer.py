"""The learned scorer: which candidate sentences answer a question, and whether any does.

Two logistic regressions, fitted by `python -m eval fit` on the tune splits only (SQuAD 2.0
tune articles and dev:tune) and shipped as `scorer.json` beside this module:

* the sentence model gives each candidate P(it holds the answer) from its features
  (candidates.FEATURES);
* the answerability model gives the question P(the articles answer it) from the best
  candidates' probabilities and features (ANSWER_FEATURES).

`threshold` is the answerability cut chosen on tune for a stated false-abstention rate;
`compose` holds the composition settings chosen on tune (how close to the best a second
sentence must score, how many sentences at most). Every number here comes from that file,
with the command and data that made it recorded inside. Inference is NumPy only.
Leaves out fitting (eval/fit.py) and what to say (decision.py, rag.write).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..find.candidates import FEATURES, Candidate
from ..find.evidence import Gaps
from ..understand.question import Question
from .binding import TYPED_WINDOW, accepted, bound
from .mentions import MentionThresholds

WEIGHTS = Path(__file__).with_name("scorer.json")
# Question-level features. Fewer than the sentence model's: with the p_* summaries, the type
# one-hots and the paragraph shares as well, cross-validation on tune caught fewer of the
# unanswerable questions at the same false abstention (the extra columns fitted SQuAD's quirks).
ANSWER_FEATURES = ("p_max", "p_2nd", "best_cos", "cos_max", "lex_max", "lex_ctx_max", "type_gap", "precision_gap",
                   "q_absent", "anchor_absent", "negation_mismatch", "best_anchor_missing",
                   "typed_q", "bound_max", "best_bound", "best_anchors", "best_swapped", "best_focus")
_NEGATION = re.compile(r"\b(not|never|no|none|nor|without|n't|cannot)\b", re.I)


@dataclass(frozen=True)
class ComposeParams:
    """Composition settings chosen on tune by `python -m eval fit`."""
    ratio: float            # a second sentence scores at least this share of the best one's probability
    max_sentences: int      # sentences in a prose answer, at most
    article_ratio: float    # ... the bar for a sentence from another article, when the question spans them
    typed_extra: int = 0    # typed questions: further sentences holding the asked kind after the lead (0 or 1)

    def to_json(self) -> dict:
        return {"ratio": self.ratio, "max_sentences": self.max_sentences, "article_ratio": self.article_ratio,
                "typed_extra": self.typed_extra}


@dataclass(frozen=True)
class Gates:
    """What a question's best sentences must hold before the answerability model is asked,
    chosen together with its threshold by `python -m eval fit` (see rag.decide.decision)."""
    anchors: float          # typed questions: the answering sentence's anchor presence, at least
    gap: float              # typed: the sentence most about the question is at most this much more so
                            # than the answer's clause (else the articles discuss it but don't give it)
    focus: float            # untyped questions: one of the three best (with neighbours) holds this share of the focus
    untyped_anchors: float  # ... and at least this anchor presence
    # Added at stop 33 (defaults keep an older scorer.json deciding as it did):
    swap: float = 1.0            # typed: the answering sentence replaces at most this share of the anchors
    untyped_focus: float = 0.0   # untyped: one of those sentences holds this share of the focus besides the anchors
    # Added at stop 41: a typed answer holding none of the focus besides the anchors, even with the
    # sentence before it, must be at least this close in meaning to the question (MiniLM cosine).
    unfocused_cos: float = 0.0
    # Added at stop 42: ... and its cosine to the question without its names at least this
    # (Evidence.rest_cos): close to the question only by naming the same things is not close.
    unfocused_rest: float = 0.0

    def to_json(self) -> dict:
        return {"anchors": self.anchors, "gap": self.gap, "focus": self.focus, "untyped_anchors": self.untyped_anchors,
                "swap": self.swap, "untyped_focus": self.untyped_focus, "unfocused_cos": self.unfocused_cos,
                "unfocused_rest": self.unfocused_rest}


OPEN_GATES = Gates(anchors=0.0, gap=1.01, focus=0.0, untyped_anchors=0.0)


@dataclass(frozen=True)
class Logistic:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def prob(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": float(self.intercept)}

    @classmethod
    def from_json(cls, d: dict) -> "Logistic":
        return cls(tuple(d["features"]), np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]),
                   float(d["intercept"]))


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text.replace("n’t", " n't").replace("n't", " n't")))


def answer_features(q: Question, cands: list[Candidate], gaps: Gaps) -> dict[str, float]:
    """Question-level features (ANSWER_FEATURES) from candidates whose `p` is already set, and
    from what the whole collection lacks (rag.find.evidence.Gaps)."""
    ranked = sorted(cands, key=lambda c: -c.p)
    ps = [c.p for c in ranked] + [0.0, 0.0]
    best = ranked[0].f if ranked else None
    top3 = ranked[:3]
    return {"p_max": ps[0], "p_2nd": ps[1], "best_cos": best.cos if best else 0.0,
            "cos_max": max((c.f.cos for c in cands), default=0.0),
            "lex_max": max((c.f.lex for c in cands), default=0.0),
            "lex_ctx_max": max((c.f.lex_ctx for c in cands), default=0.0),
            # Asked for a date, an amount, a person...: the best sentences hold none (or not as precise).
            "type_gap": (best.has_type if best else 0.0) * (1 - max((c.f.type_match for c in top3), default=0.0)),
            "precision_gap": float(q.type == "date" and q.precision in ("day", "month"))
            * (1 - max((c.f.date_precision for c in top3), default=0.0)),
            "q_absent": gaps.q_absent, "anchor_absent": gaps.anchor_absent,
            "negation_mismatch": float(_negated(q.text) != bool(ranked and _negated(ranked[0].text))),
            "best_anchor_missing": best.anchor_missing if best else 1.0,
            "typed_q": float(bool(accepted(q))),
            "bound_max": max((bound(q, c) for c in ranked[:TYPED_WINDOW]), default=0.0),
            "best_bound": bound(q, ranked[0]) if ranked else 0.0,
            "best_anchors": best.anchors if best else 0.0, "best_swapped": best.swapped if best else 0.0,
            "best_focus": best.focus if best else 0.0}


@dataclass(frozen=True)
class Scorer:
    sentence: Logistic
    answerable: Logistic
    threshold: float
    compose: ComposeParams
    gates: Gates = OPEN_GATES
    mentions: MentionThresholds = MentionThresholds()
    meta: dict = field(default_factory=dict)   # how the weights were made: command, date, data, CV figures

    def score(self, cands: list[Candidate]) -> None:
        """Set each candidate's probability of holding the answer."""
        if not cands:
            return
        X = np.stack([c.vector(self.sentence.features) for c in cands])
        for c, p in zip(cands, self.sentence.prob(X)):
            c.p = float(p)

    def answerability(self, feats: dict[str, float]) -> float:
        X = np.array([[feats[f] for f in self.answerable.features]], dtype=np.float64)
        return float(self.answerable.prob(X)[0])

    def to_json(self) -> dict:
        return {"sentence": self.sentence.to_json(), "answerable": self.answerable.to_json(),
                "threshold": self.threshold, "compose": self.compose.to_json(), "gates": self.gates.to_json(),
                "mentions": self.mentions.to_json(), "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict) -> "Scorer":
        s = cls(Logistic.from_json(d["sentence"]), Logistic.from_json(d["answerable"]), float(d["threshold"]),
                ComposeParams(**d["compose"]), Gates(**d["gates"]) if "gates" in d else OPEN_GATES,
                MentionThresholds(**d["mentions"]) if "mentions" in d else MentionThresholds(),
                dict(d.get("meta", {})))
        missing = set(s.sentence.features) - set(FEATURES) | set(s.answerable.features) - set(ANSWER_FEATURES)
        if missing:
            raise ValueError(f"scorer weights name features this code does not compute: {sorted(missing)}; "
                             "refit with `python -m eval fit`")
        return s

    @classmethod
    def untrained(cls) -> "Scorer":
        """Cosine alone, always answering: what `eval fit` starts from to compute features."""
        n = len(FEATURES)
        coef = np.zeros(n)
        coef[FEATURES.index("cos")] = 1.0
        a = len(ANSWER_FEATURES)
        return cls(Logistic(FEATURES, np.zeros(n), np.ones(n), coef, 0.0),
                   Logistic(ANSWER_FEATURES, np.zeros(a), np.ones(a), np.zeros(a), 0.0), threshold=0.0,
                   compose=ComposeParams(ratio=1.0, max_sentences=1, article_ratio=1.0), meta={"untrained": True})

    def write(self, path: Path = WEIGHTS) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=4)
def load(path: Path = WEIGHTS) -> Scorer:
    return Scorer.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
