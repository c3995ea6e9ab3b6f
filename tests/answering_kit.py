"""Helpers shared by the answering tests (test_candidates.py, test_anchors.py, test_binding.py,
test_people.py, test_amounts.py, test_decision.py, test_reranker.py, test_compose.py): pipelines
over tests/golden/portvale.md, tests/golden/travel or articles written for a test, and a question's
evidence, scored or bound by hand. The test modules re-export the fixtures they use."""
from __future__ import annotations

import shutil

import pytest

from conftest import GOLDEN, HashingEmbedder
from index import Settings as IndexSettings, build
from rag import Pipeline, Settings
from rag.check.guard import render
from rag.decide.decision import Decision
from rag.understand.question import analyze
from rag.write.compose import compose


def _index(tmp_path, embedder):
    d = tmp_path / "articles"
    d.mkdir()
    shutil.copy(GOLDEN / "portvale.md", d / "portvale.md")
    s = IndexSettings.from_env(data_dir=tmp_path / "data", progress=False)
    build([d], settings=s, embedder=embedder)
    return Pipeline(Settings(index=s), embedder=embedder, build_if_empty=False)


def _articles(tmp_path, texts: dict[str, str], embedder=None):
    """A pipeline over articles written for the test, {file name: text} (the hashing embedder
    unless another is given, e.g. the real model)."""
    embedder = embedder or HashingEmbedder()
    d = tmp_path / "articles"
    d.mkdir()
    for name, text in texts.items():
        (d / name).write_text(text)
    s = IndexSettings.from_env(data_dir=tmp_path / "data", progress=False)
    build([d], settings=s, embedder=embedder)
    return Pipeline(Settings(index=s), embedder=embedder, build_if_empty=False)


def _one_article(tmp_path, name: str, text: str):
    return _articles(tmp_path, {name: text})


@pytest.fixture
def pipe(tmp_path):
    return _index(tmp_path, HashingEmbedder())


def _evidence(pipe, question):
    return pipe.evidence(analyze(question))


def _scored(pipe, question, prefer: str):
    """The question's evidence, with the candidate containing `prefer` scored best by hand."""
    a = _evidence(pipe, question)
    for c in a.candidates:
        c.p = 0.9 if prefer in c.text else 0.05
    return a


@pytest.fixture
def travel(tmp_path):
    d = tmp_path / "articles"
    shutil.copytree(GOLDEN / "travel", d)
    s = IndexSettings.from_env(data_dir=tmp_path / "data", progress=False)
    build([d], settings=s, embedder=HashingEmbedder())
    return Pipeline(Settings(index=s), embedder=HashingEmbedder(), build_if_empty=False)


def _bound(pipe, question):
    from rag.decide.binding import bind_all
    ev = _evidence(pipe, question)
    bind_all(ev)
    return ev


def _answer_led_by(pipe, question: str, words: str):
    """The composed answer when the sentence holding `words` scores best (a scripted scorer)."""
    from rag.decide.binding import bind_all
    a = _evidence(pipe, question)
    bind_all(a)
    for c in a.candidates:
        c.p = 0.9 if words in c.text else 0.3
    return render(compose(a, Decision("answer", 1.0, ""), pipe.scorer.compose, a.finder(pipe.store)), a.passages)
