# Samtaletræner: the two commands of the quick start are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test install install-test bench eval clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_BASE): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

# torch is pinned and installed first: an unpinned torch pulls a multi-GB CUDA build,
# while torch==2.13.0 is a CPU build that pip finds on these machines' disk.
$(STAMP_TEST): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,model]'
	touch $@ $(STAMP_BASE)

install: $(STAMP_BASE)
install-test: $(STAMP_TEST)

run: $(STAMP_BASE)
	$(BIN)/mentor-sim

test: $(STAMP_TEST)
	$(BIN)/python -m pytest

bench: $(STAMP_BASE)
	$(BIN)/python benchmarks/coder_speed.py

eval: $(STAMP_BASE)
	$(BIN)/mentor-sim eval tests/data/da_dev.csv --split test

clean:
	rm -rf $(VENV) build *.egg-info
