PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run demo test lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(PY) -m bot

demo: $(STAMP)
	$(PY) -m bot demo

test: $(TSTAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -q

lint: $(TSTAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(TSTAMP)
	$(PY) benchmarks/dispatch.py
	$(PY) benchmarks/broadcast.py
	$(PY) benchmarks/signup.py
	$(PY) benchmarks/schedule.py
	$(PY) benchmarks/reminders.py
	$(PY) benchmarks/news.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
