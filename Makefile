# Quick start: `make demo` runs danvan with demo data; `make test` runs the whole test suite.
# Both create or update the virtual environment .venv by themselves.

VENV := .venv
STAMP := $(VENV)/.installed
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: demo test lint typecheck mypy-baseline lock bench clean

# The exact versions come from requirements.lock (`make lock` writes it from pyproject.toml's ranges), then danvan
# itself goes in without touching them. A change to either file reinstalls.
$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "danvan needs Python 3.11 or newer (python3.11, python3.12 or python3.13)."; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/danvan demo

# Tests run in parallel on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process. Python keeps its
# bytecode, and pytest its rewritten test modules, in __pycache__ even where PYTHONDONTWRITEBYTECODE is set: without
# them every worker compiles the ~190 test modules again (some 4 s of CPU each). See docs/testing.md.
TEST_WORKERS ?= auto

test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory typecheck
	DEBUG=1 DANVAN_DATA_DIR="$$(mktemp -d)" $(VENV)/bin/danvan manage makemigrations --check --dry-run

# mypy with django-stubs ([tool.mypy] in pyproject.toml), compared with mypy-baseline.txt: it fails on an error that
# is not in the baseline, and on a baseline entry that no longer occurs (then run `make mypy-baseline` and commit the
# shorter file). See docs/testing.md, "Types".
typecheck: $(STAMP)
	$(VENV)/bin/mypy | $(VENV)/bin/mypy-baseline filter --no-colors

mypy-baseline: $(STAMP)
	$(VENV)/bin/mypy | $(VENV)/bin/mypy-baseline sync

# Write requirements.lock again from pyproject.toml: one universal lock for Python 3.11 to 3.13 on every platform,
# keeping the versions it already holds where the ranges allow (`make lock LOCK_ARGS=--upgrade` takes the newest).
lock: $(STAMP)
	$(VENV)/bin/python -m pip install --quiet "uv>=0.13,<0.14"
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --extra test --universal --python-version 3.11 \
		--custom-compile-command "make lock" $(LOCK_ARGS) -o requirements.lock

# Every bench with --quick (a tenth of the data, fewer rounds); their headline figures go into one table at the end
# of docs/performance.md (bench/table.py). The full-size runs: each bench without --quick.
BENCH_TABLE := var/bench-table.jsonl

bench: $(STAMP)
	@mkdir -p var && rm -f $(BENCH_TABLE)
	@for f in bench/bench_*.py; do echo "== $$f"; DANVAN_BENCH_TABLE=$(BENCH_TABLE) $(VENV)/bin/python $$f --quick || exit 1; done
	$(VENV)/bin/python bench/table.py $(BENCH_TABLE) docs/performance.md

clean:
	rm -rf $(VENV) var .pytest_cache
