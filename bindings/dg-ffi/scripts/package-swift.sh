#!/usr/bin/env bash
# Builds the Swift package users install into DIST (default: dist/ at the repository root):
#   dg-swift-<version>-<triple>.tar.gz   dg-swift/: the SwiftPM package of bindings/dg-ffi/swift
#                                        (Package.swift, the generated Sources, the tests) and
#                                        lib/libdg_ffi.so, the stripped release library.
# A project depends on it with `.package(path: "dg-swift")` and builds with
# `swift build -Xlinker -L<dg-swift>/lib`, running with LD_LIBRARY_PATH=<dg-swift>/lib
# (bindings/dg-ffi/README.md). bindings/dg-ffi/scripts/swift-test.sh tests the same package.
# Usage: bindings/dg-ffi/scripts/package-swift.sh [DIST]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
FFI=$DG_ROOT/bindings/dg-ffi
DIST=${1:-$DG_ROOT/dist}
mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$DG_ROOT/Cargo.toml" | head -1)
name=dg-swift-$version-$CARGO_BUILD_TARGET

cargo build --release --quiet -p dg-ffi -p uniffi-bindgen -p dg-emulator -p dg-workspace-hack
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/dg-swift/lib"
tar -C "$FFI/swift" --exclude=./.build --exclude=./DgFFI.xcframework -cf - . | tar -C "$work/dg-swift" -xf -
cp "$DG_BIN_DIR/libdg_ffi.so" "$work/dg-swift/lib/libdg_ffi.so"
strip --strip-unneeded "$work/dg-swift/lib/libdg_ffi.so"
rm -f "$DIST"/dg-swift-*.tar.gz
tar -C "$work" --owner=0 --group=0 --sort=name -czf "$DIST/$name.tar.gz" dg-swift
echo "swift package: $DIST/$name.tar.gz ($(stat -c %s "$DIST/$name.tar.gz") bytes)"
