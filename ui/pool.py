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
Leaves out HTTP (ui.api) and answer caching: a cache is not capacity.
"""
from __future__ import annotations

import logging
import math
import multiprocessing as mp
import os
import queue as queue_module
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import AsyncIterator, Callable, Iterator

from rag import Answer, RagError
from rag.errors import EmptyQuestionError, IndexNotReadyError, LLMUnavailableError, QuestionTooLongError

log = logging.getLogger("ui.pool")

LANES = ("chat", "api")
READY_TIMEOUT = 300.0    # seconds a worker process may take to open the index and load its models
MAX_RETRY_AFTER = 60     # seconds: the longest wait a Busy asks for


@dataclass(frozen=True)
class Request:
    """One question, as `Pipeline.stream` takes it (picklable: it crosses to worker processes)."""
    question: object
    history: list | None = None
    backend: str | None = None
    k: int | None = None
    articles: tuple[str, ...] = ()


class Busy(RagError):
    """Every slot is answering and the queue is full: come back after `retry_after` seconds."""

    def __init__(self, running: int, waiting: int, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"The server is busy: {running} answers are running and {waiting} are waiting, as many as "
                         f"it holds. Try again in {retry_after} s.")


class Failed(RagError):
    """A question refused in a worker process, or while the server stops; `status` is the HTTP
    status it stands for."""

    def __init__(self, message: str, status: int):
        self.status = status
        super().__init__(message)


class Crashed(Exception):
    """Answering failed unexpectedly in a worker process (its log has the details)."""


def status_of(e: BaseException) -> int:
    """The HTTP status an answering error stands for."""
    if isinstance(e, Busy):
        return 503
    if isinstance(e, Failed):
        return e.status
    if isinstance(e, (EmptyQuestionError, QuestionTooLongError)):
        return 422
    if isinstance(e, IndexNotReadyError):
        return 503
    if isinstance(e, LLMUnavailableError):
        return 502
    if isinstance(e, RagError):  # e.g. an unknown backend: the request's fault
        return 422
    return 500


_KINDS = {422: "invalid", 503: "not_ready", 502: "llm"}
_STATUS = {v: k for k, v in _KINDS.items()}


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


# ------------------------------------------------------------------------- runners
class LocalRunner:
    """A slot in this process: runs the pipeline in the slot's thread."""

    def __init__(self, pipeline):
        self.pipeline = pipeline

    def run(self, r: Request, emit, cancelled: threading.Event) -> None:
        events = self.pipeline.stream(r.question, r.history, backend=r.backend, k=r.k, articles=r.articles)
        try:
            for event in events:
                if cancelled.is_set():
                    return
                emit(event)
        finally:
            events.close()

    @property
    def alive(self) -> bool:
        return True

    def close(self) -> None:
        pass


class WorkerProcess:
    """A process with its own Pipeline (on the shared Chroma server) answering on `slots`
    pipes at once, one thread each. Restarted when it dies."""

    def __init__(self, rag_settings, slots: int, threads: int, name: str):
        self.rag_settings, self.slots, self.threads, self.name = rag_settings, slots, threads, name
        self._lock = threading.Lock()
        self.generation = 0
        self._start()

    def _start(self) -> None:
        ctx = mp.get_context("spawn")  # never fork a process that runs threads
        pairs = [ctx.Pipe() for _ in range(self.slots)]
        self.conns = [a for a, _ in pairs]
        self.proc = ctx.Process(target=worker_main, args=(self.rag_settings, [b for _, b in pairs], self.threads),
                                name=self.name, daemon=True)
        self.proc.start()
        for _, b in pairs:
            b.close()
        for c in self.conns:
            if not c.poll(READY_TIMEOUT):
                self.proc.kill()
                raise RagError(f"Answer worker {self.name} did not start within {READY_TIMEOUT:.0f} s; see its log.")
            try:
                msg = c.recv()
            except EOFError:
                msg = ("failed", f"it exited with code {self.proc.exitcode}")
            if msg[0] != "ready":
                self.proc.join(5)
                raise RagError(f"Answer worker {self.name} could not start: {msg[1]}")
        self.generation += 1

    def restart(self, seen: int) -> None:
        """Start the process again, unless another slot already did since `seen`."""
        with self._lock:
            if self.generation != seen:
                return
            log.warning("answer worker %s stopped (exit code %s); restarting it", self.name, self.proc.exitcode)
            for c in self.conns:
                c.close()
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(5)
            self._start()

    def close(self) -> None:
        for c in self.conns:
            c.close()               # the worker's threads see EOF and return
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)


class ProcessRunner:
    """One slot of a WorkerProcess: sends the question down its pipe and relays the events."""

    def __init__(self, worker: WorkerProcess, index: int):
        self.worker, self.index = worker, index

    @property
    def alive(self) -> bool:
        return self.worker.proc.is_alive()

    def run(self, r: Request, emit, cancelled: threading.Event) -> None:
        gen = self.worker.generation
        conn = self.worker.conns[self.index]
        try:
            conn.send(("ask", r))
            stopping = False
            while True:
                if cancelled.is_set() and not stopping:
                    conn.send(("cancel",))
                    stopping = True
                if not conn.poll(0.5):
                    if not self.worker.proc.is_alive():
                        raise EOFError
                    continue
                msg = conn.recv()
                if msg[0] == "end":
                    return
                if stopping:
                    continue       # drain what was already sent; the slot is reused after "end"
                if msg[0] == "event":
                    emit(msg[1])
                elif msg[1] == "internal":
                    raise Crashed(msg[2])
                else:
                    raise Failed(msg[2], _STATUS.get(msg[1], 422))
        except (EOFError, OSError, BrokenPipeError):
            code = self.worker.proc.exitcode
            threading.Thread(target=self.worker.restart, args=(gen,), daemon=True).start()
            raise Failed(f"An answer worker stopped while answering (exit code {code}); it is being restarted. "
                         "Try again in a few seconds.", 503) from None

    def close(self) -> None:
        pass


def worker_main(rag_settings, conns, threads: int) -> None:
    """Entry point of a worker process: open the pipeline, then answer on every pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the server stops its workers itself
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))   # torch's threads: see ui.__main__
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(processName)s %(name)s: %(message)s")
    try:
        from rag import Pipeline
        pipeline = Pipeline(rag_settings, build_if_empty=False)
        pipeline.warm_up()
    except Exception as e:  # reported to the server, which says so and exits
        for c in conns:
            c.send(("failed", f"{type(e).__name__}: {e}"))
        return
    for c in conns:
        c.send(("ready",))
    threads_ = [threading.Thread(target=_answer_on, args=(pipeline, c), daemon=True) for c in conns]
    for t in threads_:
        t.start()
    for t in threads_:
        t.join()


def _answer_on(pipeline, conn) -> None:
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] != "ask":
            continue           # a cancel that came after its answer had ended
        r: Request = msg[1]
        try:
            events = pipeline.stream(r.question, r.history, backend=r.backend, k=r.k, articles=r.articles)
            try:
                for event in events:
                    if conn.poll() and conn.recv()[0] == "cancel":
                        break
                    conn.send(("event", event))
            finally:
                events.close()
        except RagError as e:
            conn.send(("error", _KINDS.get(status_of(e), "rag"), str(e)))
        except Exception as e:
            log.exception("answer failed")
            conn.send(("error", "internal", f"Something went wrong while answering ({type(e).__name__}). The details "
                                            "are in the server log; try again or rephrase."))
        except BaseException:
            return
        try:
            conn.send(("end",))
        except (EOFError, OSError):
            return


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
