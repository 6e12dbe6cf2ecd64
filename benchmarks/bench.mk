# Benchmark targets, included from the top-level Makefile (`include benchmarks/bench.mk`).
#
#   make bench                      peers + cfg-i18n on the 1x and 10x trees -> benchmarks/results.md
#   make bench BENCH_PO4A=1         also po4a (Debian package, installed with apt-get)
#   make bench BENCH_ARGS="--sizes 1 --runs 5"   any option of benchmarks/run.py
#   make bench-peers                only (re)install the peers into benchmarks/.peers

BENCH_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BENCH_PYTHON ?= .venv/bin/python
BENCH_ARGS ?=
BENCH_PO4A ?=

BENCH_PEERS_FLAGS :=
BENCH_RUN_FLAGS :=
ifneq ($(strip $(BENCH_PO4A)),)
BENCH_PEERS_FLAGS += --with-po4a
BENCH_RUN_FLAGS += --with-po4a
endif

.PHONY: bench bench-peers

bench-peers:
	bash $(BENCH_DIR)/peers.sh $(BENCH_PEERS_FLAGS)

bench: setup bench-peers
	$(BENCH_PYTHON) $(BENCH_DIR)/run.py $(BENCH_RUN_FLAGS) $(BENCH_ARGS)
