"""rag.decide.reranker: the cross-encoder that reorders the scorer's best few sentences, with
stand-in models; the slow tests check the shipped numpy model against the trained one."""
from __future__ import annotations

import pytest

import answering_kit
from answering_kit import _evidence

pipe = answering_kit.pipe  # a shared fixture: pytest finds it by this name


class _FixedScores:
    """A stand-in cross-encoder: the score of each sentence is given by the test."""

    def __init__(self, by_text: dict[str, float]):
        self.by_text, self.asked = by_text, []

    def scores(self, question, texts):
        self.asked.append(list(texts))
        return [self.by_text[t] for t in texts]


def test_the_reranker_reorders_only_the_best_few_and_keeps_their_probabilities():
    from types import SimpleNamespace

    from rag.decide.reranker import Rerank
    cands = [SimpleNamespace(text=t, p=p) for t, p in (("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6))]
    model = _FixedScores({"a": -3.0, "b": 0.0, "c": 5.0, "d": 9.0})
    Rerank(model, weight=1.0, top=3).apply("q?", cands)
    assert model.asked == [["a", "b", "c"]]       # "d" is below the top three: never read, never moved
    assert [(c.text, c.p) for c in sorted(cands, key=lambda c: -c.p)] == [("c", 0.9), ("b", 0.8), ("a", 0.7),
                                                                         ("d", 0.6)]
    # Weight 0 is the scorer alone.
    again = [SimpleNamespace(text=t, p=p) for t, p in (("a", 0.9), ("c", 0.7))]
    Rerank(model, weight=0.0, top=3).apply("q?", again)
    assert [c.p for c in again] == [0.9, 0.7]


@pytest.mark.slow
def test_the_numpy_cross_encoder_gives_the_trained_models_scores():
    import numpy as np
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from index.embedder import model_path
    from rag.decide.reranker import WEIGHTS, Reranker
    base = model_path()
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1).eval()
    trained = {k: v.float() for k, v in load_file(str(WEIGHTS)).items()}
    missing, unexpected = model.load_state_dict(trained, strict=False)
    assert not unexpected and all(k.endswith(("word_embeddings.weight", "position_ids")) for k in missing)
    q = "How long does the crossing take?"
    texts = ["The crossing takes about ninety minutes.", "The ferry sails every two hours from the harbour.",
             "Tickets cost twelve pounds."]
    enc = AutoTokenizer.from_pretrained(base)([q] * 3, texts, padding=True, return_tensors="pt")
    with torch.inference_mode():
        expect = model(**enc).logits[:, 0].numpy()
    assert np.allclose(Reranker().scores(q, texts), expect, atol=2e-3)


@pytest.mark.slow
def test_the_reranker_reads_its_pairs_through_torch_once_torch_is_loaded():
    """Beside a torch embedder the pairs share its threads (index.bert_torch): the same scores."""
    import numpy as np
    import torch  # noqa: F401
    from index.bert_torch import TorchFirstStates
    from rag.decide.reranker import Reranker
    r = Reranker()
    q, texts = "Who designed the footbridge?", ["The engineer Maria Costa drew the plans.", "It opened in 2021."]
    got = r.scores(q, texts)
    assert isinstance(r._torch, TorchFirstStates)
    r._states = lambda: r.bert    # the NumPy encoder, as before torch was loaded
    assert np.allclose(got, r.scores(q, texts), atol=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("question, answer, distractor", [
    ("How long does the crossing from Dover to Calais take?",
     "The Dover to Calais ferry sails every two hours, and the crossing takes about ninety minutes.",
     "The Dover ferry terminal was rebuilt in 2019 and now has a café beside the Calais gate."),
    # failed on the stop-42 model (3.63 vs 3.66); the stop-51 model, trained on 962 fresh tune questions, passes
    ("Why did the library close early on Tuesday?",
     "The library shut at noon on Tuesday after a pipe burst above the reading room.",
     "The library is open until eight on Tuesdays and holds forty thousand books."),
    ("Who designed the new footbridge?",
     "The engineer Maria Costa drew the plans for the footbridge in 2021.",
     "The new footbridge crosses the river at its widest point, near the old mill."),
])
def test_the_shipped_reranker_prefers_the_sentence_that_answers(question, answer, distractor):
    from rag.decide.reranker import Reranker
    good, bad = Reranker().scores(question, [answer, distractor])
    assert good > bad


def test_a_sentence_too_far_behind_to_lead_is_not_read():
    from types import SimpleNamespace

    from rag.decide.reranker import Rerank, within_reach
    # logits: 0.9 -> 2.20, 0.8 -> 1.39, 0.5 -> 0.0; with weight 0.5 and spread 2, reach is 1.0.
    assert within_reach([0.5, 0.9, 0.8], weight=0.5, top=3, spread=2.0) == [1, 2]
    cands = [SimpleNamespace(text=t, p=p) for t, p in (("a", 0.9), ("b", 0.8), ("c", 0.5))]
    model = _FixedScores({"a": 0.0, "b": 2.0, "c": 2.0})
    Rerank(model, weight=0.5, top=3, spread=2.0).apply("q?", cands)
    assert model.asked == [["a", "b"]]
    assert [c.p for c in cands] == [0.8, 0.9, 0.5]


def test_a_sentence_further_behind_than_overtakers_start_is_not_read():
    from rag.decide.reranker import within_reach
    # logits: 0.9 -> 2.20, 0.5 -> 0.0, 0.05 -> -2.94: 2.2 and 5.1 behind the best
    assert within_reach([0.9, 0.5, 0.05], weight=1.0, top=3, spread=100.0) == [0, 1, 2]
    assert within_reach([0.9, 0.5, 0.05], weight=1.0, top=3, spread=100.0, behind=3.0) == [0, 1]


def test_an_unreadable_reranker_file_keeps_the_scorers_order_and_says_so(tmp_path):
    from types import SimpleNamespace

    from rag.decide.reranker import Rerank, _Lazy
    bad = tmp_path / "reranker.safetensors"
    bad.write_bytes(b"\x00\x01 not a safetensors file")
    rerank = Rerank(_Lazy(bad, 128), weight=1.0, top=3)
    cands = [SimpleNamespace(text=t, p=p) for t, p in (("a", 0.9), ("b", 0.8))]
    with pytest.warns(RuntimeWarning, match="reranker off: .* cannot be read.*python -m eval rerank"):
        rerank.apply("q?", cands)
    assert [c.p for c in cands] == [0.9, 0.8]
    rerank.apply("q?", cands)  # tried once, not on every question
    assert rerank.model.error


class _Prefer:
    """A stand-in cross-encoder that prefers sentences holding one word."""

    def __init__(self, word: str):
        self.word = word

    def scores(self, question, texts):
        return [10.0 if self.word in t else 0.0 for t in texts]


def test_the_reranker_picks_the_lead_of_an_answer_but_not_its_kind(pipe):
    from rag.decide.decision import decide
    from rag.decide.reranker import Rerank
    prefer_council = Rerank(_Prefer("council"), weight=100.0, top=5)
    ev = _evidence(pipe, "Why does the plan matter to Portvale?")
    d = decide(ev, pipe.scorer, prefer_council)
    best = max(ev.candidates, key=lambda c: c.p)
    assert d.kind == "answer" and "council" in best.text and "reranker" in d.why
    # A who-question's lead must still name a person: the preferred sentence names none.
    ev = _evidence(pipe, "Who drafted the harbour plan?")
    d = decide(ev, pipe.scorer, prefer_council)
    assert d.kind == "answer" and "Okafor" in d.evidence[0].text and "reranker" not in d.why


class _PreferText:
    """A stand-in cross-encoder that prefers one sentence, noting what it was asked to read."""

    def __init__(self, text: str):
        self.text, self.asked = text, []

    def scores(self, question, texts):
        self.asked.append(list(texts))
        return [10.0 if t == self.text else 0.0 for t in texts]


def test_the_shipped_settings_let_the_scorers_sixth_sentence_lead_but_never_read_the_seventh(pipe):
    """Stop 75: the reranker reads the scorer's best six (it read four, and 17 of the 76 fresh:tune
    answers led by a wrong sentence had the right one fifth or sixth), when it is no more than
    `behind` logits behind the best (here 3.9). Fails with top 4, or with behind 3.5."""
    from dataclasses import replace

    from rag.decide.decision import decide
    from rag.decide.reranker import load
    shipped = load()
    assert shipped is not None
    question = "What will the harbour plan do?"
    ev = _evidence(pipe, question)
    decide(ev, pipe.scorer, None)
    ranked = [c.text for c in sorted(ev.candidates, key=lambda c: -c.p)]
    sixth, seventh = ranked[5], ranked[6]
    for text, leads in ((sixth, True), (seventh, False)):
        model = _PreferText(text)
        ev = _evidence(pipe, question)
        d = decide(ev, pipe.scorer, replace(shipped, model=model))
        best = max(ev.candidates, key=lambda c: c.p)
        assert d.kind == "answer" and (best.text == text) is leads, (text, d.why)
        assert (text in model.asked[0]) is leads


def test_the_reranker_vouches_only_above_its_floor_and_bar():
    from types import SimpleNamespace

    from rag.decide.reranker import Rerank
    model = _FixedScores({"a": 2.0})
    r = Rerank(model, weight=1.0, top=3, vouch_floor=0.07, vouch_score=1.5)
    cand = SimpleNamespace(text="a", p=0.5)
    assert r.vouches("q?", cand, 0.05) is None and model.asked == []    # under the floor: never read
    assert r.vouches("q?", cand, 0.08) == 2.0
    assert Rerank(model, weight=1.0, top=3, vouch_floor=0.07, vouch_score=2.5).vouches("q?", cand, 0.08) is None
    assert Rerank(model, weight=1.0, top=3).vouches("q?", cand, 0.99) is None    # off unless set


def test_an_answer_only_the_threshold_refused_is_given_when_the_reranker_vouches_for_it(pipe):
    """Stop 76: a question the gate answers but whose P(answerable) falls under the threshold (here
    raised above it) is answered with the gate's sentence when the reranker scores that sentence
    at least the bar and P is at least the floor; otherwise it stays refused."""
    from dataclasses import replace

    from rag.decide.decision import decide
    from rag.decide.reranker import Rerank
    question = "Who drafted the harbour plan?"
    d = decide(_evidence(pipe, question), pipe.scorer, None)
    assert d.kind == "answer" and "Okafor" in d.evidence[0].text
    strict = replace(pipe.scorer, threshold=min(1.0, d.answerable + 0.01))
    refused = decide(_evidence(pipe, question), strict, None)
    assert refused.kind != "answer" and refused.held is not None and "Okafor" in refused.held.text
    for score, floor, answers in ((9.0, 0.0, True), (9.0, d.answerable + 0.005, False), (-9.0, 0.0, False)):
        vouching = Rerank(_PreferText(refused.held.text if score > 0 else ""), weight=1.7, top=6,
                          vouch_floor=floor, vouch_score=1.5)
        got = decide(_evidence(pipe, question), strict, vouching)
        assert (got.kind == "answer") is answers, (score, floor, got.why)
        if answers:
            assert got.evidence[0].text == refused.held.text and "vouch" not in got.why and "reranker reads" in got.why
