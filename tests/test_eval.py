"""eval: metrics on hand-made cases, the dev-set validator, the runner, and the CI gate."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ARTICLES, REPO
from eval import evaluate, load_set, validate
from eval import metrics as M
from eval.dataset import DEFAULT_SET
from eval.judge import SupportJudge, VerbatimJudge

V = VerbatimJudge()
P1 = "Russian peacekeeping forces left Karabakh in May 2024. Baku welcomed the move."
P2 = "The Zangezur corridor links mainland Azerbaijan with Nakhchivan."


# ---------------------------------------------------------------- retrieval
def test_recall_and_mrr():
    gold = [M.Span("a.txt", 100, 150), M.Span("b.txt", 0, 40)]
    got = [M.Span("c.txt", 0, 500), M.Span("a.txt", 90, 400), M.Span("b.txt", 500, 900)]
    assert M.recall_at_k(got, gold, 5).value == 0.5
    assert M.recall_at_k(got, gold, 1).value == 0.0           # must be able to score 0
    assert M.mrr(got, gold).value == 0.5
    assert M.mrr(got[:1], gold).value == 0.0
    assert M.recall_at_k(got, [], 5).value is None and "no gold" in M.recall_at_k(got, [], 5).reason


def test_overlap_needs_half_the_gold_span():
    gold = [M.Span("a.txt", 100, 200)]
    assert M.recall_at_k([M.Span("a.txt", 160, 400)], gold).value == 0.0
    assert M.recall_at_k([M.Span("a.txt", 140, 400)], gold).value == 1.0


# ---------------------------------------------------------------- citations
def test_citation_recall():
    ans = "Russian peacekeeping forces left Karabakh in May 2024. [1] The Zangezur corridor links mainland Azerbaijan with Nakhchivan. [1]"
    s = M.citation_recall(ans, [P1, P2], V)
    assert s.value == 0.5 and "unsupported" in s.reason
    assert M.citation_recall("Baku welcomed the move. [2]", [P1, P2], V).value == 0.0
    assert M.citation_recall("Nothing cited here.", [P1], V).value == 0.0
    assert M.citation_recall("", [], V, abstained=True).value is None


def test_citation_precision_flags_irrelevant_citations():
    ans = "Russian peacekeeping forces left Karabakh in May 2024. [1][2]"
    s = M.citation_precision(ans, [P1, P2], V)
    assert s.value == 0.5 and "[2]" in s.reason
    assert M.citation_precision("Baku welcomed the move. [2]", [P1, P2], V).value == 0.0
    assert M.citation_precision("Baku welcomed the move. [1]", [P1, P2], V).value == 1.0
    assert M.citation_precision("No markers at all.", [P1], V).value is None


def test_faithfulness():
    ctx = [P1, P2]
    assert M.faithfulness("Baku welcomed the move. [1] Armenia joined NATO. [1]", ctx, V).value == 0.5
    assert M.faithfulness("Armenia joined NATO. [1]", ctx, V).value == 0.0
    assert M.faithfulness("", ctx, V, abstained=True).value is None


def test_key_facts_and_truthfulness():
    k = M.key_fact_recall("They left in May 2024 [1].", ["May 2024", "Karabakh"])
    assert k.value == 0.5 and "Karabakh" in k.reason
    assert M.key_fact_recall("The articles don't cover this.", ["May 2024"], abstained=True).value == 0.0
    assert M.key_fact_recall("x", []).value is None
    assert M.key_fact_recall("Türkiye’s role", ["türkiye's"]).value == 1.0
    assert M.truthfulness(True, False, M.Score(1.0, "")).value == 1
    assert M.truthfulness(True, False, M.Score(0.0, "")).value == -1
    assert M.truthfulness(True, True, M.Score(0.0, "")).value == 0
    assert M.truthfulness(False, True, M.Score(None, "")).value == 1
    assert M.truthfulness(False, False, M.Score(None, "")).value == -1


def test_percentile():
    assert M.percentile([1, 2, 3, 4], 0.5) == 2.5 and M.percentile([], 0.5) is None


def test_support_judge_threshold(fake_embedder):
    from rag.evidence import Evidence
    j = SupportJudge(Evidence(fake_embedder))
    assert j.supports("Russian peacekeeping forces left Karabakh in May 2024.", [P1])
    assert not j.supports("Armenia joined NATO in 1999 after a referendum.", [P1])


# ---------------------------------------------------------------- dev set
def test_dev_set_is_valid_and_covers_every_type():
    items = load_set()
    assert len(items) >= 40 and validate(items, ARTICLES) == []
    from eval.dataset import TYPES
    assert {i.type for i in items} == set(TYPES)


def test_validator_catches_bad_quotes(tmp_path):
    bad = tmp_path / "bad.jsonl"
    rows = [json.loads(l) for l in DEFAULT_SET.read_text().splitlines()[:2]]
    rows[0]["gold"][0]["quote"] = "Russian peacekeepers never left"
    rows[1]["type"] = "multi-article"
    bad.write_text("\n".join(json.dumps(r) for r in rows))
    problems = validate(load_set(bad), ARTICLES)
    assert any("not found verbatim" in p for p in problems)
    assert any("2+ articles" in p for p in problems)
    out = subprocess.run([sys.executable, "-m", "eval", "validate", "--set", str(bad)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "not found verbatim" in out.stdout


# ---------------------------------------------------------------- runner
def test_runner_on_three_questions(tmp_path, settings, fake_embedder):
    from index import build
    from rag import Pipeline, Settings
    from eval.report import write
    build([ARTICLES], settings=settings, embedder=fake_embedder)
    pipe = Pipeline(Settings(index=settings), embedder=fake_embedder, build_if_empty=False)
    small = tmp_path / "three.jsonl"
    lines = DEFAULT_SET.read_text().splitlines()
    pick = [l for l in lines if json.loads(l)["id"] in ("f04", "n05", "b02")]
    small.write_text("\n".join(pick))
    r = evaluate(small, pipeline=pipe, settings=pipe.settings, compare=True)
    assert r.summary["n"] == 3 and r.baseline.summary["n"] == 3
    assert {row.id for row in r.rows} == {"f04", "n05", "b02"}
    assert r.judge.startswith("support")
    paths = write(r, tmp_path / "out")
    html = paths["html"].read_text()
    assert "data:image/png;base64," in html and "f04" in html and "<script" not in html
    data = json.loads(paths["json"].read_text())
    assert data["summary"]["n"] == 3 and "baseline" in data
    assert "| recall@5 |" in paths["md"].read_text()


@pytest.mark.slow
def test_eval_gate_extractive(real_index, real_embedder):
    """CI gate on judge-independent figures only (retrieval, key facts, abstention): the support
    judge shares the guard's own check, so a citation figure from it holds by construction."""
    from rag import Pipeline, Settings
    pipe = Pipeline(Settings(index=real_index), embedder=real_embedder, build_if_empty=False)
    s = evaluate(pipeline=pipe, settings=pipe.settings).summary
    print(json.dumps(s, indent=1))
    assert s["recall@5"] >= 0.95
    assert s["key_fact_recall"] >= 0.80
    assert s["abstention_recall"] >= 0.88 and s["false_abstention"] <= 0.05
    assert s["truthfulness"] >= 0.66
