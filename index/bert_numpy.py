"""A BERT sentence encoder in NumPy, configured by the model directory's own files.

Query time needs a few short texts embedded, not a training stack: importing torch and
transformers costs ~7 s of cold start here, this ~0.3 s. Everything that decides the vectors
is read from the model directory, the way sentence-transformers reads it: the module list
(`modules.json`: Transformer -> Pooling -> optional Normalize), the pooling mode
(`1_Pooling/config.json`), the sequence length (`sentence_bert_config.json`), the
architecture, activation and sizes (`config.json`), and the weights (`model.safetensors`).
A model outside what this supports (another architecture, relative positions, max pooling,
a Dense layer, ...) is refused with `UnsupportedModel`, and callers use sentence-transformers
instead. Leaves out batching policy and thread safety: `index.embedder` owns those.
"""
from __future__ import annotations

import json
import os
import weakref
from dataclasses import dataclass

import numpy as np

SUPPORTED_MODULES = ("sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                     "sentence_transformers.models.Normalize")


class UnsupportedModel(ValueError):
    """The model directory describes something this encoder does not implement."""


@dataclass(frozen=True)
class BertSpec:
    layers: int
    heads: int
    hidden: int
    eps: float
    max_seq_length: int
    pooling: str          # "mean" or "cls"
    normalize: bool


def _read(path: str, name: str) -> dict | list:
    try:
        with open(os.path.join(path, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise UnsupportedModel(f"{name} in {path} cannot be read ({e})") from None


def read_spec(path: str) -> BertSpec:
    """What the model directory says the encoder is; raises UnsupportedModel otherwise."""
    modules = _read(path, "modules.json")
    kinds = [m.get("type", "") for m in modules]
    if not kinds or kinds[0] != SUPPORTED_MODULES[0] or any(k not in SUPPORTED_MODULES for k in kinds) \
            or kinds.count(SUPPORTED_MODULES[1]) != 1:
        raise UnsupportedModel(f"module list {kinds} is not Transformer -> Pooling [-> Normalize]")
    cfg = _read(path, "config.json")
    if cfg.get("model_type") != "bert" or cfg.get("architectures", ["BertModel"]) != ["BertModel"]:
        raise UnsupportedModel(f"architecture {cfg.get('architectures')} / {cfg.get('model_type')} is not BertModel")
    if cfg.get("hidden_act", "gelu") != "gelu" or cfg.get("position_embedding_type", "absolute") != "absolute":
        raise UnsupportedModel("only exact GELU and absolute position embeddings are implemented")
    pooling_dir = next(m.get("path", "") for m in modules if m.get("type") == SUPPORTED_MODULES[1])
    pool = _read(os.path.join(path, pooling_dir), "config.json")
    modes = [k for k, v in pool.items() if k.startswith("pooling_mode") and v]
    if modes == ["pooling_mode_mean_tokens"]:
        pooling = "mean"
    elif modes == ["pooling_mode_cls_token"]:
        pooling = "cls"
    else:
        raise UnsupportedModel(f"pooling {modes} is not mean or CLS pooling alone")
    sbert = _read(path, "sentence_bert_config.json")
    max_len = int(sbert.get("max_seq_length") or cfg["max_position_embeddings"])
    if sbert.get("do_lower_case"):
        raise UnsupportedModel("do_lower_case outside the tokenizer is not implemented")
    return BertSpec(layers=cfg["num_hidden_layers"], heads=cfg["num_attention_heads"], hidden=cfg["hidden_size"],
                    eps=cfg["layer_norm_eps"], max_seq_length=min(max_len, cfg["max_position_embeddings"]),
                    pooling=pooling, normalize=SUPPORTED_MODULES[2] in kinds)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26), float32's own precision: scipy.special
    would give the same vectors but costs a fresh process ~0.4 s to import."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


# Weights read from a model file, shared by every encoder over it while one holds them: the
# reranker's cross-encoder reads the packaged model's word embeddings (frozen in its training,
# 47 MB) and the query encoder has them in memory already.
_SHARED: "weakref.WeakValueDictionary[tuple[str, str], np.ndarray]" = weakref.WeakValueDictionary()


def _weights(file: str, skip: set[str]) -> tuple[dict[str, np.ndarray], frozenset[str]]:
    """The file's tensors as float32 by name (checkpoints differ in whether names carry the "bert."
    prefix: it is dropped), one at a time so no second copy of the file is ever held, leaving out
    `skip` and reusing any another encoder already holds; and every name the file has."""
    from safetensors import safe_open

    out: dict[str, np.ndarray] = {}
    key = os.path.realpath(file)
    with safe_open(file, framework="np") as f:
        names = frozenset(raw.removeprefix("bert.") for raw in f.keys())
        for raw in f.keys():
            name = raw.removeprefix("bert.")
            if name in skip:
                continue
            held = _SHARED.get((key, name))
            if held is None:
                held = f.get_tensor(raw).astype(np.float32, copy=False)
                _SHARED[(key, name)] = held
            out[name] = held
    return out, names


class NumpyBert:
    """Token ids -> sentence vectors, exactly as the model's sentence-transformers modules."""

    def __init__(self, path: str, replace: dict[str, np.ndarray] | None = None):
        """`replace`: weights to use instead of the model directory's (a fine-tuned model over the
        same base, e.g. rag.decide.reranker's); those are not read from the file at all."""
        self.spec = read_spec(path)
        # `names`: every weight the model file has, read or replaced
        self.w, self.names = _weights(os.path.join(path, "model.safetensors"), set(replace or ()))
        self.w.update(replace or {})
        if "embeddings.word_embeddings.weight" not in self.w:
            raise UnsupportedModel("model.safetensors has no BERT embedding weights")
        self._wt: dict[str, np.ndarray] = {}

    def _ln(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.spec.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        wt = self._wt.get(name)
        if wt is None:  # a contiguous transposed copy: 2-D GEMMs go straight to BLAS
            wt = self._wt[name] = np.ascontiguousarray(self.w[name + ".weight"].T)
        y = x.reshape(-1, x.shape[-1]) @ wt + self.w[name + ".bias"]
        return y.reshape(*x.shape[:-1], wt.shape[1])

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray | None = None) -> np.ndarray:
        """The last layer's token states; `types` marks a pair's second text (a cross-encoder's input)."""
        w, s, (b, n) = self.w, self.spec, ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0 if types is None else types])
        x = self._ln(x, "embeddings.LayerNorm")
        hd = s.hidden // s.heads
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(s.layers):
            pre = f"encoder.layer.{i}."
            q, k, v = (self._lin(x, pre + f"attention.self.{t}").reshape(b, n, s.heads, hd).transpose(0, 2, 1, 3)
                       for t in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(hd ** -0.5) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            ctx = (scores / scores.sum(-1, keepdims=True)) @ v
            ctx = ctx.transpose(0, 2, 1, 3).reshape(b, n, s.hidden)
            x = self._ln(self._lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
            h = self._lin(x, pre + "intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h * np.float32(0.5 ** 0.5)))  # erf GELU, as BERT uses (not the tanh one)
            x = self._ln(self._lin(h, pre + "output.dense") + x, pre + "output.LayerNorm")
        return x

    def embed(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        h = self.hidden_states(ids, mask)
        if self.spec.pooling == "cls":
            v = h[:, 0]
        else:
            v = (h * mask[..., None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
        if self.spec.normalize:
            v = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
        return v.astype(np.float32)
