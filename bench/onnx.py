"""Faster embeddings: all-MiniLM-L6-v2 exported offline to ONNX (fp32 and dynamic int8),
run with onnxruntime, against sentence-transformers on fp32 torch.

Export: `torch.onnx.export` from the packaged model directory (no hub, no optimum: optimum-onnx
pins transformers 4.x, which breaks sentence-transformers 6.2). Pooling and normalisation are
the model's own (mean over the attention mask, L2). Measured: throughput on the bundled chunks,
and recall@5 of gold passages on the dev set when the *whole index* is built with each backend.
"""
from __future__ import annotations

import time

import numpy as np

from .common import ARTICLES, REPO, tempdir


class OnnxEmbedder:
    """Same interface as index.Embedder, backed by onnxruntime."""

    def __init__(self, path: str, base):
        import onnxruntime as ort
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        self.sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        self.tok = base.model.tokenizer
        self.base, self.name, self.dim = base, "onnx", base.dim
        self.max_wordpieces = base.max_wordpieces
        self.batch_size = 32

    def fits(self, text):
        return self.base.fits(text)

    def wordpieces(self, text):
        return self.base.wordpieces(text)

    def encode(self, texts, progress=False):
        # Like sentence-transformers: batch texts of similar length so padding stays small.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        texts = [texts[i] for i in order]
        out = []
        for i in range(0, len(texts), self.batch_size):
            enc = self.tok(list(texts[i:i + self.batch_size]), padding=True, truncation=True, max_length=256,
                           return_tensors="np")
            h = self.sess.run(None, {"input_ids": enc["input_ids"].astype(np.int64),
                                     "attention_mask": enc["attention_mask"].astype(np.int64),
                                     "token_type_ids": enc["token_type_ids"].astype(np.int64)})[0]
            m = enc["attention_mask"][..., None].astype(np.float32)
            v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        if not out:
            return np.zeros((0, self.dim), np.float32)
        v = np.concatenate(out).astype(np.float32)
        unsorted = np.empty_like(v)
        unsorted[order] = v
        return unsorted

    def embed_documents(self, texts):
        return self.encode(texts).tolist()

    def embed_query(self, text):
        return self.encode([text])[0].tolist()


def export(base, d) -> tuple[str, str]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = base.model[0].auto_model.eval()

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids, mask, tt):
            return self.m(input_ids=ids, attention_mask=mask, token_type_ids=tt).last_hidden_state

    enc = base.model.tokenizer(["a short one", "and a slightly longer sentence"], padding=True, return_tensors="pt")
    fp32, int8 = str(d / "minilm.onnx"), str(d / "minilm-int8.onnx")
    axes = {k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")}
    torch.onnx.export(Wrap(model), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), fp32,
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)
    quantize_dynamic(fp32, int8, weight_type=QuantType.QInt8)
    return fp32, int8


def _recall(embedder, d, name) -> float:
    from eval import evaluate
    from index import Settings as IS, build
    from rag import Pipeline, Settings
    s = IS.from_env(data_dir=d / name, progress=False, chroma_url=None)
    build([ARTICLES], settings=s, embedder=embedder)
    pipe = Pipeline(Settings(index=s), embedder=embedder, build_if_empty=False)
    return evaluate(REPO / "eval" / "data" / "dev.jsonl", pipeline=pipe, settings=pipe.settings).summary["recall@5"]


def run(tiny: bool = False) -> dict:
    import logging
    logging.getLogger("root").setLevel(logging.ERROR)
    from index import Embedder, load
    from index.chunker import chunk_text

    base = Embedder()
    texts = [c.text for f in sorted(ARTICLES.iterdir()) for c in chunk_text(f.name, load(f).text)]
    texts = texts[:8] if tiny else texts * 4
    with tempdir() as d:
        fp32, int8 = export(base, d)
        backends = [("torch fp32 (default)", base), ("onnx fp32", OnnxEmbedder(fp32, base)),
                    ("onnx int8", OnnxEmbedder(int8, base))]
        rows, ref = [], None
        for name, e in backends:
            e.encode(texts[:4])
            t = time.perf_counter()
            v = e.encode(texts)
            rate = len(texts) / (time.perf_counter() - t)
            ref = v if ref is None else ref
            cos = float(np.mean(np.sum(v * ref, axis=1)))
            rec = _recall(e, d, name.split()[0] + name.split()[1]) if not tiny else float("nan")
            rows.append((name, round(rate, 1), cos, rec))
    base_rate, base_rec = rows[0][1], rows[0][3]
    table = [(n, r, f"{r / base_rate:.2f}x", f"{c:.4f}", f"{rec:.3f}", f"{rec - base_rec:+.3f}") for n, r, c, rec in rows]
    return {"title": "Embedding backends", "header": ("backend", "chunks/s", "vs torch", "mean cos to torch vectors",
                                                       "recall@5 (dev set)", "recall change"),
            "table": table, "figures": rows}
