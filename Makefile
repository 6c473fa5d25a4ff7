# Samtaletræner: the two commands of the quick start are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test test-locale install install-test bench eval clean

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

# The suite's locale-sensitive part under a strict UTF-8 locale (issue 16): there Python
# reads stdin strictly, unlike C.UTF-8. Needs the da_DK.UTF-8 locale (.ci/run makes it).
LOCALE_TESTS := tests/test_reliability_probes.py tests/test_store_cli.py tests/test_fuzz_sessions.py \
	tests/test_hardening_crash.py tests/test_recall.py tests/test_scenario_loader.py
test-locale: $(STAMP_TEST)
	LC_ALL=da_DK.UTF-8 LANG=da_DK.UTF-8 $(BIN)/python -m pytest -q $(LOCALE_TESTS)

bench: $(STAMP_BASE)
	$(BIN)/python benchmarks/coder_speed.py

eval: $(STAMP_BASE)
	$(BIN)/mentor-sim eval tests/data/da_dev.csv --split test

clean:
	rm -rf $(VENV) build *.egg-info
