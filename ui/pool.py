"""The answer pool: a fixed number of answers at once, a bounded queue, and `Busy` beyond it.

Every answer the server computes — the chat, Gradio's `/ask`, the HTTP API — runs in one
`Pool` of slots (`ui.settings`: RAG_POOL, one per core). A slot is a thread that runs
`Pipeline.stream` in this process, or, with RAG_WORKERS > 1, hands the question to a worker
process over a pipe and relays its events (the workers share one Chroma server). Requests
wait in two lanes served in turn: `chat` (the Gradio app, whose own queue already bounds it:
ui.app configures it from the same limits) and `api` (the HTTP API). An `api` request that
finds every slot busy and RAG_QUEUE requests already waiting raises `Busy` at once, with the
seconds after which to retry; taking turns keeps the chat answering while the API is busy.
A waiting API request holds no thread. Events are those of `Pipeline.stream` (text, `Reset`,
the final `Answer`), delivered to a sink as they come, so consumers may stream.
The slots themselves are ui.runners; the errors and their HTTP statuses, ui.failures.
Leaves out HTTP (ui.api) and answer caching: a cache is not capacity.
"""
from __future__ import annotations

import math
import queue as queue_module
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import AsyncIterator, Callable, Iterator

from rag import Answer

from .failures import Busy, Failed
from .runners import LocalRunner, ProcessRunner, Request, WorkerProcess

__all__ = ["Busy", "Failed", "Job", "Pool", "PooledPipeline", "Request"]

LANES = ("chat", "api")
MAX_RETRY_AFTER = 60     # seconds: the longest wait a Busy asks for


@dataclass(frozen=True)
class _Error:
    error: BaseException


_DONE = object()


@dataclass(eq=False)
class Job:
    request: Request
    lane: str
    sink: Callable[[object], None]
    cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """The client went away: drop the job if it still waits, stop it between events if it runs."""
        self.cancelled.set()


# ------------------------------------------------------------------------- the pool
class _Lanes:
    """Waiting jobs, one FIFO per lane; a free slot takes from the lanes in turn."""

    def __init__(self):
        self._q = {lane: deque() for lane in LANES}
        self._turn = 0
        self._cv = threading.Condition()
        self.closed = False

    def put(self, job: Job) -> None:
        with self._cv:
            self._q[job.lane].append(job)
            self._cv.notify()

    def take(self) -> Job | None:
        with self._cv:
            while not self.closed and not any(self._q.values()):
                self._cv.wait()
            if self.closed:
                return None
            for i in range(len(LANES)):
                lane = LANES[(self._turn + i) % len(LANES)]
                if self._q[lane]:
                    self._turn = (self._turn + i + 1) % len(LANES)
                    return self._q[lane].popleft()

    def waiting(self) -> int:
        with self._cv:
            return sum(len(q) for q in self._q.values())

    def close(self) -> list[Job]:
        with self._cv:
            self.closed = True
            left = [j for q in self._q.values() for j in q]
            for q in self._q.values():
                q.clear()
            self._cv.notify_all()
            return left


class Pool:
    def __init__(self, runners: list, queue: int, workers: list[WorkerProcess] | None = None):
        self.runners, self.queue, self.workers = runners, queue, workers or []
        self.slots = len(runners)
        self._lanes = _Lanes()
        self._lock = threading.Lock()
        self._running = 0
        self._waiting = 0
        self._avg = 0.2             # seconds per answer, a moving average (for Retry-After)
        self.answered = self.refused = 0
        self._threads = [threading.Thread(target=self._serve, args=(r,), name=f"answer-slot-{i}", daemon=True)
                         for i, r in enumerate(runners)]
        for t in self._threads:
            t.start()

    @classmethod
    def local(cls, pipeline, slots: int, queue: int) -> "Pool":
        """`slots` answers at once in this process."""
        return cls([LocalRunner(pipeline) for _ in range(slots)], queue)

    @classmethod
    def processes(cls, rag_settings, workers: int, slots: int, queue: int, threads: int) -> "Pool":
        """`slots` answers at once spread over `workers` processes (which share a Chroma server),
        each answer with `threads` torch threads."""
        per = [slots // workers + (i < slots % workers) for i in range(workers)]
        procs: list[WorkerProcess] = []
        try:
            for i, n in enumerate(per):
                procs.append(WorkerProcess(rag_settings, n, threads, f"answer-worker-{i + 1}"))
        except BaseException:
            for p in procs:
                p.close()
            raise
        return cls([ProcessRunner(p, j) for p in procs for j in range(p.slots)], queue, procs)

    # ---- admission ----------------------------------------------------------------
    def submit(self, request: Request, lane: str, sink: Callable[[object], None]) -> Job:
        """Queue a request; its events go to `sink`, then `_DONE`. Raises Busy for a full `api` lane."""
        with self._lock:
            if self._lanes.closed:
                raise Failed("The server is shutting down; try again in a moment.", 503)
            if lane == "api" and self._running + self._waiting >= self.slots + self.queue:
                self.refused += 1
                raise Busy(self._running, self._waiting, self._retry_after())
            self._waiting += 1
        job = Job(request, lane, sink)
        self._lanes.put(job)
        return job

    def _retry_after(self) -> int:
        """Seconds until the queue ahead has likely drained (under the lock)."""
        ahead = (self._running + self._waiting) * self._avg / max(1, self.slots)
        return max(1, min(MAX_RETRY_AFTER, math.ceil(ahead)))

    def retry_after(self) -> int:
        with self._lock:
            return self._retry_after()

    def stats(self) -> dict:
        with self._lock:
            return {"slots": self.slots, "queue": self.queue, "running": self._running, "waiting": self._waiting,
                    "answered": self.answered, "refused": self.refused, "seconds_per_answer": round(self._avg, 3),
                    "workers": len(self.workers) or 1}

    @property
    def alive(self) -> bool:
        return not self._lanes.closed and all(r.alive for r in self.runners)

    # ---- the slots ------------------------------------------------------------------
    def _serve(self, runner) -> None:
        while True:
            job = self._lanes.take()
            if job is None:
                return
            with self._lock:
                self._waiting -= 1
                self._running += 1
            t = time.monotonic()
            try:
                if not job.cancelled.is_set():
                    runner.run(job.request, job.sink, job.cancelled)
            except BaseException as e:  # handed to whoever waits for the answer
                job.sink(_Error(e))
            finally:
                took = time.monotonic() - t
                with self._lock:
                    self._running -= 1
                    self.answered += 1
                    if not job.cancelled.is_set():
                        self._avg = 0.8 * self._avg + 0.2 * took
                job.sink(_DONE)

    # ---- consumers ----------------------------------------------------------------------
    def stream(self, request: Request, lane: str = "chat") -> Iterator:
        """Events of one answer, for a thread that may block (the Gradio app's handlers)."""
        q: queue_module.SimpleQueue = queue_module.SimpleQueue()
        job = self.submit(request, lane, q.put)
        try:
            while True:
                event = q.get()
                if event is _DONE:
                    return
                if isinstance(event, _Error):
                    raise event.error
                yield event
        finally:
            job.cancel()

    async def astream(self, request: Request, lane: str = "api") -> AsyncIterator:
        """Events of one answer, for the event loop (the HTTP API); raises Busy before the first."""
        import asyncio
        loop = asyncio.get_running_loop()
        q: asyncio.Queue = asyncio.Queue()
        job = self.submit(request, lane, lambda e: loop.call_soon_threadsafe(q.put_nowait, e))
        try:
            while True:
                event = await q.get()
                if event is _DONE:
                    return
                if isinstance(event, _Error):
                    raise event.error
                yield event
        finally:
            job.cancel()

    def answer(self, request: Request, lane: str = "chat") -> Answer:
        final = None
        for event in self.stream(request, lane):
            if isinstance(event, Answer):
                final = event
        return final

    def close(self) -> None:
        for job in self._lanes.close():
            job.sink(_Error(Failed("The server is shutting down; try again in a moment.", 503)))
            job.sink(_DONE)
        for w in self.workers:
            w.close()
        for t in self._threads:
            t.join(timeout=5)


class PooledPipeline:
    """The pipeline as the Gradio app sees it: answers go through the pool (lane `chat`),
    everything else (store, settings, embedder for uploads) to the local pipeline."""

    def __init__(self, local, pool: Pool):
        self._local, self.pool = local, pool

    def __getattr__(self, name):
        return getattr(self._local, name)

    def stream(self, question, history=None, *, backend=None, k=None, articles=()):
        return self.pool.stream(Request(question, history, backend, k, tuple(articles or ())), "chat")

    def answer(self, question, history=None, *, backend=None, k=None, articles=()) -> Answer:
        return self.pool.answer(Request(question, history, backend, k, tuple(articles or ())), "chat")
