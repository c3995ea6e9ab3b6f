"""Run the benchmarks and write bench/RESULTS.md: `python -m bench [--tiny] [--only NAME ...] [--out PATH]`.

With `--only`, the named suites' sections are replaced in the existing file and the rest is
kept. Sections headed `## Before …` (earlier figures kept for comparison) survive every run.
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from pathlib import Path

from .common import machine

SUITES = ["ingest", "query", "scale", "scale_real", "peer", "onnx", "load"]


def _table(res: dict) -> str:
    if "rows" in res:
        lines = ["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in res["rows"]]
    else:
        head = res["header"]
        lines = ["| " + " | ".join(map(str, head)) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(map(str, r)) + " |" for r in res["table"]]
    if res.get("quality"):
        lines += ["", "Answer quality on the dev set (`eval.evaluate(compare=True)`):", "",
                  "| metric | this project | plain dense top-4 baseline |", "|---|---|---|"]
        lines += [f"| {m} | {a} | {b} |" for m, a, b in res["quality"]]
    return "\n".join(lines)


def _sections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(the preamble, [(heading, block)]) of a results file; the 'Total' line is dropped."""
    parts = re.split(r"(?m)^(?=## )", text)
    blocks = [(b.splitlines()[0], re.sub(r"(?m)^Total: .*\n?", "", b)) for b in parts[1:]]
    return parts[0], blocks


def _merge(old: str, new_blocks: list[tuple[str, str]], only: bool) -> list[str]:
    """The new blocks, plus from the old file the 'Before' sections and (with --only) every
    other suite's section, in the old file's order."""
    _, old_blocks = _sections(old)
    fresh = dict(new_blocks)
    out, used = [], set()
    for head, block in old_blocks:
        if head in fresh:
            out.append(fresh[head])
            used.add(head)
        elif only or head.startswith("## Before"):
            out.append(block.rstrip("\n") + "\n")
    return out + [b for h, b in new_blocks if h not in used]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench")
    ap.add_argument("--tiny", action="store_true", help="smoke-test sizes (seconds, not minutes)")
    ap.add_argument("--only", nargs="*", choices=SUITES)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "RESULTS.md"))
    args = ap.parse_args(argv)
    m = machine()
    parts = [f"# Benchmark results{' (tiny smoke run)' if args.tiny else ''}", "",
             f"{time.strftime('%Y-%m-%d %H:%M')} · CPU: {m['cpu']} · cores: {m['cores']} · Python {m['python']}", "",
             "Libraries: " + ", ".join(f"{k} {v}" for k, v in m.items() if k not in ('cpu', 'cores', 'python')), ""]
    t_all = time.perf_counter()
    blocks = []
    for name in args.only or SUITES:
        t = time.perf_counter()
        res = importlib.import_module(f"bench.{name}").run(tiny=args.tiny)
        took = time.perf_counter() - t
        block = f"## {res['title']}\n\n{_table(res)}\n\n_{took:.0f} s_\n"
        print(block, flush=True)
        doc = (importlib.import_module(f"bench.{name}").__doc__ or "").strip()
        if doc:
            block += "\n> " + doc.replace("\n", "\n> ") + "\n"
        blocks.append((f"## {res['title']}", block))
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    parts += _merge(old, blocks, bool(args.only))
    parts.append(f"Total: {time.perf_counter() - t_all:.0f} s" + (" (the suites run now)" if args.only else ""))
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
