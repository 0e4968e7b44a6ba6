# Two commands do everything on a fresh machine: `make timeline` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
REPORTS ?= reports

.PHONY: timeline test install bench pictures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

timeline: $(VENV)/.installed
	$(BIN)/timeline extract $(CORPUS) --out $(REPORTS)

test: $(VENV)/.installed-test
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

# The README's second picture: ten TBAQ wire stories from one week (needs ../shared/corpora)
TBAQ ?= ../shared/corpora/TBAQ-cleaned/AQUAINT
WEEK := APW19980807.0261 XIE19980808.0188 APW19980808.0022 XIE19980808.0031 XIE19980808.0049 \
        XIE19980808.0060 XIE19980809.0010 APW19980809.0700 APW19980810.0907 APW19980811.0474
pictures: timeline
	$(BIN)/timeline extract $(WEEK:%=$(TBAQ)/%.tml) --csv $(REPORTS)/tbaq-week.csv --png $(REPORTS)/tbaq-week.png \
	  --title "Embassy bombings in Kenya and Tanzania: ten wire stories, 7-11 August 1998"

# Throughput against dateparser on >= 1M words of TBAQ text (prints; takes a few minutes)
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info
