#!/usr/bin/env bash
# Proves the sdist of python/scripts/package.sh is self-contained: unpacked away from the
# checkout ($CARGO_TARGET_DIR/sdist-test), pip builds a wheel from its contents alone (maturin's
# PEP 517 backend, no build isolation: the maturin of package.sh's tool venv; the sdist's own
# Cargo.toml, Cargo.lock and pyproject.toml), then the wheel is installed in a new venv and
# imported.
# Cost: it shares the target dir and --features workspace-hack with every project build, and
# cargo names path crates by their place in the workspace, so the sdist's crates/dg-core and
# bindings/dg-py are the same build units as the checkout's. Their files carry maturin's fixed
# 2006 mtime, so cargo reuses the units compiled from the checkout, after checking that every
# file the compiler read for them (cargo's dep-info: sources, include_str! files) is in the
# sdist: a missing one is a compile error here. It proves the sdist holds everything the build
# reads; a compile from nothing (a user's `pip install dg_sdk-X.tar.gz`: Rust 1.85+, crates.io,
# several minutes) is `DG_PACKAGE_TOOLS=$PWD/target/package-tools CARGO_TARGET_DIR=<empty dir>
# python/scripts/sdist-test.sh`.
# Usage: python/scripts/sdist-test.sh [DIST]   (default: dist/ at the repository root)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
DIST=${1:-$DG_ROOT/dist}
TOOLS=${DG_PACKAGE_TOOLS:-$CARGO_TARGET_DIR/package-tools}

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

shopt -s nullglob
sdists=("$DIST"/dg_sdk-*.tar.gz)
shopt -u nullglob
[[ ${#sdists[@]} -eq 1 ]] || fail "want one dg_sdk-*.tar.gz in $DIST, found ${#sdists[@]} (run python/scripts/package.sh)"
sdist=${sdists[0]}
[[ -x $TOOLS/bin/maturin ]] || fail "no $TOOLS/bin/maturin (run python/scripts/package.sh)"

work=$CARGO_TARGET_DIR/sdist-test
rm -rf "$work"
mkdir -p "$work/wheel"
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT

step "python sdist: unpack $(basename "$sdist") ($(stat -c %s "$sdist") bytes) into $work"
tar -xzf "$sdist" -C "$work"
src=$(echo "$work"/dg_sdk-*/)
(cd "$src" && find . -type f | sed 's|^\./||' | awk -F/ '{print ($2 == "" ? $1 : $1 "/" $2)}' | sort | uniq -c)

step "python sdist: pip wheel from the unpacked sdist"
# Its files only: nothing of the checkout is on any path the build reads (the sdist's own
# Cargo.toml, Cargo.lock and pyproject.toml).
(cd "$work" && MATURIN_PEP517_ARGS="--features workspace-hack" PATH="$TOOLS/bin:$PATH" \
  "$TOOLS/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
  --wheel-dir "$work/wheel" "$src")
wheel=$(ls "$work"/wheel/dg_sdk-*.whl)
echo "built $(basename "$wheel") ($(stat -c %s "$wheel") bytes)"

step "python sdist: install and import the wheel it built"
"$TOOLS/bin/python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
(cd "$venv" && "$venv/bin/python" -c '
import dg, dg._native
client = dg.Client(api_key="not-a-key", base_url="http://127.0.0.1:9")
client.close()
print("import dg:", dg.__file__, "- a Client made and closed")
')

printf '\npython sdist: %s builds a working wheel from its own contents\n' "$(basename "$sdist")"
