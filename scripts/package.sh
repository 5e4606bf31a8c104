#!/usr/bin/env bash
# Every artifact a user installs, built into DIST (default dist/): the Python wheel and sdist,
# the npm tarballs (the main package and this platform's), the Kotlin/JVM jar with its POM and
# sources jar, and the dg CLI tarball. Each language's own script says what it makes and checks;
# scripts/test.sh installs each one with no Rust toolchain on PATH and runs its quick start. Not
# built yet: the Swift package (issue 18).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"
dist=$(realpath -m "${1:-dist}")
bash python/scripts/package.sh "$dist"
bash node/scripts/package.sh "$dist"
bash bindings/dg-ffi/scripts/package.sh "$dist"
bash crates/dg-cli/scripts/package.sh "$dist"
ls -l "$dist"
