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
    would give the same vectors but costs a fresh process ~0.4 s to import. Written as in-place
    passes over two buffers: the same operations in the same order as the textbook form, so the
    same bits, at ~2.4x the speed (its temporaries were a third of a reranker call)."""
    a = np.abs(x)
    t = a * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(1.0, poly, out=poly)
    return np.copysign(poly, x, out=poly)


# Rows of activations GELU works through at a time: ~400 KB of float32 per temporary, which stays
# in cache across its dozen passes (on the whole (tokens, 1536) array at once it ran at half speed).
GELU_ROWS = 64


def _gelu(h: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT uses (not the tanh one), a block of rows at a time."""
    flat = h.reshape(-1, h.shape[-1])
    out = np.empty_like(flat)
    for i in range(0, len(flat), GELU_ROWS):
        x = flat[i:i + GELU_ROWS]
        g = _erf(x * np.float32(0.5 ** 0.5))
        g += 1.0
        g *= x
        g *= 0.5
        out[i:i + GELU_ROWS] = g
    return out.reshape(h.shape)


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
        """LayerNorm of `x` (which it overwrites: every caller's `x` is a temporary)."""
        x -= x.mean(-1, keepdims=True)
        var = np.square(x).mean(-1, keepdims=True)
        var += self.spec.eps
        x /= np.sqrt(var)
        x *= self.w[name + ".weight"]
        x += self.w[name + ".bias"]
        return x

    def _lin(self, x, name):
        wt = self._wt.get(name)
        if wt is None:  # a contiguous transposed copy: 2-D GEMMs go straight to BLAS
            wt = self._wt[name] = np.ascontiguousarray(self.w[name + ".weight"].T)
        y = x.reshape(-1, x.shape[-1]) @ wt
        y += self.w[name + ".bias"]
        return y.reshape(*x.shape[:-1], wt.shape[1])

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray | None = None,
                      first_only: bool = False) -> np.ndarray:
        """The last layer's token states; `types` marks a pair's second text (a cross-encoder's input).
        `first_only`: the last layer only for the first token ([CLS], what a cross-encoder's head
        reads), shape (batch, 1, hidden); its attention still reads every token, but the other
        tokens' queries, output projections and feed-forward are never computed (a sixth less work)."""
        n = ids.shape[1]
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        return self._layers(self._embed(ids, np.arange(n), 0 if types is None else types), bias,
                            np.array([0]) if first_only else None)

    def _embed(self, ids: np.ndarray, pos: np.ndarray, types) -> np.ndarray:
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][pos]
             + w["embeddings.token_type_embeddings.weight"][types])
        return self._ln(x, "embeddings.LayerNorm")

    def _layers(self, x: np.ndarray, bias: np.ndarray, last_rows: np.ndarray | None = None) -> np.ndarray:
        """The encoder layers over embedded tokens `x` (batch, tokens, hidden), `bias` added to the
        attention scores (0 where a token may attend, float32's minimum where not); with
        `last_rows`, the last layer only for those tokens."""
        s, (b, n, _) = self.spec, x.shape
        hd = s.hidden // s.heads
        for i in range(s.layers):
            pre = f"encoder.layer.{i}."
            full = x    # every token's state: keys and values read them all
            if last_rows is not None and i == s.layers - 1:
                x, bias = x[:, last_rows], bias[..., last_rows, :]  # only these tokens' states are returned
            m = x.shape[1]
            k, v = (self._lin(full, pre + f"attention.self.{t}").reshape(b, n, s.heads, hd).transpose(0, 2, 1, 3)
                    for t in ("key", "value"))
            q = self._lin(x, pre + "attention.self.query").reshape(b, m, s.heads, hd).transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= np.float32(hd ** -0.5)
            scores += bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(b, m, s.hidden)
            x = self._ln(self._lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
            h = self._lin(_gelu(self._lin(x, pre + "intermediate.dense")), pre + "output.dense")
            h += x
            x = self._ln(h, pre + "output.LayerNorm")
        return x

    def first_states(self, seqs: list[list[int]], types: list[list[int]]) -> np.ndarray:
        """The last layer's first-token ([CLS]) state of each sequence, shape (len(seqs), hidden),
        as `hidden_states(..., first_only=True)` gives it, with no padding: the sequences are run
        as one row of tokens through every per-token step (embeddings, projections, feed-forward:
        nine tenths of the work), and each attends only within itself. A batch of a short and a
        long pair padded both to the long one's length, a third more work on the reranker's
        usual four."""
        s = self.spec
        hd = s.hidden // s.heads
        lens = [len(q) for q in seqs]
        starts = np.cumsum([0] + lens[:-1])
        pos = np.concatenate([np.arange(n) for n in lens])
        x = self._embed(np.concatenate([np.asarray(q, dtype=np.int64) for q in seqs]), pos,
                        np.concatenate([np.asarray(t, dtype=np.int64) for t in types]))
        for i in range(s.layers):
            pre = f"encoder.layer.{i}."
            full = x
            last = i == s.layers - 1
            if last:
                x = x[starts]  # only the first tokens' states are returned
            k, v = (self._lin(full, pre + f"attention.self.{t}").reshape(-1, s.heads, hd).transpose(1, 0, 2)
                    for t in ("key", "value"))
            q = self._lin(x, pre + "attention.self.query").reshape(-1, s.heads, hd).transpose(1, 0, 2)
            ctx = np.empty((q.shape[1], s.hidden), dtype=np.float32)
            for j, (a, n) in enumerate(zip(starts, lens)):
                rows = slice(j, j + 1) if last else slice(a, a + n)
                scores = q[:, rows] @ k[:, a:a + n].transpose(0, 2, 1)
                scores *= np.float32(hd ** -0.5)
                scores -= scores.max(-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(-1, keepdims=True)
                ctx[rows] = (scores @ v[:, a:a + n]).transpose(1, 0, 2).reshape(-1, s.hidden)
            x = self._ln(self._lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
            h = self._lin(_gelu(self._lin(x, pre + "intermediate.dense")), pre + "output.dense")
            h += x
            x = self._ln(h, pre + "output.LayerNorm")
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
