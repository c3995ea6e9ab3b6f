"""bench: every benchmark script runs end to end at a tiny size and prints its figures."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.slow
def test_bench_smoke(tmp_path):
    out = tmp_path / "RESULTS.md"
    r = subprocess.run([sys.executable, "-m", "bench", "--tiny", "--out", str(out)], cwd=REPO,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    text = out.read_text()
    for section in ("## Ingest", "## Query", "## Scale (synthetic", "## Scale (real-looking", "## Peer",
                    "## Embedding backends", "## Load", "CPU:", "cores:"):
        assert section in text, section
    assert "ratio build/bare" in text and "retrieval p50" in text and "onnx int8" in text
    assert "| 1 process, embedded Chroma | /v1/answer | 8 × 2 | 16 | 0 |" in text


def test_results_merge_keeps_before_sections_and_other_suites():
    from bench.__main__ import _merge
    old = ("# Benchmark results\n\nold date\n\n## Ingest\n\nold ingest\n\n## Scale (x)\n\nold scale\n\n"
           "## Before #15: Scale (x)\n\nkept table\n\nTotal: 9 s\n")
    new = [("## Scale (x)", "## Scale (x)\n\nnew scale\n")]
    only = "".join(_merge(old, new, only=True))
    assert "new scale" in only and "old scale" not in only and "old ingest" in only and "kept table" in only
    assert "Total" not in only and only.index("old ingest") < only.index("new scale") < only.index("kept table")
    full = "".join(_merge(old, new, only=False))  # a full run: only the Before sections survive
    assert "old ingest" not in full and "kept table" in full and "new scale" in full
