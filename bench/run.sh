#!/usr/bin/env bash
# Builds dg's runners (Rust, Python, Node) and runs ../shared/bench with dg's columns beside the
# official SDKs, in one run: one table on stdout. Knobs are the harness's (REPS, PEERS,
# WORKLOADS, ...; see ../shared/bench/README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"
[[ $CARGO_BUILD_TARGET == x86_64-unknown-linux-gnu ]] ||
  echo "bench: peers.conf names the x86_64-unknown-linux-gnu binary; adjust it for $CARGO_BUILD_TARGET" >&2
cargo build --release --quiet -p dg-bench-runner
# The Python column uses python/.venv and the Node column node/'s build: the test scripts make both.
[[ -x python/.venv/bin/python ]] || bash python/scripts/test.sh -x -q -k nothing_matches_this
ls node/*.node >/dev/null 2>&1 || (cd node && node scripts/build.js)
# The harness writes its builds and results inside its own folder, so it always runs from a
# copy beside our target dir: the shared folder is never written, even by root (for whom a
# read-only folder still tests writable).
source=${SHARED_BENCH:-$DG_ROOT/../shared/bench}
harness=$CARGO_TARGET_DIR/shared-bench
mkdir -p "$harness"
cp -aT "$source" "$harness"
chmod -R u+w "$harness"
# The harness builds its own peers into its own target/release: our pinned target triple and
# target dir must not leak into it.
EXTRA_PEERS="$DG_ROOT/bench/peers.conf" exec env -u CARGO_BUILD_TARGET -u CARGO_TARGET_DIR \
  "$harness/run.sh"
