# Two Readings: set up, run and test the course.
#
#   make lab     start JupyterLab on this folder (sets everything up first)
#   make test    run every test (sets everything up first)
#
# Every verb creates .venv itself from requirements.lock the first time, so a
# fresh clone needs nothing but Python 3.11+ and make.  `make help` lists them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
LAB_ARGS ?=
# e.g. `make bench BENCH_ARGS="--only import helpers"`
BENCH_ARGS ?=
# pip prints errors only; `make venv PIP_QUIET=` shows its warnings and progress too.
PIP_QUIET ?= -qq
# `make lock` resolves for the interpreter it runs on: the lock targets 3.11 on Linux. Debian 12's
# 3.11.2 (the oldest 3.11 about) when there is one, so no pin needs a later 3.11 (soupsieve 3.x did).
LOCK_PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
PIP_TOOLS_VERSION ?= 7.6.2
# `make lock UPGRADE=1` moves every pin to the newest compatible release;
# without it, pins already in requirements.lock are kept where possible.
UPGRADE ?=
# Left out of the lock and uninstalled on set-up: jsonschema's optional IRI format checker
# (rfc3987-syntax, via jupyter-events' jsonschema[format-nongpl]) builds Lark grammars at import,
# about 2 s of every Jupyter process start. No Jupyter schema uses the iri formats; see bench/NOTES.md.
LOCK_EXCLUDE := lark rfc3987-syntax

VENV_BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-from-lock
LOCK_TOOLS := $(VENV)/.lock-tools
# Run with the venv first on PATH, so jupyter, kernels and nbgrader's `alembic` are found.
IN_VENV := PATH="$(VENV_BIN):$$PATH" PYTHONHASHSEED=0
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# As root, `make test` installs bubblewrap itself (the sandbox target), so the sandbox and hostile-submission
# tests must run: a failed install then fails them instead of skipping them where no one looks.
REQUIRE_SANDBOX := $(if $(filter 0,$(shell id -u)),READINGLAB_REQUIRE_SANDBOX=1)

.PHONY: help venv lab test test-browser test-servers chromium servers axe sandbox notebooks lock clean bench

# `make lab` runs this beside the server (whose pid is the shell's, thanks to exec).
# Jupyter masks a token that was given to it (`token=...`), so print the address from
# the server's own runtime file: real port, base URL and token, on the loopback address.
define PRINT_LAB_URL
import json, os, sys, time
from jupyter_core.paths import jupyter_runtime_dir
path = os.path.join(jupyter_runtime_dir(), f"jpserver-{sys.argv[1]}.json")
for _ in range(1200):
    time.sleep(0.1)
    try:
        os.kill(int(sys.argv[1]), 0)
    except ProcessLookupError:
        break  # the server did not start
    try:
        with open(path) as file:
            info = json.load(file)
    except (OSError, ValueError):
        continue
    scheme = "https" if info.get("secure") else "http"
    url = f"{scheme}://127.0.0.1:{info['port']}{info.get('base_url', '/')}lab"
    if info.get("token"):
        url += f"?token={info['token']}"
    print(f"\n==> JupyterLab is ready. Open this address in your browser:\n\n    {url}\n", flush=True)
    break
endef
export PRINT_LAB_URL

help:
	@echo "Two Readings: make VERB"
	@echo ""
	@echo "  lab        set up, then start JupyterLab on this folder and print the URL to open"
	@echo "             (PORT=$(PORT); extra options in LAB_ARGS, e.g. LAB_ARGS=--no-browser)"
	@echo "  test       set up, then check the code (ruff format and lint, import-linter), run pytest (tests/ and doctests"
	@echo "             in readinglab/)"
	@echo "             and check notebooks/*.ipynb against their stored outputs (nbval);"
	@echo "             installs Chromium (browser tests) and bubblewrap (the grading sandbox)"
	@echo "             with apt when run as root, and axe-core (accessibility checks) with npm"
	@echo "  test-browser  only the browser tests (JupyterLab in headless Chromium); fails, not"
	@echo "             skips, when no Chromium is found"
	@echo "  test-servers  only the JupyterHub and PostgreSQL tests; fail, not skip, when they cannot"
	@echo "             run (they need root, npm and PostgreSQL; make test installs those as root)"
	@echo "  notebooks  set up, then re-execute notebooks/*.ipynb in place, storing outputs"
	@echo "  bench      set up, then time the course against its floors into bench/RESULTS.md"
	@echo "             (about 10 minutes)"
	@echo "  venv       only create or update $(VENV) from requirements.lock"
	@echo "  lock       re-resolve requirements.lock and environment.yml from pyproject.toml"
	@echo "             (UPGRADE=1 to move every pin to the newest release)"
	@echo "  clean      remove $(VENV) and caches (never source files)"

# ---------------------------------------------------------------- set-up
venv: $(STAMP)

# Rebuilt only when the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	@echo "==> Setting up $(VENV) with $(PYTHON) from requirements.lock (about a minute the first time)"
	@$(PYTHON) -m venv "$(VENV)"
	@"$(VENV_BIN)/python" -m pip install $(PIP_QUIET) --disable-pip-version-check --upgrade pip
	@"$(VENV_BIN)/python" -m pip install $(PIP_QUIET) --disable-pip-version-check --no-deps -r requirements.lock
	@"$(VENV_BIN)/python" -m pip uninstall $(PIP_QUIET) --disable-pip-version-check -y $(LOCK_EXCLUDE)
	@"$(VENV_BIN)/python" -m pip install $(PIP_QUIET) --disable-pip-version-check --no-deps -e .
	@out=$$("$(VENV_BIN)/python" -m pip check 2>&1) || { echo "$$out" >&2; echo "pip check failed" >&2; exit 1; }
	@touch "$@"
	@echo "==> $(VENV) is ready"

# ---------------------------------------------------------------- verbs
lab: $(STAMP)
	@echo "==> Starting JupyterLab on $(CURDIR), port $(PORT); the address to open is printed when it is ready."
	@"$(VENV_BIN)/python" -c "$$PRINT_LAB_URL" $$$$ &  \
	$(IN_VENV) exec "$(VENV_BIN)/jupyter-lab" \
		--ServerApp.root_dir="$(CURDIR)" --port=$(PORT) $(ALLOW_ROOT) $(LAB_ARGS)

test: $(STAMP) chromium servers axe sandbox
	@status=0; \
	echo "==> Checking the code: ruff (layout and lint) and import-linter (the package's layers, no import cycles)"; \
	$(IN_VENV) "$(VENV_BIN)/ruff" format --check --quiet . || { status=1; echo "Run: .venv/bin/ruff format ."; }; \
	$(IN_VENV) "$(VENV_BIN)/ruff" check --quiet . || status=$$?; \
	$(IN_VENV) "$(VENV_BIN)/lint-imports" --no-cache || status=$$?; \
	$(IN_VENV) $(REQUIRE_SANDBOX) "$(VENV_BIN)/python" -m pytest || status=$$?; \
	shopt -s nullglob; notebooks=(notebooks/*.ipynb); \
	if (( $${#notebooks[@]} )); then \
		sanitize=(); \
		if [[ -f notebooks/sanitize.cfg ]]; then sanitize=(--nbval-sanitize-with notebooks/sanitize.cfg); fi; \
		echo "==> Checking $${#notebooks[@]} notebook(s) against their stored outputs (nbval)"; \
		$(IN_VENV) "$(VENV_BIN)/python" -m pytest --nbval --nbval-current-env "$${sanitize[@]}" notebooks/ || status=$$?; \
	else \
		echo "==> No notebooks/*.ipynb yet: nbval step skipped"; \
	fi; \
	exit $$status

# $(call apt_install,PACKAGES,WHAT): as root with apt-get, install PACKAGES quietly (their log is shown
# only if that fails); otherwise say that WHAT will be skipped. Nothing here fails the build.
apt_install = if [[ $$(id -u) == 0 ]] && command -v apt-get >/dev/null; then \
		echo "==> Installing $(1) for $(2) (apt-get, about a minute the first time)"; \
		log=$$(mktemp); \
		if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(1); } >"$$log" 2>&1; then \
			cat "$$log" >&2; echo "WARNING: could not install $(1): $(2) will be skipped" >&2; \
		fi; \
		rm -f "$$log"; \
	else \
		echo "==> Missing $(1) and no root with apt-get: $(2) will be skipped"; \
	fi

# The browser tests need the system's Chromium: as root with apt, install it (quietly) when missing;
# otherwise they are skipped, saying how to enable them (tests/browser/conftest.py). Playwright's own
# browser download is never used.
chromium:
	@if [[ ! -x /usr/bin/chromium && -z "$${READINGLAB_CHROMIUM:-}" ]]; then $(call apt_install,chromium,the browser tests); fi

# Grading runs student code in a bubblewrap sandbox (readinglab/instructor/grading/sandbox.py):
# as root with apt, install bwrap when missing; otherwise the sandbox tests are skipped, saying why
# (READINGLAB_BWRAP names another bwrap; READINGLAB_REQUIRE_SANDBOX=1 makes them fail instead).
sandbox:
	@if [[ ! -x /usr/bin/bwrap && -z "$${READINGLAB_BWRAP:-}" ]]; then $(call apt_install,bubblewrap,the grading sandbox tests); fi

# The JupyterHub and PostgreSQL tests (tests/hub, tests/test_gradebook_database.py) need Node.js
# with npm (for configurable-http-proxy, locked in tests/servers/package-lock.json), PostgreSQL's
# server and a venv-capable system Python for the students' environment. As root with apt, install
# the missing ones (quietly); otherwise those tests are skipped, saying how to enable them.
SERVER_PACKAGES := $(strip \
	$(if $(shell command -v npm),,nodejs npm) \
	$(if $(shell command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null),,postgresql) \
	$(if $(shell /usr/bin/python3 -c 'import ensurepip' 2>/dev/null && echo ok),,python3-venv))
PROXY := tests/servers/node_modules/.bin/configurable-http-proxy
servers:
	@if [[ -n "$(SERVER_PACKAGES)" ]]; then $(call apt_install,$(SERVER_PACKAGES),the JupyterHub and PostgreSQL tests); fi
	@if command -v npm >/dev/null && [[ ! -x $(PROXY) || tests/servers/package-lock.json -nt $(PROXY) ]]; then \
		echo "==> Installing configurable-http-proxy from tests/servers/package-lock.json (npm ci)"; \
		npm ci --prefix tests/servers --no-audit --no-fund --loglevel=error >/dev/null && touch $(PROXY) $(AXE); \
	fi

# axe-core (the accessibility checks in tests/browser) comes from the same package-lock.json; without
# npm the checks are skipped (READINGLAB_REQUIRE_BROWSER=1, as `make test-browser` sets, fails them).
AXE := tests/servers/node_modules/axe-core/axe.min.js
axe:
	@if command -v npm >/dev/null && [[ ! -f $(AXE) || tests/servers/package-lock.json -nt $(AXE) ]]; then \
		echo "==> Installing axe-core from tests/servers/package-lock.json (npm ci)"; \
		npm ci --prefix tests/servers --no-audit --no-fund --loglevel=error >/dev/null && touch $(AXE) $(PROXY); \
	fi

test-servers: $(STAMP) servers sandbox
	@$(IN_VENV) READINGLAB_REQUIRE_SERVERS=1 "$(VENV_BIN)/python" -m pytest tests/hub tests/test_gradebook_database.py

test-browser: $(STAMP) chromium axe sandbox
	@$(IN_VENV) READINGLAB_REQUIRE_BROWSER=1 "$(VENV_BIN)/python" -m pytest tests/browser

# Deterministic: fixed hash seed, UTC, no timing metadata, the venv's kernel, stable widget ids.
notebooks: $(STAMP)
	@shopt -s nullglob; cd notebooks; notebooks=(*.ipynb); \
	if (( ! $${#notebooks[@]} )); then echo "==> No notebooks/*.ipynb to execute"; exit 0; fi; \
	echo "==> Executing $${#notebooks[@]} notebook(s) in place"; \
	$(IN_VENV) TZ=UTC "$(VENV_BIN)/jupyter" nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=python3 \
		--ExecutePreprocessor.record_timing=False \
		--ExecutePreprocessor.timeout=600 \
		"$${notebooks[@]}"; \
	"$(VENV_BIN)/python" ../scripts/stable_widget_ids.py "$${notebooks[@]}"

# pip-tools in a venv of its own (inside $(VENV), so `make clean` removes it too).
lock:
	@$(LOCK_PYTHON) -c 'import sys; sys.exit(not (sys.version_info[:2] == (3, 11) and sys.platform == "linux"))' \
		|| { echo "make lock needs Python 3.11 on Linux (set LOCK_PYTHON=...)" >&2; exit 1; }
	@if [[ ! -x "$(LOCK_TOOLS)/bin/pip-compile" ]] || ! "$(LOCK_TOOLS)/bin/pip-compile" --version | grep -qF "$(PIP_TOOLS_VERSION)"; then \
		echo "==> Installing pip-tools $(PIP_TOOLS_VERSION) into $(LOCK_TOOLS)"; \
		$(LOCK_PYTHON) -m venv "$(LOCK_TOOLS)"; \
		"$(LOCK_TOOLS)/bin/python" -m pip install $(PIP_QUIET) --disable-pip-version-check "pip-tools==$(PIP_TOOLS_VERSION)"; \
	fi
	@echo "==> Resolving pyproject.toml [project.dependencies] + [dev] extra for Python 3.11"
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	if [[ -f requirements.lock ]]; then cp requirements.lock "$$tmp/compiled.txt"; fi; \
	"$(LOCK_TOOLS)/bin/pip-compile" --quiet --extra dev --strip-extras --allow-unsafe \
		--no-annotate --no-header --no-emit-options --newline lf \
		$(if $(UPGRADE),--upgrade) --output-file "$$tmp/compiled.txt" pyproject.toml; \
	{ \
		echo "# Exact pins of everything the course needs to run and test (Python 3.11, Linux)."; \
		echo "# Generated from pyproject.toml (dependencies + the dev extra) by pip-compile"; \
		echo "# (pip-tools $(PIP_TOOLS_VERSION)). Do not edit: regenerate with \`make lock\`"; \
		echo "# (or \`make lock UPGRADE=1\` to move every pin to the newest release)."; \
		echo "# Left out on purpose (see LOCK_EXCLUDE in the Makefile): $(LOCK_EXCLUDE)."; \
		grep -E '^[A-Za-z0-9]' "$$tmp/compiled.txt" | grep -vE '^($(subst $(eval) ,|,$(LOCK_EXCLUDE)))==' \
			| LC_ALL=C sort -t= -k1,1; \
	} > "$$tmp/requirements.lock"; \
	{ \
		echo "# For conda / Binder users. Generated from requirements.lock by \`make lock\`: do not edit."; \
		echo "name: two-readings"; \
		echo "channels:"; \
		echo "  - conda-forge"; \
		echo "dependencies:"; \
		echo "  - python=3.11"; \
		echo "  - pip"; \
		echo "  - pip:"; \
		grep -E '^[A-Za-z0-9]' "$$tmp/requirements.lock" | sed 's/^/      - /'; \
		echo "      - -e ."; \
	} > "$$tmp/environment.yml"; \
	mv "$$tmp/requirements.lock" requirements.lock; \
	mv "$$tmp/environment.yml" environment.yml
	@echo "==> Wrote requirements.lock ($$(grep -cE '^[A-Za-z0-9]' requirements.lock) pins) and environment.yml"

# Times imports, lessons, Jupyter start-up, the helpers and grading; writes bench/RESULTS.md.
bench: $(STAMP)
	@echo "==> Benchmarking (about 10 minutes); the report goes to bench/RESULTS.md"
	@$(IN_VENV) "$(VENV_BIN)/python" -m bench.run_bench $(BENCH_ARGS)

clean:
	@[[ -n "$(VENV)" ]] || { echo "VENV is empty" >&2; exit 1; }
	rm -rf "$(VENV)" .pytest_cache .hypothesis build dist
	find . -path ./.git -prune -o \( -type d \( -name __pycache__ -o -name '*.egg-info' \) \) -prune -exec rm -rf {} +
