"""The slots that answer: `LocalRunner` runs the pipeline in the slot's own thread, and
`ProcessRunner` hands the question to a `WorkerProcess` over a pipe and relays its events
back (RAG_WORKERS > 1: each worker process opens its own Pipeline on the shared Chroma server
and answers on several pipes at once, one thread each; a worker that dies is restarted).
A slot runs one `Request` at a time and stops between events once cancelled.
Leaves out queueing, admission and taking turns between lanes (ui.pool).
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
from dataclasses import dataclass

from rag import RagError

from .failures import KINDS, STATUS, Crashed, Failed, status_of

log = logging.getLogger("ui.runners")

READY_TIMEOUT = 300.0    # seconds a worker process may take to open the index and load its models


@dataclass(frozen=True)
class Request:
    """One question, as `Pipeline.stream` takes it (picklable: it crosses to worker processes)."""
    question: object
    history: list | None = None
    backend: str | None = None
    k: int | None = None
    articles: tuple[str, ...] = ()


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
                    raise Failed(msg[2], STATUS.get(msg[1], 422))
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
            conn.send(("error", KINDS.get(status_of(e), "rag"), str(e)))
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

