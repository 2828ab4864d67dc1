# Two commands for a newcomer: `make demo` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo imbalance meprop notebooks reliability test oracle bench lint clean

demo: $(VENV)/.installed
	$(BIN)/python -m nn train

# Retrain BCE and weighted BCE on the imbalanced wine data and rewrite README.md's recall table.
imbalance: $(VENV)/.installed
	$(BIN)/python -m nn imbalance-report --readme README.md

# Train with full backpropagation and with meProp's top-k on three data sets; rewrite README.md's meProp table.
meprop: $(VENV)/.installed
	$(BIN)/python -m nn meprop-report --readme README.md

# Run every notebook (or NOTEBOOKS="notebooks/09_x.ipynb ...") and store its outputs in the file.
# The stored outputs are what the code gives now: tests/test_notebooks.py runs them again and
# compares, leaving out lines starting with `time:`, memory addresses and picture bytes.
notebooks: $(VENV)/.installed-dev
	$(BIN)/python notebooks/execute.py $(NOTEBOOKS)

# Count the cases of the reliability tests and rewrite README.md's table of them.
reliability: $(VENV)/.installed-dev
	$(BIN)/python tests/reliability_table.py --readme README.md

test: $(VENV)/.installed-dev
	$(BIN)/python -m ruff check autograd nn tests benchmarks notebooks
	$(BIN)/python -m pytest

# The same random graphs in PyTorch float64: values and gradients must agree to 1e-9; the
# optimizers, schedules and losses against torch's. torch is large, so it stays out of the dev
# extra and `make test` skips these tests. The Linux wheel on PyPI bundles CUDA (gigabytes):
# PyTorch's CPU index offers 2.13.0+cpu, which pip prefers to the plain 2.13.0 as a later version.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
oracle: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet --extra-index-url $(TORCH_INDEX) 'torch==2.13.0'
	$(BIN)/python -m pip install --quiet -e '.[dev,oracle]'
	$(BIN)/python -m pytest -q tests/test_oracle_torch.py tests/test_nn_optim_torch.py tests/test_nn_losses_torch.py

# Speed and memory against micrograd 0.1.0 in one run; writes benchmarks/RESULTS.md and the README table.
bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench.py

lint: $(VENV)/.installed-dev
	$(BIN)/python -m ruff check autograd nn tests benchmarks notebooks
	$(BIN)/python -m ruff format --check autograd nn tests benchmarks notebooks

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
