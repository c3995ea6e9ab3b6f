"""Train the cross-encoder reranker on tune data only: `python -m eval rerank`.

The reranker (rag.decide.reranker) reads a question and one candidate sentence together and
scores how well the sentence answers it. It is MiniLM-L6 initialised from the packaged
all-MiniLM-L6-v2 and fine-tuned here, on CPU, from the questions `python -m eval fit`
collects (squad2:tune, dev:tune and fresh:tune run through the product's own retrieval; the
collection is cached in WORK/rerank-questions.json). So it learns on the candidates it will
rank: for each question whose answer sentence was retrieved, that sentence against the ones
the shipped scorer ranks highest without holding the answer (and one more at random), with a
listwise loss (softmax over the group). A first try scored each pair on its own, with the
unanswerable questions' best sentences as negatives too: out of fold it ranked the answer
sentence first less often than the scorer alone (the on-topic sentences of unanswerable
questions taught it that being on topic is wrong).

Three trainings: two on halves of the questions (split by the article they are about), each
scoring the other half, then one on all of them, which ships. The out-of-fold scores choose,
on tune only, how much the reranker counts beside the scorer (`weight`) and over how many of
the scorer's best candidates (`top`), by how often the answer sentence comes first.

Writes `rag/decide/reranker.safetensors` (every weight but the word embeddings, which stay
frozen and are read from the packaged model; fp16, 22 MB) and `rag/decide/reranker.json`
(settings, data sizes, the out-of-fold figures). Test splits are never read (eval.sets
refuses them for fitting). ~45 minutes on an idle 2-core machine (stop 51: 36 minutes of training
on 1,851 answered questions, after ~10 of collecting them); anything else running beside it
slows it five- to ninefold. Leaves out inference
(rag.decide.reranker) and the scorer (eval.fit).
"""
from __future__ import annotations

import json
import math
import random
import time
import zlib
from pathlib import Path

import numpy as np

from rag.decide.reranker import META, WEIGHTS, reordered, within_reach

HARD_NEGATIVES = 4        # per answered question: the scorer's best candidates that do not answer
MAX_LENGTH = 128
EPOCHS = 3
BATCH = 32
LR = 5e-5
TOPS = (2, 3, 4, 5, 6)  # 6: adopted at stop 75 on tune answers (rag.decide.reranker), so a retrain weighs it
WEIGHT_GRID = tuple(round(0.1 * i, 1) for i in range(0, 31))
# How far behind the scorer's best (in logits) a sentence is still read: on fresh:tune answers
# (stop 75) no sentence that overtook the best started more than 5.3 behind and 3 of 849 more
# than 4.5; reading only those within 4.5 costs ~4.5 pairs a question instead of 6 (~10 ms each).
BEHIND = 4.5


def collect_questions(work: Path, log=print) -> list[dict]:
    """Every tune example as {set, group, q, answerable, cands: [{text, label, p, art}]}, with
    `p` from the shipped scorer (the order the reranker will be asked to refine)."""
    from rag.decide import scorer as scorer_module

    from .fit import collect
    scorer = scorer_module.load()
    out = []
    for e in collect(work, log):
        cands = e.analysis.candidates
        scorer.score(cands)
        out.append({"set": e.set, "group": e.group, "q": e.analysis.question.text, "answerable": e.answerable,
                    "cands": [{"text": c.text, "label": int(lab), "p": float(c.p), "art": c.bundle.id}
                              for c, lab in zip(cands, e.labels)]})
    return out


def fold_of(ex: dict) -> int:
    """Which half an example falls in: by the article of its best-scored candidate, so a
    fold's model never saw a question whose answer sits in the article it scores."""
    if not ex["cands"]:
        return 0
    art = max(ex["cands"], key=lambda c: c["p"])["art"]
    return zlib.crc32(art.encode()) % 2


def groups(questions: list[dict], seed: int = 0) -> list[tuple[str, list[str]]]:
    """(question, [answer sentence, negatives...]) for each question one of whose candidates
    holds the answer: the negatives are the candidates the scorer ranks highest without it
    (what the reranker must tell apart), and one further at random. Unanswerable questions
    teach it nothing about order: their best sentence is on topic and must still rank first
    among what is left, so they are left out."""
    rng, out = random.Random(seed), []
    for ex in questions:
        ranked = sorted(ex["cands"], key=lambda c: -c["p"])
        pos = [c for c in ranked if c["label"]]
        neg = [c for c in ranked if not c["label"]]
        if not pos or not neg:
            continue
        chosen = neg[:HARD_NEGATIVES] + (rng.sample(neg[HARD_NEGATIVES:], 1) if len(neg) > HARD_NEGATIVES else [])
        out.append((ex["q"], [pos[0]["text"]] + [c["text"] for c in chosen]))
    return out


def train(data: list[tuple[str, list[str]]], base: str, log=print, seed: int = 0):
    """Fine-tune the cross-encoder on groups (question, [answer, negatives...]) with a listwise
    loss: softmax over each group's scores, the answer sentence the target. Returns the model."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    # The word embeddings stay the packaged ones: 11.7M of the 22.7M weights need not ship,
    # and on a few thousand questions training them only fits the tune articles' vocabulary.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    flat = [(g, q, s) for g, (q, texts) in enumerate(data) for s in texts]
    enc = tok([q for _, q, _ in flat], [s for _, _, s in flat], truncation=True, max_length=MAX_LENGTH)
    members: dict[int, list[int]] = {}
    for i, (g, _, _) in enumerate(flat):
        members.setdefault(g, []).append(i)
    rng = random.Random(seed)
    # Batches of groups of similar length (padding to the longest costs ~10x on CPU), in random order.
    longest = {g: max(len(enc["input_ids"][i]) for i in m) for g, m in members.items()}
    order = sorted(members, key=lambda g: (longest[g], rng.random()))
    per_batch = max(1, BATCH // (HARD_NEGATIVES + 2))
    batches = [order[i:i + per_batch] for i in range(0, len(order), per_batch)]
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    steps = EPOCHS * len(batches)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    model.train()
    t0, step = time.perf_counter(), 0
    for epoch in range(EPOCHS):
        rng.shuffle(batches)
        total = 0.0
        for b in batches:
            rows = [i for g in b for i in members[g]]
            n = max(len(enc["input_ids"][i]) for i in rows)
            pad = lambda key: torch.tensor([enc[key][i] + [0] * (n - len(enc[key][i])) for i in rows])  # noqa: E731
            logits = model(input_ids=pad("input_ids"), attention_mask=pad("attention_mask"),
                           token_type_ids=pad("token_type_ids")).logits.squeeze(-1)
            loss, at = 0.0, 0
            for g in b:  # the answer sentence is each group's first row
                k = len(members[g])
                loss = loss - torch.log_softmax(logits[at:at + k], 0)[0]
                at += k
            loss = loss / len(b)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(b)
            step += 1
            if step % 50 == 0:
                log(f"    step {step}/{steps} loss {loss.item():.3f} ({time.perf_counter() - t0:.0f} s)")
        log(f"  epoch {epoch + 1}: mean loss {total / len(data):.4f} ({time.perf_counter() - t0:.0f} s)")
    model.eval()
    return model


def export(model, path: Path = WEIGHTS) -> int:
    """Every weight but the frozen word embeddings, fp16; returns the file's size in bytes."""
    from safetensors.numpy import save_file
    state = {k: v.detach().cpu().numpy().astype(np.float16) for k, v in model.state_dict().items()
             if not k.endswith("word_embeddings.weight") and not k.endswith("position_ids")}
    save_file(state, str(path))
    return path.stat().st_size


def hit_at_1(questions: list[dict], scores: list[list[float]], weight: float, top: int,
             spread: float = math.inf) -> dict[str, float]:
    """Per tune corpus: how often the best candidate after reranking (as rag.decide.reranker
    does it) holds the answer."""
    out: dict[str, list[int]] = {}
    for ex, sc in zip(questions, scores):
        if not any(c["label"] for c in ex["cands"]):
            continue
        ps = [c["p"] for c in ex["cands"]]
        reach = within_reach(ps, weight, top, spread) or [max(range(len(ps)), key=ps.__getitem__)]
        best = reach[reordered([ps[i] for i in reach], [sc[i] for i in reach], weight)[0]]
        out.setdefault(ex["set"], []).append(ex["cands"][best]["label"])
    return {k: round(sum(v) / len(v), 4) for k, v in sorted(out.items())}


def spread_of(scores: list[list[float]], questions: list[dict], top: int) -> float:
    """The widest gap between one question's reranker scores over the scorer's `top`."""
    widest = 0.0
    for ex, sc in zip(questions, scores):
        idx = sorted(range(len(ex["cands"])), key=lambda i: -ex["cands"][i]["p"])[:top]
        if len(idx) > 1:
            widest = max(widest, max(sc[i] for i in idx) - min(sc[i] for i in idx))
    return widest


def _top_scores(model, ex: dict) -> list[float]:
    """Reranker scores of the scorer's best max(TOPS) candidates (the rest are never reranked: 0)."""
    top = sorted(range(len(ex["cands"])), key=lambda i: -ex["cands"][i]["p"])[:max(TOPS)]
    out = [0.0] * len(ex["cands"])
    for i, s in zip(top, model.scores(ex["q"], [ex["cands"][i]["text"] for i in top])):
        out[i] = float(s)
    return out


def finish(questions: list[dict], weight: float, top: int, log=print, sample: int = 600) -> float:
    """The shipped model's own score spread (its scale differs from the fold models'), on a
    sample of tune questions: what bounds which candidates are worth reading."""
    from rag.decide.reranker import Reranker
    from .fit import TUNE
    model = Reranker(WEIGHTS)
    qs = random.Random(3).sample([ex for ex in questions if ex["set"] in TUNE and len(ex["cands"]) > 1],
                                 sample)
    spread = spread_of([_top_scores(model, ex) for ex in qs], qs, max(TOPS))
    log(f"the shipped model's score spread over the scorer's best {max(TOPS)}: {spread:.3f}")
    return round(spread, 4)


def main(work: Path | str = "eval/out", log=print, questions_file: Path | None = None) -> dict:
    from index.embedder import model_path

    from rag.decide.reranker import Reranker
    from .fit import TUNE
    base = model_path()
    work = Path(work)
    cache = questions_file or work / "rerank-questions.json"
    if cache.exists():
        questions = json.loads(cache.read_text(encoding="utf-8"))
        log(f"read {len(questions)} collected tune questions from {cache}")
    else:
        log("collecting tune questions (the same as `python -m eval fit`) ...")
        questions = collect_questions(work, log)
        cache.write_text(json.dumps(questions), encoding="utf-8")
    # Out-of-fold scores for the tune corpora: each half scored by a model trained on the other.
    oof: list[list[float]] = [[] for _ in questions]
    for k in (0, 1):
        train_qs = [ex for ex in questions if fold_of(ex) != k]
        data = groups(train_qs)
        log(f"fold {k}: training on {len(data)} answered questions ({sum(len(t) for _, t in data)} pairs)")
        tmp = work / f"rerank-fold{k}.safetensors"
        if tmp.exists() and tmp.stat().st_mtime > cache.stat().st_mtime:
            log(f"  reusing {tmp}, trained after {cache} was written")
        else:
            export(train(data, base, log), tmp)
        model = Reranker(tmp, base)
        for i, ex in enumerate(questions):
            if fold_of(ex) == k and ex["set"] in TUNE:
                oof[i] = _top_scores(model, ex)
    (work / "rerank-oof.json").write_text(json.dumps(oof), encoding="utf-8")
    tune_qs = [(ex, sc) for ex, sc in zip(questions, oof) if ex["set"] in TUNE]
    qs, sc = [q for q, _ in tune_qs], [s for _, s in tune_qs]
    before = hit_at_1(qs, sc, 0.0, 1)
    spread = spread_of(sc, qs, max(TOPS))
    grid = {(w, t): hit_at_1(qs, sc, w, t, spread) for w in WEIGHT_GRID for t in TOPS}
    (weight, top), hits = max(grid.items(), key=lambda kv: (float(np.mean(list(kv[1].values()))), -kv[0][1], -kv[0][0]))
    log(f"answer sentence first, out of fold: scorer alone {before}; with the reranker "
        f"(weight {weight}, top {top}) {hits}")
    data = groups(questions)
    log(f"final: training on {len(data)} answered questions ({sum(len(t) for _, t in data)} pairs)")
    size = export(train(data, base, log), WEIGHTS)
    final = finish(questions, weight, top, log)
    meta = {"made_by": "python -m eval rerank", "date": time.strftime("%Y-%m-%d"), "base": "all-MiniLM-L6-v2",
            "max_length": MAX_LENGTH, "weight": weight, "top": top, "spread": final, "behind": BEHIND,
            "bytes": size,
            "data": {"questions": len(questions), "groups": len(data), "pairs": sum(len(t) for _, t in data),
                     "sets": {s: sum(ex["set"] == s for ex in questions) for s in sorted({ex["set"] for ex in questions})}},
            "training": {"epochs": EPOCHS, "batch": BATCH, "lr": LR, "hard_negatives": HARD_NEGATIVES,
                         "word_embeddings": "frozen (read from the packaged model)"},
            "out_of_fold_hit_at_1": {"scorer": before, "reranked": hits, "spread": round(spread, 4)}}
    META.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    # the vouch's bar is on the old model's scores: it is not carried over
    log(f"wrote {WEIGHTS} ({size / 1e6:.1f} MB) and {META}; choose when the reranker may vouch for an "
        f"answer again with `python -m eval vouch` (off until then)")
    return meta


if __name__ == "__main__":  # pragma: no cover
    main()
