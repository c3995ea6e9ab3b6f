"""Uploaded article files: validated at the trust boundary, stored inside one folder.

The file name is reduced to a safe basename (no directories, no `..`, no control or odd
characters), the type and size are checked before anything is written, and the bytes go
to `<data dir>/uploads/` only; the index then deduplicates by content hash. Leaves out
virus scanning and archives (.zip): not supported types.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, field_validator

ALLOWED = (".txt", ".md", ".markdown", ".html", ".htm")


class UploadError(ValueError):
    pass


class Upload(BaseModel):
    name: str
    size: int

    @field_validator("name")
    @classmethod
    def safe_name(cls, v: str) -> str:
        base = re.split(r"[\\/]", v)[-1]
        base = unicodedata.normalize("NFKC", base)
        base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
        if not base or base.startswith("."):
            raise ValueError("the file has no usable name")
        if not base.lower().endswith(ALLOWED):
            raise ValueError(f"only {', '.join(ALLOWED)} files can be added")
        return base[:120]


def save_upload(src: str | Path, original_name: str, folder: Path, max_bytes: int) -> Path:
    """Copy an uploaded temp file into `folder` under a safe name; return the new path."""
    src = Path(src)
    try:
        size = src.stat().st_size
        up = Upload(name=original_name or src.name, size=size)
    except (OSError, ValueError) as e:
        msg = e.errors()[0]["msg"].removeprefix("Value error, ") if hasattr(e, "errors") else str(e)
        raise UploadError(f"{original_name or src.name}: {msg}") from None
    if size > max_bytes:
        raise UploadError(f"{up.name}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    folder.mkdir(parents=True, exist_ok=True)
    dest = (folder / up.name).resolve()
    if dest.parent != folder.resolve():  # belt and braces: never outside the folder
        raise UploadError(f"{original_name}: refused, the name points outside the upload folder")
    stem, suffix, n = dest.stem, dest.suffix, 1
    data = src.read_bytes()
    while dest.exists():
        if dest.read_bytes() == data:
            return dest  # the same file again
        dest = folder / f"{stem}-{n}{suffix}"
        n += 1
    tmp = dest.with_name(f".{dest.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
    return dest
