#!/usr/bin/env bash
# Every artifact a user installs, built into DIST (default dist/): the Python wheel and sdist,
# the npm tarballs (the main package and this platform's), the Kotlin/JVM jar with its POM and
# sources jar, the Swift package tarball (SwiftPM package + libdg_ffi.so), and the dg CLI
# tarball. Each language's own script says what it makes and checks; scripts/test.sh installs
# each one with no Rust toolchain on PATH and runs its quick start (the Swift tarball's proof is
# bindings/dg-ffi/scripts/swift-test.sh --package, in its Debian trixie chroot).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"
dist=$(realpath -m "${1:-dist}")
bash python/scripts/package.sh "$dist"
bash node/scripts/package.sh "$dist"
bash bindings/dg-ffi/scripts/package.sh "$dist"
bash bindings/dg-ffi/scripts/package-swift.sh "$dist"
bash crates/dg-cli/scripts/package.sh "$dist"
ls -l "$dist"
