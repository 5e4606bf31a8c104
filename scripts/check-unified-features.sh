#!/usr/bin/env bash
# Fails when a build the test command makes would compile a dependency with other features than
# the workspace build does: cargo would then build that crate (and everything above it) twice.
# crates/dg-workspace-hack pins the union of features; this keeps it honest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"

# "name version features" for every package a build compiles (host and target alike).
features() {
  cargo tree --locked "$@" -e normal,build -f '{p} {f}' --prefix none \
    | sed -e 's/ (\*)$//' -e 's/ (proc-macro)//' -e 's/ (\/[^)]*)//' | sort -u
}

# The reference is scripts/test.sh's `cargo test --workspace --exclude dg-py --exclude
# dg-recognizer-ct2` (dev-dependencies join it); the selections are the builds the
# per-language scripts make after it.
reference=$(cargo tree --locked --workspace --exclude dg-py --exclude dg-recognizer-ct2 -e normal,build,dev -f '{p} {f}' --prefix none \
  | sed -e 's/ (\*)$//' -e 's/ (proc-macro)//' -e 's/ (\/[^)]*)//' | sort -u)
selections=(
  "-p dg-emulator -p dg-workspace-hack"
  "-p dg-py --features workspace-hack"
  "-p dg-node --features workspace-hack"
  "-p dg-ffi -p uniffi-bindgen -p dg-emulator -p dg-workspace-hack"
  "-p dg-emulator -p dg-cli -p dg-workspace-hack -p dg-recognizer-ct2 --features dg-emulator/recognizer,dg-cli/recognizer"
)

status=0
for sel in "${selections[@]}"; do
  # shellcheck disable=SC2086 # a selection is several arguments
  build=$(features $sel)
  # A package both builds compile, with a feature list the reference does not have.
  diff=$(comm -13 <(echo "$reference") <(echo "$build") | while read -r name version rest; do
    # The selected packages themselves may differ (a feature on the command line).
    [[ " $sel " == *" -p $name "* ]] && continue
    if grep -q "^$name $version" <<<"$reference"; then
      echo "  $name $version: [$rest] here, [$(grep "^$name $version" <<<"$reference" | cut -d' ' -f3- | paste -sd'|')] in the workspace test build"
    fi
  done)
  if [[ -n $diff ]]; then
    echo "cargo build $sel compiles these with other features than the workspace:"
    echo "$diff"
    status=1
  fi
done
if ((status)); then
  echo "add the missing features to crates/dg-workspace-hack/Cargo.toml" >&2
fi
exit $status
