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
    for section in ("## Ingest", "## Query", "## Scale", "## Peer", "## Embedding backends", "CPU:", "cores:"):
        assert section in text, section
    assert "ratio build/bare" in text and "retrieval p50" in text and "onnx int8" in text
