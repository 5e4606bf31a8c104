#!/usr/bin/env bash
# CPU instructions per call, counted by valgrind's callgrind (stable where wall time is not),
# for dg-rust (dg-bench-runner), dg-py (bench/python/runner.py sync, the interpreter being the
# counted process) and the official Rust crate (the shared harness's peer-rust-sdk). Each
# runner and workload runs twice against the shared harness's stub, N=N1 and N=N2 calls, and
# the cell is (I(N2) - I(N1)) / (N2 - N1): start-up, imports and client construction cancel.
#
#   bench/instructions.sh                 # keys and seq, N=100 and N=300, all three runners
#   WORKLOADS=keys OFFICIAL=0 bench/instructions.sh
#   PROFILE=/tmp/prof bench/instructions.sh   # also keeps each N2 run's callgrind.out there
#   (then: callgrind_annotate --inclusive=yes /tmp/prof/callgrind.dg-py.keys.out | head -60)
#
# Knobs: WORKLOADS="keys seq" N1=100 N2=300 (per workload: KEYS_N1, SEQ_N2, ...) REPS=3 (the
#   median of REPS counts per N: thread scheduling under valgrind moves one count by up to ~1%,
#   a few k instructions per call) OFFICIAL=1 (0: skip the crate, whose first build is ~4 min
#   of cargo) PORT=18390 (the stub; off the harness's 18300/18301) PROFILE=dir.
# Target (the issue): dg-py within 1.1x of dg-rust's instructions per call on keys and seq.
# dg-py is the wheel installed in python/.venv (python/scripts/test.sh makes it). That wheel is
# stripped: to see the binding's functions in a profile, build the module unstripped
# (PYO3_CONFIG_FILE=target/maturin/pyo3-config-*.txt PYO3_BUILD_EXTENSION_MODULE=1 cargo build
# --release -p dg-py --features workspace-hack), copy python/dg to DIR/dg with that lib_native.so as dg/_native.abi3.so,
# and run with PYTHONPATH=DIR (PYTHONPATH is passed through).
set -euo pipefail
shopt -s inherit_errexit
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"

WORKLOADS=${WORKLOADS:-keys seq}
N1=${N1:-100}
N2=${N2:-300}
REPS=${REPS:-3}
OFFICIAL=${OFFICIAL:-1}
PORT=${PORT:-18390}
PROFILE=${PROFILE:-}
export DG_BENCH_URL=http://127.0.0.1:$PORT
export DG_BENCH_KEY=${DG_BENCH_KEY:-bench-secret-key}
export DG_BENCH_PROJECT=${DG_BENCH_PROJECT:-3e7b4a1c-5d2f-4c8e-9a6b-1f0d2c3b4a59}
export DG_BENCH_AUDIO_URL=${DG_BENCH_AUDIO_URL:-https://dpgr.am/spacewalk.wav}
# Fixed string hashing: the same dict layouts in every Python run.
export PYTHONHASHSEED=0
command -v valgrind >/dev/null || { echo "instructions: valgrind not found (apt-get install valgrind)" >&2; exit 1; }

# --- builds: dg's runners, then the harness's stub (and crate peer) with its own cargo ---
cargo build --release --quiet -p dg-bench-runner
[[ -x python/.venv/bin/python ]] || bash python/scripts/test.sh -x -q -k nothing_matches_this
# The harness is built in a copy of its sources beside our target dir (as bench/run.sh does for
# a read-only harness; checking -w would not do: root may write to the read-only shared copy).
harness=$CARGO_TARGET_DIR/shared-bench
mkdir -p "$harness"
tar -C "${SHARED_BENCH:-$DG_ROOT/../shared/bench}" --exclude=./target --exclude=./results \
  --exclude=./.venv --exclude=./.data --exclude=node_modules -cf - . | tar -C "$harness" -xf -
chmod -R u+w "$harness"
# One package per cargo call (as the harness's setup.sh), in the harness's own target dir.
harness_build() { (cd "$harness" && env -u CARGO_BUILD_TARGET CARGO_TARGET_DIR="$harness/target" \
  cargo build --release --quiet -p "$1"); }
harness_build dg-stub
[[ $OFFICIAL == 1 ]] && harness_build peer-rust-sdk

declare -A CMD
CMD[dg-rust]="$DG_BIN_DIR/dg-bench-runner"
CMD[dg-py]="python/.venv/bin/python bench/python/runner.py sync"
CMD[rust-sdk]="$harness/target/release/peer-rust-sdk"
PEERS=(dg-rust dg-py)
[[ $OFFICIAL == 1 ]] && PEERS+=(rust-sdk)

# --- the stub (killed by its PID on exit) ---
work=$(mktemp -d)
stub=
cleanup() {
  if [[ -n $stub ]]; then kill "$stub" 2>/dev/null || true; wait "$stub" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
if curl -sf "$DG_BENCH_URL/__bench/stats" >/dev/null 2>&1; then
  echo "instructions: something already answers on port $PORT (set PORT=...)" >&2
  exit 1
fi
"$harness/target/release/dg-stub" --addr "127.0.0.1:$PORT" --words 300 --threads 1 > "$work/stub.log" 2>&1 &
stub=$!
for _ in $(seq 100); do
  curl -sf "$DG_BENCH_URL/__bench/stats" >/dev/null 2>&1 && break
  kill -0 "$stub" 2>/dev/null || { cat "$work/stub.log" >&2; exit 1; }
  sleep 0.1
done

# One counted run: prints the instructions of the whole process (all threads), after checking
# the runner's JSON line and what the stub served.
count() { # peer workload n out-file
  local peer=$1 wl=$2 n=$3 out=$4 log=$work/run.log
  curl -sf -X POST "$DG_BENCH_URL/__bench/reset" >/dev/null
  # shellcheck disable=SC2086 # the command is a word list
  if ! valgrind --tool=callgrind --callgrind-out-file="$out" ${CMD[$peer]} "$wl" "$n" \
    > "$work/run.out" 2> "$log"; then
    echo "instructions: $peer $wl $n failed:" >&2; tail -n 5 "$work/run.out" "$log" >&2; exit 1
  fi
  local field=listen_url
  [[ $wl == keys ]] && field=keys_created
  python3 - "$work/run.out" "$(curl -sf "$DG_BENCH_URL/__bench/stats")" "$field" "$n" "$wl" <<'PY' >&2 ||
import json, sys
out, stats, field, n, wl = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
lines = [l for l in open(out).read().splitlines() if l.startswith("{")]
r = json.loads(lines[-1]) if lines else {}
want_words = 0 if wl == "keys" else 300
if not r.get("ok") or r.get("n") != n or r.get("words") != want_words or stats.get(field) != n:
    sys.exit(f"bad run: runner said {r}, stub served {field}={stats.get(field)} (want {n})")
PY
    { echo "instructions: $peer $wl $n: check failed" >&2; exit 1; }
  sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$log"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Instructions per call of one cell.
per_call() { # peer workload
  local peer=$1 wl=$2 up=${wl^^} a b counts i n out
  a=$(eval "echo \${${up}_N1:-$N1}")
  b=$(eval "echo \${${up}_N2:-$N2}")
  local -a med=()
  for n in "$a" "$b"; do
    counts=()
    for ((i = 0; i < REPS; i++)); do
      out=/dev/null
      [[ -n $PROFILE && $n == "$b" && $i == 0 ]] && { mkdir -p "$PROFILE"; out=$PROFILE/callgrind.$peer.$wl.out; }
      counts+=("$(count "$peer" "$wl" "$n" "$out")")
    done
    med+=("$(printf '%s\n' "${counts[@]}" | median)")
    printf '  %-8s %-4s N=%-4s %s instructions\n' "$peer" "$wl" "$n" "${counts[*]}" >&2
  done
  echo $(( (med[1] - med[0]) / (b - a) ))
}

fmt() { awk -v v="$1" 'BEGIN { if (v >= 1e6) printf "%.2fM", v / 1e6; else printf "%.1fk", v / 1e3 }'; }

# A first, uncounted run of each runner: Python writes its bytecode caches then, not during
# one N's count only.
for peer in "${PEERS[@]}"; do
  # shellcheck disable=SC2086
  ${CMD[$peer]} keys 1 > "$work/run.out" 2>&1 || { cat "$work/run.out" >&2; exit 1; }
done

declare -A IPC
for wl in $WORKLOADS; do
  for peer in "${PEERS[@]}"; do
    IPC[$peer.$wl]=$(per_call "$peer" "$wl")
  done
done

header="| workload | dg-rust | dg-py | ratio py/rust |"
rule="|---|---|---|---|"
if [[ $OFFICIAL == 1 ]]; then header+=" official crate (deepgram 0.14) |"; rule+="---|"; fi
echo
echo "Instructions per call (callgrind, (I(N2) - I(N1)) / (N2 - N1)); target: py/rust <= 1.10"
echo
echo "$header"
echo "$rule"
for wl in $WORKLOADS; do
  up=${wl^^}
  a=$(eval "echo \${${up}_N1:-$N1}")
  b=$(eval "echo \${${up}_N2:-$N2}")
  r=${IPC[dg-rust.$wl]} p=${IPC[dg-py.$wl]}
  case $wl in
    keys) what="keys $a→$b (create key)" ;;
    seq) what="seq $a→$b (URL, 300 words)" ;;
    *) what="$wl $a→$b" ;;
  esac
  row="| $what | $(fmt "$r") | $(fmt "$p") | $(awk -v p="$p" -v r="$r" 'BEGIN { printf "%.2fx", p / r }') |"
  if [[ $OFFICIAL == 1 ]]; then row+=" $(fmt "${IPC[rust-sdk.$wl]}") |"; fi
  echo "$row"
done
