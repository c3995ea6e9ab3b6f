"""Load: the served app (`python -m ui`) under concurrent clients, on loopback.

Each phase is N clients asking 4 questions each, one after another (the questions of
eval/data/dev.jsonl in turn, so the 134 questions repeat across clients), through
`POST /v1/answer` (httpx), `POST /v1/chat/completions` streamed (SSE, as an OpenAI client
reads it), or Gradio's `/ask` (gradio_client, one Client per client). The bench starts its
own server on a free loopback port over a scratch data directory (the bundled articles
indexed there; with workers, also its own `chroma run`), a fresh one per endpoint, and
stops it at the end. An error is a timeout, a failed connection, a 5xx other than a 503
with Retry-After, or a reply without an answer; a 503 with Retry-After is retried after
that many seconds and counted under "503 retried". Latency is per question, from the first
try to the answer. "Other work" is the share of the machine's CPU that processes other than
the bench, its servers and their children used during the phase (the machine is shared and
that skews the figures). Every request has a timeout and every phase a deadline. One more
/v1/answer row runs with RAG_QUEUE=32: overload turned into 503 + Retry-After and retried,
not errors (though retrying clients lose their place in line: see its p95).
The server has no answer cache (none exists); the pipeline's own cache of question vectors
(rag.evidence) is on, as in any long-running server, so a repeated question skips its
embedding. HTTP clients are asyncio in this process; gradio_client runs a few threads per
client on the same cores as the server, and its figures include that. By default
gradio_client builds a new TLS context for every request, loading the CA bundle (~37 ms of
CPU each) even for http://; the bench hands each Client one shared context (`ssl_verify=`),
and a last row shows 256 clients with the defaults.
Run one phase: `python -m bench.load --clients 64 --via answer`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .common import ARTICLES, REPO, p50, p95, tempdir

QUESTIONS_PER_CLIENT = 4
REQUEST_TIMEOUT = 120.0      # seconds one try may take
QUESTION_DEADLINE = 300.0    # seconds one question may take, retries included
WARM_UP = ["What do the articles say about the CSTO?", "Who is Ilham Aliyev?", "Which articles do you have?",
           "What is the Middle Corridor?", "Why did relations between Baku and Moscow sour?"]
VIAS = ("answer", "chat", "gradio")
LABEL = {"answer": "/v1/answer", "chat": "/v1/chat/completions (stream)", "gradio": "Gradio /ask (gradio_client)"}


def questions() -> list[str]:
    return [json.loads(line)["question"] for line in (REPO / "eval" / "data" / "dev.jsonl").read_text().splitlines()]


@dataclass
class Phase:
    via: str
    clients: int
    per_client: int
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    retried: int = 0
    wall: float = 0.0

    def row(self, config: str) -> tuple:
        n = len(self.latencies)
        return (config, LABEL[self.via], f"{self.clients} × {self.per_client}", n, len(self.errors), self.retried,
                f"{n / self.wall:.1f}" if self.wall else "–", f"{p50(self.latencies):.2f}", f"{p95(self.latencies):.2f}")


# ------------------------------------------------------------------------- the server
OURS: set[int] = set()    # the servers and Chroma servers this bench started (their children count too)


def _cpu() -> tuple[float, int, int]:
    """(time, busy CPU ticks of the machine, ticks of this bench and the processes it started)."""
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
    parents, ticks = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(d)], ticks[int(d)] = int(fields[1]), int(fields[11]) + int(fields[12])
    ours, todo = set(), [os.getpid(), *OURS]
    while todo:
        pid = todo.pop()
        if pid not in ours:
            ours.add(pid)
            todo += [p for p, pp in parents.items() if pp == pid]
    return time.monotonic(), user + nice + system + irq + softirq + steal, sum(ticks.get(p, 0) for p in ours)


def _other_cpu(before: tuple, after: tuple) -> float:
    """Percent of the machine's CPU used by processes other than this bench's during a phase."""
    wall, busy, ours = (a - b for a, b in zip(after, before))
    capacity = wall * os.sysconf("SC_CLK_TCK") * (os.cpu_count() or 1)
    return max(0.0, 100 * (busy - ours) / capacity) if capacity else 0.0

def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}   # never the user's index or settings
    env.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False", RAG_PROGRESS="0",
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _wait(url: str, proc: subprocess.Popen, seconds: float, what: str) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer at {url} within {seconds:.0f} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def scratch_index(workers: int):
    """A data directory with the bundled articles indexed (and a Chroma server when workers > 1)."""
    with tempdir("bench-load-") as d:
        extra, chroma = {"RAG_DATA_DIR": d / "data"}, None
        if workers > 1:
            port = _free_port()
            chroma = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--path", str(d / "chroma"),
                                       "--host", "127.0.0.1", "--port", str(port)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            OURS.add(chroma.pid)
            _wait(f"http://127.0.0.1:{port}/api/v2/heartbeat", chroma, 60, "chroma run")
            extra["RAG_CHROMA_URL"] = f"http://127.0.0.1:{port}"
        try:
            subprocess.run([sys.executable, "-m", "index", "build", str(ARTICLES)], cwd=REPO, env=_env(**extra),
                           check=True, capture_output=True, timeout=900)
            yield extra
        finally:
            if chroma is not None:
                _stop(chroma)


@contextmanager
def server(index_env: dict, workers: int = 1, warm: bool = True, **settings):
    """`python -m ui` on a free loopback port; yields its URL once it has answered a few questions."""
    port = _free_port()
    env = _env(**index_env, RAG_UI_HOST="127.0.0.1", RAG_UI_PORT=port, RAG_WORKERS=workers, **settings)
    log = open(Path(index_env["RAG_DATA_DIR"]).parent / f"server-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    OURS.add(proc.pid)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + "/healthz", proc, 300, "the server")
        for q in WARM_UP * 2:   # the models loaded, torch taking over from NumPy for the query embedder
            _post(url + "/v1/answer", {"question": q})
        if warm:
            time.sleep(10)
            for q in WARM_UP:
                _post(url + "/v1/answer", {"question": q})
        yield url
    finally:
        _stop(proc)
        log.close()


def _post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as r:
        return json.loads(r.read())


# ------------------------------------------------------------------------- clients
async def _http_client(url: str, via: str, qs: list[str], phase: Phase) -> None:
    import httpx
    ask = _ask_answer if via == "answer" else _ask_chat
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_connections=1)) as client:
        for q in qs:
            t0 = time.perf_counter()
            while True:
                try:
                    problem, retry = await ask(client, url, q)
                except (httpx.HTTPError, OSError, ValueError) as e:
                    problem, retry = f"{type(e).__name__}: {e}", None
                if retry is not None:
                    if time.perf_counter() - t0 + retry > QUESTION_DEADLINE:
                        problem = "the question's deadline passed while told to retry"
                    else:
                        phase.retried += 1
                        await asyncio.sleep(retry)
                        continue
                if problem:
                    phase.errors.append(problem)
                else:
                    phase.latencies.append(time.perf_counter() - t0)
                break


def _retry_after(r) -> float | None:
    v = r.headers.get("retry-after")
    return float(v) if r.status_code == 503 and v and v.replace(".", "", 1).isdigit() else None


async def _ask_answer(client, url: str, q: str):
    r = await client.post(url + "/v1/answer", json={"question": q})
    if r.status_code != 200:
        retry = _retry_after(r)
        return (None, retry) if retry is not None else (f"HTTP {r.status_code}: {r.text[:200]}", None)
    a = r.json()
    return (None if "text" in a and isinstance(a.get("citations"), list) else f"no answer in {r.text[:200]}"), None


async def _ask_chat(client, url: str, q: str):
    body = {"model": "extractive", "stream": True, "messages": [{"role": "user", "content": q}]}
    async with client.stream("POST", url + "/v1/chat/completions", json=body) as r:
        if r.status_code != 200:
            await r.aread()
            retry = _retry_after(r)
            return (None, retry) if retry is not None else (f"HTTP {r.status_code}: {r.text[:200]}", None)
        text, final, done = "", None, False
        async for line in r.aiter_lines():
            if not line.startswith("data: "):
                continue
            if line == "data: [DONE]":
                done = True
                break
            chunk = json.loads(line[6:])
            if "error" in chunk:
                return f"error in stream: {chunk['error']}", None
            text += chunk["choices"][0]["delta"].get("content") or ""
            final = chunk.get("answer") or final
    if not done or final is None or text != final["text"]:
        return "the stream did not end with the answer's text and [DONE]", None
    return None, None


def _gradio_phase(url: str, phase: Phase, qs: list[list[str]], shared_tls: bool = True) -> None:
    import ssl
    from gradio_client import Client
    tls = ssl.create_default_context() if shared_tls else True   # see the module's docstring

    def one(i: int) -> None:
        try:
            client = Client(url + "/", verbose=False, ssl_verify=tls)
        except Exception as e:  # the client could not even connect: every question of it failed
            phase.errors.extend([f"connect: {type(e).__name__}: {e}"] * len(qs[i]))
            return
        for q in qs[i]:
            t0 = time.perf_counter()
            try:
                r = client.submit(q, api_name="/ask").result(timeout=REQUEST_TIMEOUT)
                if "text" in r and isinstance(r.get("citations"), list):
                    phase.latencies.append(time.perf_counter() - t0)
                else:
                    phase.errors.append(f"no answer in {str(r)[:200]}")
            except Exception as e:
                phase.errors.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(phase.clients)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + QUESTION_DEADLINE * phase.per_client
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    hung = sum(t.is_alive() for t in threads)
    if hung:
        phase.errors.extend(["client still waiting at the phase deadline"] * hung)


def run_phase(url: str, via: str, clients: int, per_client: int, pool: list[str], offset: int = 0,
              shared_tls: bool = True) -> Phase:
    phase = Phase(via, clients, per_client)
    qs = [[pool[(offset + i * per_client + j) % len(pool)] for j in range(per_client)] for i in range(clients)]
    t0 = time.perf_counter()
    if via == "gradio":
        _gradio_phase(url, phase, qs, shared_tls)
    else:
        async def main():
            await asyncio.wait_for(asyncio.gather(*(_http_client(url, via, q, phase) for q in qs)),
                                   QUESTION_DEADLINE * per_client)
        try:
            asyncio.run(main())
        except asyncio.TimeoutError:
            phase.errors.append("phase deadline passed")
    phase.wall = time.perf_counter() - t0
    return phase


# ------------------------------------------------------------------------- suite
HEADER = ("server", "endpoint", "clients × questions", "answered", "errors", "503 retried", "answers/s",
          "p50 s", "p95 s", "other work, % CPU")


def run(tiny: bool = False) -> dict:
    """Fresh server per endpoint (nothing warm from another endpoint's questions); tiny: one server."""
    pool = questions()
    levels, per = ((1, 8), 2) if tiny else ((1, 64, 256), QUESTIONS_PER_CLIENT)
    # (workers, more server settings, endpoints, client counts); a short queue shows what overload looks like
    runs = [(1, {}, VIAS, levels)] if tiny else [
        (1, {}, VIAS, levels), (1, {"RAG_QUEUE": 32}, ("answer",), levels[-1:]), (2, {}, ("answer",), levels)]
    rows, figures, errors = [], {}, []

    def measure(url: str, config: str, via: str, n: int, label: str = "", **kw) -> None:
        before = _cpu()
        ph = run_phase(url, via, n, per, pool, **kw)
        row = ph.row(config)
        rows.append(row[:1] + ((row[1] + label),) + row[2:] + (f"{_other_cpu(before, _cpu()):.0f}",))
        figures[f"{config}/{via}{label}/{n}"] = {"answered": len(ph.latencies), "errors": len(ph.errors),
                                                 "retried": ph.retried, "p95": p95(ph.latencies),
                                                 "qps": len(ph.latencies) / ph.wall}
        errors.extend(f"{via}{label} {n}: {e}" for e in ph.errors[:2])
        print(" | ".join(map(str, rows[-1])), flush=True)

    for workers in dict.fromkeys(r[0] for r in runs):
        with scratch_index(workers) as idx:
            for _, extra, vias, counts in (r for r in runs if r[0] == workers):
                config = ("1 process, embedded Chroma" if workers == 1 else
                          f"{workers} worker processes, Chroma server") + "".join(f", {k}={v}" for k, v in extra.items())
                groups = [vias] if tiny else [(v,) for v in vias]   # a fresh server per endpoint: nothing warm
                for group in groups:
                    with server(idx, workers, warm=not tiny, **extra) as url:
                        for via in group:
                            for n in counts:
                                measure(url, config, via, n)
                            if via == "gradio" and not tiny:
                                measure(url, config, via, counts[-1], ", client defaults", shared_tls=False)
    res = {"title": "Load: concurrent clients on the served app (loopback)", "header": HEADER, "table": rows,
           "figures": figures}
    if errors:
        res["table"] = rows + [("first errors", "; ".join(errors)[:700]) + ("",) * (len(HEADER) - 2)]
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description="One load phase against a fresh server.")
    ap.add_argument("--via", choices=VIAS, default="answer")
    ap.add_argument("--clients", type=int, nargs="+", default=[64])
    ap.add_argument("--questions", type=int, default=QUESTIONS_PER_CLIENT)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--set", nargs="*", default=[], metavar="RAG_X=V", help="more server settings, e.g. RAG_QUEUE=32")
    args = ap.parse_args(argv)
    extra = dict(kv.split("=", 1) for kv in args.set)
    with scratch_index(args.workers) as idx, server(idx, args.workers, **extra) as url:
        for n in args.clients:
            ph = run_phase(url, args.via, n, args.questions, questions())
            print(" | ".join(map(str, ph.row(f"workers={args.workers} {' '.join(args.set)}"))), flush=True)
            for e in ph.errors[:5]:
                print("  error:", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
