# gwparse developer tasks. `make install` once, then `make test lint`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install test lint schema bench fuzz fuzz-layouts
FUZZ_SECONDS ?= 600

install:  ## create the virtualenv and install gwparse with its dev tools
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[dev]'

test:  ## run the test suite
	$(BIN)/pytest

fuzz-layouts:  ## the round-trip layout tests with many more examples (GWPARSE_LAYOUT_EXAMPLES)
	GWPARSE_LAYOUT_EXAMPLES=$${GWPARSE_LAYOUT_EXAMPLES:-2000} $(BIN)/pytest tests/test_roundtrip.py

lint:  ## check style and common mistakes
	$(BIN)/ruff check src tests

schema:  ## regenerate schemas/ from gwparse.model (tests fail while it is stale)
	$(BIN)/python -m gwparse.schema schemas/task-record.schema.json

bench:  ## run the benchmarks (bench/run.py)
	$(BIN)/python bench/run.py

fuzz:  ## mutation-fuzz the command for FUZZ_SECONDS (default 600); findings go to fuzz-findings/
	nice $(BIN)/python tests/fuzz.py --seconds $(FUZZ_SECONDS)
