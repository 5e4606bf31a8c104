#!/usr/bin/env bash
# Builds dg-ffi, checks that the committed Kotlin and Swift bindings are what the current Rust
# code generates, and runs the Kotlin tests against the fresh library and dg-emulator.
# `--regenerate` rewrites the committed bindings instead of checking them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
FFI=$DG_ROOT/bindings/dg-ffi
LIB=$DG_BIN_DIR/libdg_ffi.so

cargo build --release -p dg-ffi -p uniffi-bindgen -p dg-emulator -p dg-workspace-hack

GEN=$(mktemp -d)
trap 'rm -rf "$GEN"' EXIT
# Library mode reads the metadata from the built library and uniffi.toml from the crate.
for lang in kotlin swift; do
  "$DG_BIN_DIR/uniffi-bindgen" generate "$LIB" --language "$lang" --no-format --out-dir "$GEN/$lang"
done
# Where each generated file is committed.
mkdir -p "$GEN/tree/kotlin/src/main/kotlin" "$GEN/tree/swift/Sources/Dg" "$GEN/tree/swift/Sources/DgFFI/include"
cp -r "$GEN/kotlin/." "$GEN/tree/kotlin/src/main/kotlin/"
cp "$GEN/swift/Dg.swift" "$GEN/tree/swift/Sources/Dg/Dg.swift"
cp "$GEN/swift/DgFFI.h" "$GEN/tree/swift/Sources/DgFFI/include/DgFFI.h"
cp "$GEN/swift/DgFFI.modulemap" "$GEN/tree/swift/Sources/DgFFI/include/module.modulemap"

if [[ ${1:-} == --regenerate ]]; then
  cp -r "$GEN/tree/." "$FFI/"
  echo "bindings regenerated"
else
  # Swift's hand-written files (Sources/Dg/Live.swift) sit beside the generated ones, so only
  # what uniffi-bindgen writes is compared there.
  for dir in kotlin/src/main/kotlin swift/Sources/Dg/Dg.swift swift/Sources/DgFFI; do
    if ! diff -ru "$GEN/tree/$dir" "$FFI/$dir" >"$GEN/diff" ; then
      head -50 "$GEN/diff"
      echo "the committed bindings in bindings/dg-ffi/$dir are stale: run $0 --regenerate" >&2
      exit 1
    fi
  done
fi

cd "$FFI/kotlin"
rm -rf target/surefire-reports
mvn -q -B test \
  -Ddg.lib.dir="$DG_BIN_DIR" \
  -Ddg.emulator="$DG_BIN_DIR/dg-emulator" \
  -Ddg.fixtures="$DG_ROOT/tests/fixtures"
# mvn -q prints nothing on success: give the plain closing line the test harness reads.
awk -F'"' '/<testsuite /{for(i=1;i<NF;i++){if($i~/ tests=$/)t+=$(i+1); if($i~/ failures=$/)f+=$(i+1); if($i~/ errors=$/)f+=$(i+1); if($i~/ skipped=$/)s+=$(i+1)}} END{printf "dg-ffi kotlin: %d passed, %d failed, %d skipped\n", t-f-s, f, s}' target/surefire-reports/TEST-*.xml
