#!/usr/bin/env bash
# Fuzzes every target of fuzz/ (cargo fuzz, libFuzzer with AddressSanitizer) for a bounded
# time each, and fails if any input crashes one. Every run starts from seeds derived from
# tests/fixtures (fuzz/seed.py) and replays the inputs of past crashes (fuzz/regressions/).
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 30 s, every target)
#
# Works on the stable toolchain: cargo fuzz passes nightly-only flags (-Zsanitizer, the
# sancov passes), which RUSTC_BOOTSTRAP=1 lets stable rustc accept. A crashing input is
# written to fuzz/artifacts/<target>/; reproduce it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz <target> <file>
# and, once fixed, keep it in fuzz/regressions/<target>/ with a test in the owning crate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"

source scripts/cargo-tool.sh
seconds=${1:-30}
shift || true

cargo_tool cargo-fuzz 0.13.2 612108f626b6ee0e5d63b1a0e257c89c13abffbd8fff539ccbffb7205b33093f

export RUSTC_BOOTSTRAP=1
# Its own target folder: the fuzz flags would otherwise rebuild the test build's crates.
fuzz=(--fuzz-dir fuzz --target-dir "$CARGO_TARGET_DIR/fuzz")
if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list --fuzz-dir fuzz)
fi

python3 fuzz/seed.py fuzz/corpus >/dev/null
cargo fuzz build "${fuzz[@]}"

# The longest input tried: enough for a recorded response or a request with a WAV header.
declare -A max_len=([responses]=16384 [request_building]=4096 [emulator_requests]=8192)
failed=()
for target in "${targets[@]}"; do
  printf '\n== fuzz %s for %ss\n' "$target" "$seconds"
  regressions=()
  [[ -d fuzz/regressions/$target ]] && regressions=("fuzz/regressions/$target")
  # -timeout: an input that runs 10 s is a hang, reported like a crash.
  if ! cargo fuzz run "${fuzz[@]}" "$target" "fuzz/corpus/$target" "${regressions[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -max_len="${max_len[$target]:-4096}" \
    -dict="fuzz/corpus/$target.dict" -print_final_stats=1 2>&1 |
    { grep -v -E '^#[0-9]+.*(NEW|REDUCE|pulse) |# Uses: [0-9]+$' || true; }; then
    failed+=("$target")
  fi
done

if ((${#failed[@]} > 0)); then
  printf '\nfuzz: crashes in %s (inputs in fuzz/artifacts/)\n' "${failed[*]}" >&2
  exit 1
fi
printf '\nfuzz: %s ran %ss each without a crash\n' "${targets[*]}" "$seconds"
