#!/usr/bin/env bash
# Live streaming through dg-core: SECONDS of 16 kHz linear16 audio streamed to a local
# dg-emulator (its own process) as fast as it takes them, measured by GNU time: wall time, CPU
# seconds and peak RSS of the client alone. Run twice (10 min, 60 min of audio) so a reader
# can see whether memory stays flat as the stream grows.
#
#   bench/live.sh                    # 600 and 3600 seconds of audio
#   DURATIONS="60" bench/live.sh
#
# Targets (issue 16): RSS under 30 MiB and flat over the hour; less CPU than the official Rust
# crate (whose live client is not in ../shared/bench yet, so only dg's column is measured).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"

DURATIONS=${DURATIONS:-600 3600}
PORT=${PORT:-18391}
KEY=bench-live-owner-key-0123456789abcdef

cargo build --release --quiet -p dg-bench-runner -p dg-emulator
"$DG_BIN_DIR/dg-emulator" --addr "127.0.0.1:$PORT" --admin-key "$KEY" >/dev/null &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done

printf '| audio | wall | CPU (user+sys) | peak RSS | finals |\n|---|---|---|---|---|\n'
for seconds in $DURATIONS; do
  out=$(mktemp)
  DG_BENCH_URL="http://127.0.0.1:$PORT" DG_BENCH_KEY="$KEY" \
    /usr/bin/time -f '%e %U %S %M' -o "$out.time" \
    "$DG_BIN_DIR/dg-bench-runner" live "$seconds" >"$out"
  read -r wall user sys rss <"$out.time"
  finals=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["words"])' "$out")
  cpu=$(python3 -c "print(f'{$user + $sys:.2f} s')")
  printf '| %s s | %s s | %s | %s MiB | %s |\n' "$seconds" "$wall" "$cpu" "$((rss / 1024))" "$finals"
  rm -f "$out" "$out.time"
done
