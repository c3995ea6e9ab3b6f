"""`NumpyBert.first_states` in torch, for a process that has torch loaded already.

The reranker (rag.decide.reranker) reads a few question-sentence pairs per question through
`NumpyBert`, which needs no torch and so costs a cold start nothing. Once the query embedder
has moved to torch (index.embedder.QueryEmbedder.start_upgrade, or a script passing `Embedder`),
the two would take turns on the same cores with two thread pools, torch's OpenMP threads
spinning after each of its operations while NumPy's BLAS threads wait for the cores, and the
other way round. Run through torch as well, the pairs share the embedder's pool: on 2 cores
(2026-12-07) five pairs took ~25 ms this way against ~41 ms through NumPy, with the same
scores to 1e-5 (float32 both; only the order of the sums differs).

`TorchFirstStates(bert)` reads the NumPy encoder's own arrays (no copy) and computes what
`bert.first_states` computes: the pairs run unpadded as one row of tokens through the per-token
steps, each attending within itself, and the last layer only for the first tokens.
`quiet_blas()` keeps NumPy's BLAS to one thread while a question is answered beside torch: the
rest of an answer's NumPy work is small products (cosines, the scorer), and two BLAS threads
spinning after each of them took the cores from torch's next operation. Both together, the
answer p50 of 151 dev questions x 2 (2026-12-07, one process each, nothing else running) went
from 83-99 to 47 ms, p95 from ~170 to 64 ms, with the same answers; either alone, none of that
(94 ms with torch's pairs, 73-75 ms with one BLAS thread). Leaves out everything else
`NumpyBert` does (sentence vectors, pooling): the embedder is torch already.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from functools import lru_cache

import numpy as np


def available() -> bool:
    """Whether torch is loaded in this process (never imported here: that would be the cold start
    this module exists to keep away)."""
    return "torch" in sys.modules


@lru_cache(maxsize=1)
def _blas():
    """NumPy's BLAS libraries as threadpoolctl finds them (~2 ms, once), or None without it."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a missing helper costs speed, never an answer
        return None
    return ThreadpoolController().select(user_api="blas")


# Answers under way inside quiet_blas(), and the limit the first of them set: only the last to
# finish restores the threads, so answers overlapping in a server neither end each other's limit
# early nor leave the process at one thread after them.
_QUIET = threading.Lock()
_quiet: dict = {"depth": 0, "limiter": None}


@contextmanager
def quiet_blas():
    """A context in which NumPy's BLAS uses one thread, when torch is loaded (else a no-op): a
    process-wide limit from the first answer under way to the last (~7 us to set and restore)."""
    blas = _blas() if available() else None
    if not blas:
        yield
        return
    with _QUIET:
        if _quiet["depth"] == 0:
            _quiet["limiter"] = blas.limit(limits=1)
        _quiet["depth"] += 1
    try:
        yield
    finally:
        with _QUIET:
            _quiet["depth"] -= 1
            if _quiet["depth"] == 0:
                _quiet["limiter"].restore_original_limits()
                _quiet["limiter"] = None


class TorchFirstStates:
    """`first_states` of a `NumpyBert` (index.bert_numpy), computed by torch in float32."""

    def __init__(self, bert):
        import torch

        self.torch, self.spec = torch, bert.spec
        # zero-copy views of the NumPy weights: the same numbers, no second copy in memory
        self.w = {name: torch.from_numpy(np.ascontiguousarray(a)) for name, a in bert.w.items()}

    def _ln(self, x, name):
        f = self.torch.nn.functional
        return f.layer_norm(x, (self.spec.hidden,), self.w[name + ".weight"], self.w[name + ".bias"], self.spec.eps)

    def _lin(self, x, name):
        return self.torch.nn.functional.linear(x, self.w[name + ".weight"], self.w[name + ".bias"])

    def first_states(self, seqs: list[list[int]], types: list[list[int]]) -> np.ndarray:
        """The last layer's first-token state of each sequence, shape (len(seqs), hidden)."""
        torch, s = self.torch, self.spec
        hd = s.hidden // s.heads
        lens = [len(q) for q in seqs]
        starts = np.cumsum([0] + lens[:-1])
        with torch.inference_mode():
            ids = torch.from_numpy(np.concatenate([np.asarray(q, dtype=np.int64) for q in seqs]))
            kinds = torch.from_numpy(np.concatenate([np.asarray(t, dtype=np.int64) for t in types]))
            pos = torch.from_numpy(np.concatenate([np.arange(n, dtype=np.int64) for n in lens]))
            w = self.w
            x = self._ln(w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][pos]
                         + w["embeddings.token_type_embeddings.weight"][kinds], "embeddings.LayerNorm")
            for i in range(s.layers):
                pre = f"encoder.layer.{i}."
                full = x
                last = i == s.layers - 1
                if last:
                    x = x[torch.from_numpy(starts)]  # only the first tokens' states are returned
                k, v = (self._lin(full, pre + f"attention.self.{t}").reshape(-1, s.heads, hd).transpose(0, 1)
                        for t in ("key", "value"))
                q = self._lin(x, pre + "attention.self.query").reshape(-1, s.heads, hd).transpose(0, 1)
                ctx = torch.empty((q.shape[1], s.hidden), dtype=x.dtype)
                for j, (a, n) in enumerate(zip(starts.tolist(), lens)):
                    rows = slice(j, j + 1) if last else slice(a, a + n)
                    scores = torch.softmax(q[:, rows] @ k[:, a:a + n].transpose(1, 2) * hd ** -0.5, dim=-1)
                    ctx[rows] = (scores @ v[:, a:a + n]).transpose(0, 1).reshape(-1, s.hidden)
                x = self._ln(self._lin(ctx, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
                h = self._lin(torch.nn.functional.gelu(self._lin(x, pre + "intermediate.dense")), pre + "output.dense")
                x = self._ln(h + x, pre + "output.LayerNorm")
            return x.numpy()
