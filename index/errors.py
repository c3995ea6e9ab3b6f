"""Index errors. Each message names the file or resource and says what to do next."""
from __future__ import annotations


class IndexingError(Exception):
    """Base class for everything the index package raises on purpose."""


class LoadError(IndexingError):
    """One input file cannot be indexed; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str, hint: str = ""):
        self.path, self.reason, self.hint = str(path), reason, hint
        super().__init__(f"{self.path}: {reason}" + (f" ({hint})" if hint else ""))


class StoreError(IndexingError):
    """The vector store or document store cannot be opened, read or written."""


class EmptyIndexError(IndexingError):
    """The index holds no chunks yet."""

    def __init__(self, where: str):
        super().__init__(
            f"The index at {where} is empty. Build it with `python -m index build` "
            "(or `make run`, which builds the bundled articles)."
        )
