"""A small thread-safe LRU map, optionally tied to the index version it was filled under.

Answer-time caches (document frequencies, sentence vectors, question vectors) are read by
several request threads at once (Gradio's queue) and must not outlive the index they
describe: a build from another process changes document frequencies, so a cache whose
`version` no longer matches the store's is emptied before use. Leaves out persistence and
size in bytes: entries are counted, which is enough for vectors of one model.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    def __init__(self, size: int):
        self.size = size
        self._d: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.version: object = None

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        v = self.get(key)
        if v is None:  # computed outside the lock: two threads may both compute, which is harmless
            v = make()
            self.put(key, v)
        return v

    def sync(self, version: object) -> bool:
        """Empty the cache if it was filled under another index version; True if it was."""
        with self._lock:
            if version == self.version:
                return False
            self._d.clear()
            self.version = version
            return True

    def __len__(self) -> int:
        with self._lock:
            return len(self._d)
