"""Deciding what kind of reply a question gets, from the scored candidates.

* `answer` — the answerability model clears its threshold (fitted on tune);
* `conflict` — the question presupposes a date, place, person or amount that the closest
  evidence contradicts ("Why did they meet in Moscow?" where the article says Abu Dhabi):
  the reply states what the articles say instead; it is not an abstention;
* `missing` — no answer, but the closest sentence is about what was asked: the reply says
  what is missing and cites what the articles do say (marked abstained);
* `abstain` — nothing relevant: "The articles don't cover this."
`decide()` scores the candidates with the fitted scorer first (each gets `p`), then
`choose()` picks the kind of reply. Leaves out
the wording of the reply (rag.write) and the weights (scorer.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from index.text import stem, word_key, words

from ..find.candidates import Candidate, missing_anchors
from ..find.evidence import Evidence
from ..understand.question import Question
from .scorer import Scorer, answer_features

# The closest sentence with its neighbours holds at least half the question's focus
# (IDF-weighted): it is about the thing asked, so saying what is missing beats saying nothing.
MENTION = 0.5
# Question types that presuppose their content ("Why did X happen in 2030?", "Did X ...?");
# a what/who/when question whose name or date the articles lack asks about something they
# don't cover, and is not answered with a correction.
PRESUPPOSING = ("reason", "yesno")
CONFLICT_WINDOW = 3  # a contradiction counts from the three best-scored sentences, not from anywhere
# A question asking for a date, an amount, a person, a place or an organisation is answered
# only by a sentence holding one it does not already name; the answer is among the five
# best-scored sentences in 91% of such answerable SQuAD tune questions.
TYPED_WINDOW = 5
_GROUPS = {"DATE": "date", "TIME": "date", "GPE": "place", "LOC": "place", "FAC": "place", "PERSON": "person",
           "CARDINAL": "number", "QUANTITY": "number", "MONEY": "number", "PERCENT": "number"}


@dataclass(frozen=True)
class Decision:
    kind: str                 # answer | conflict | missing | abstain
    answerable: float         # P(the articles answer it)
    why: str                  # one line for the trace
    evidence: tuple[Candidate, ...] = ()


def conflict(q: Question, c: Candidate, weights: dict[str, float]) -> str:
    """How the candidate contradicts a name, date or amount the question takes for granted ("" if not).

    It must be about the same thing (its own words hold the question's focus, leaving aside
    the anchors it lacks) and put a different name, date or amount of the same kind in the
    place of every anchor it lacks."""
    b, i = c.bundle, c.idx
    missing = [(t, _GROUPS.get(label)) for t, label in missing_anchors(q.anchors, b, i)]
    if not missing:
        return ""
    lacking = {stem(w) for t, _ in missing for w in words(t)}
    rest = {s: w for s, w in weights.items() if s not in lacking}
    have = b.stem_sets[i]
    if not rest or sum(w for s, w in rest.items() if s in have) / sum(rest.values()) < MENTION:
        return ""
    clashes = []
    for text, group in missing:
        other = [b.text[s:e] for s, e, lab in c.sentence.entities
                 if group and _GROUPS.get(lab) == group and word_key(b.text[s:e]) not in word_key(q.text)]
        if not other:
            return ""
        clashes.append(f"the question says {text!r}, the article says {other[0]!r}")
    return "; ".join(clashes)


def typed(q: Question, c: Candidate) -> bool:
    """The sentence holds a thing of the asked type (as precise as asked, for dates)."""
    return bool(c.f.type_match) and (q.type != "date" or not q.precision or bool(c.f.date_precision))


def lacks_type(q: Question, ranked: list[Candidate]) -> bool:
    """A typed question none of whose best sentences holds the type asked for."""
    return bool(q.labels) and not any(typed(q, c) for c in ranked[:TYPED_WINDOW])


def decide(ev: Evidence, scorer: Scorer) -> Decision:
    """Score the candidates, then choose the kind of reply."""
    scorer.score(ev.candidates)
    return choose(ev, scorer)


def choose(ev: Evidence, scorer: Scorer) -> Decision:
    """The kind of reply, from candidates already scored (each has `p`)."""
    q, cands, weights = ev.question, ev.candidates, ev.weights
    if not cands:
        return Decision("abstain", 0.0, "no passage was retrieved")
    pa = scorer.answerability(answer_features(q, cands, ev.gaps))
    ranked = sorted(cands, key=lambda c: -c.p)
    best = ranked[0]
    if q.type in PRESUPPOSING:
        clash = [(c, why) for c in ranked[:CONFLICT_WINDOW] for why in [conflict(q, c, weights)] if why]
        if clash:
            return Decision("conflict", pa, f"premise contradicted: {clash[0][1]}", tuple(c for c, _ in clash[:2]))
    if lacks_type(q, ranked):
        why = f"asked for a {q.type}{' (' + q.precision + ')' if q.precision else ''}; no close sentence holds one"
        if best.f.lex_ctx >= MENTION:
            return Decision("missing", pa, why, (best,))
        return Decision("abstain", pa, why)
    if pa >= scorer.threshold:
        return Decision("answer", pa, f"P(answerable) {pa:.2f} >= {scorer.threshold:.2f}")
    if best.f.lex_ctx >= MENTION:
        return Decision("missing", pa, f"P(answerable) {pa:.2f} < {scorer.threshold:.2f}; the closest sentence "
                        f"is about the question but does not answer it", (best,))
    return Decision("abstain", pa, f"P(answerable) {pa:.2f} < {scorer.threshold:.2f} and nothing close to the question")
