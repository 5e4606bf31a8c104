#!/usr/bin/env bash
# The Python package's whole check, on a fresh machine too (Python 3.11+, pip, PyPI, Rust):
#   1. a venv in python/.venv with the pinned tools of requirements-test.txt;
#   2. the emulator and the wheel, both release builds in the shared target dir with the
#      pinned target triple (scripts/env.sh), so nothing is compiled twice;
#   3. rustfmt and clippy of bindings/dg-py, in maturin's pyo3 configuration (so they reuse
#      the wheel's build instead of invalidating it);
#   4. the code made from the core is current (scripts/stubs.py --check), mypy --strict on
#      the package, the examples and the tests, and stubtest of the stubs against the module;
#   5. pytest against the emulator, the conformance suite (tests/conformance/cases) included.
# Usage: python/scripts/test.sh [pytest arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
PY_DIR="$DG_ROOT/python"
cd "$PY_DIR"

step() { printf '\n== %s\n' "$*"; }

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [[ ! -x .venv/bin/python ]]; then
    step "python: venv ($("$PYTHON" --version))"
    "$PYTHON" -m venv .venv
fi
export VIRTUAL_ENV="$PY_DIR/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
step "python: test tools"
pip install --quiet --disable-pip-version-check -r requirements-test.txt

step "rust: dg-emulator"
cargo build --release --quiet -p dg-emulator -p dg-workspace-hack
export DG_EMULATOR_BIN="$DG_BIN_DIR/dg-emulator"

step "python: build and install dg-sdk"
# The workspace-hack feature makes maturin reuse the crates the workspace build compiled.
MATURIN_PEP517_ARGS="--features workspace-hack" \
    pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps .

step "rust: fmt and clippy (dg-py)"
shopt -s nullglob
configs=("$CARGO_TARGET_DIR"/maturin/pyo3-config-"$CARGO_BUILD_TARGET"-*.txt)
shopt -u nullglob
if [[ ${#configs[@]} -eq 0 ]]; then
    echo "maturin left no pyo3 config under $CARGO_TARGET_DIR/maturin" >&2
    exit 1
fi
cargo fmt -p dg-py -- --check
PYO3_CONFIG_FILE="${configs[0]}" PYO3_BUILD_EXTENSION_MODULE=1 \
    cargo clippy --release --quiet -p dg-py --features workspace-hack --all-targets -- -D warnings

step "python: stubs match the core"
python scripts/stubs.py --check

step "python: mypy --strict (package, examples, tests)"
mypy --strict dg examples tests

step "python: stubtest"
# From outside python/, so `dg` is the installed package with its native module.
(cd "$VIRTUAL_ENV" && python -m mypy.stubtest dg)

step "python: pytest"
pytest "$@"
