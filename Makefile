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
	$(PY) -m bot demo $(ARGS)

# four workers on two cores: the process tests spend much of their time waiting on the bot
# (a reminder's due time, a long poll), and the other workers keep the cores busy meanwhile;
# worksteal evens out the long tests (a crawl, a thousand groups) at the end
# mypy runs beside the tests: they wait on bot processes often enough to leave it a core
test: $(TSTAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy & types=$$!; \
	$(PY) -m pytest -q -n 4 --dist worksteal; tests=$$?; \
	wait $$types && exit $$tests

lint: $(TSTAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(TSTAMP)
	$(PY) benchmarks/dispatch.py
	$(PY) benchmarks/overhead.py
	$(PY) benchmarks/broadcast.py
	$(PY) benchmarks/broadcast_progress.py
	$(PY) benchmarks/signup.py
	$(PY) benchmarks/schedule.py
	$(PY) benchmarks/reminders.py
	$(PY) benchmarks/news.py
	$(PY) benchmarks/typed.py
	$(PY) benchmarks/rollcall.py
	$(PY) benchmarks/journal.py
	$(PY) benchmarks/events.py
	$(PY) benchmarks/technoparks.py
	$(PY) benchmarks/flows.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
