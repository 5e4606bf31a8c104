#!/usr/bin/env bash
# Every test suite of the project, in one command (the README's; .ci/run calls it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"

step() { printf '\n== %s\n' "$*"; }

step "rust: format"
cargo fmt --all -- --check
step "rust: every build compiles each dependency with one set of features"
bash scripts/check-unified-features.sh
step "rust: clippy"
# dg-py is linted and tested by python/scripts/test.sh, with maturin's pyo3 configuration,
# so pyo3 is compiled once rather than once per configuration.
cargo clippy --release --workspace --exclude dg-py --all-targets -- -D warnings
step "rust: tests (core, emulator, cli)"
cargo test --release --workspace --exclude dg-py
step "python: dg-sdk (bindings/dg-py)"
bash python/scripts/test.sh -q
step "node: @dg-sdk/dg (bindings/dg-node)"
bash node/scripts/test.sh
step "kotlin (and generated swift): dg-ffi (bindings/dg-ffi)"
bash bindings/dg-ffi/scripts/test.sh
