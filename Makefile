# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SAMPLE ?= samples/sbc01_named_pa.pdf
PORT   ?= 8501

.PHONY: run test lint test-fast bench install system-deps axe qa clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Reinstall only when the package definition changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) system-deps axe

# axe-core (npm) for the accessibility browser test; without npm that test skips.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
axe: | $(PY)
	@[ -f $(AXE) ] || { command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@4 >/dev/null 2>&1; } \
	  || echo "note: npm is not installed; the accessibility test will skip (sudo apt-get install npm)"

# Tesseract reads scanned pages. Installed when we can (root with apt-get); otherwise OCR tests skip
# and scanned PDFs get a clear error.
system-deps:
	@command -v tesseract >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing tesseract-ocr (OCR for scanned plans)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr >/dev/null) \
	      || echo "warning: could not install tesseract-ocr; scanned PDFs will not be readable"; \
	  else echo "note: tesseract-ocr is not installed; scanned PDFs will not be readable (sudo apt-get install tesseract-ocr)"; fi; }

run: install
	POLICYEVAL_SAMPLE=$(SAMPLE) $(VENV)/bin/streamlit run app/main.py --server.port=$(PORT) \
	  --server.headless=true --browser.gatherUsageStats=false

# Lint, format and type checks gate like tests: CI runs exactly this.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow and not browser"

qa: install
	$(VENV)/bin/policyeval qa samples/manifest.yaml

# The bench's peers (pdfplumber, pymupdf4llm) come from the `bench` extra, installed only for the bench.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test,bench]"
	@touch $(BENCH_STAMP)

bench: install $(BENCH_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
