#!/usr/bin/env bash
# Live streaming, side by side (issues 16 and 17): 16 kHz linear16 audio (silence) streamed to
# a local dg-emulator (its own process) through
#   dg        dg-core's live client           (bench/rust: dg-bench-runner live|realtime)
#   rust-sdk  the official Rust crate         (bench/live-peers/rust-sdk: deepgram =0.14.0)
#   python    the official Python SDK         (bench/live-peers/python/live.py: deepgram-sdk 7.17.0)
#   dg-py     dg's Python package             (bench/live-peers/dg-py/live.py: this checkout's wheel)
#   node      the official Node SDK           (bench/live-peers/node/live.mjs: @deepgram/sdk 5.13.0)
#   dg-node   dg's Node package               (bench/live-peers/dg-node/live.mjs: this checkout's node/)
#   node-ws   no SDK: the official Node SDK's WebSocket library, `ws`, alone (bench/live-peers/ws/
#             live.mjs): about the least a Node client costs, a reference row
# in two modes, one table each:
#   fast      SECONDS of audio (each of DURATIONS) as fast as the server takes it: the same bytes
#             in the same 32 KiB chunks, then CloseStream, every message read until the server
#             closes. Run at 10 and 60 minutes so a reader can see whether memory stays flat as
#             the stream grows.
#   realtime  SESSIONS concurrent sessions from one process, each sending REALTIME_SECONDS of
#             audio at real-time pace (100 ms chunks every 100 ms by the wall clock), then
#             CloseStream and reading to the end (bench/live-peers/realtime.py and .mjs, shared
#             by each language's two peers, say exactly how). Adds the latency of final results:
#             for each, its arrival minus the time the chunk that completed its audio
#             (`start + duration`) was handed to the SDK; median and p95 (nearest rank) over
#             all sessions' finals. Each language's harness alone (its realtime.py or .mjs run
#             as a peer: the same pacing with a send that does nothing, no socket) runs first
#             when a peer of that language is picked, and each Python and Node row adds its CPU
#             above that harness: what the SDK itself costs, since the harness's 500 timer
#             wake-ups a second are the same in both columns.
# "finals" counts final results with a best alternative (dg-core's `final_transcript()`): the
# emulator answers silence with one per 32 KiB message in fast mode and one per second of audio
# in real time (its results are timed by the audio received: crates/dg-emulator/src/audio/
# streaming.rs), so equal counts mean all the audio arrived. GNU time measures each client
# process alone: wall time, CPU (user+sys; 10 ms resolution) and peak RSS. A peer that fails or
# outlives PEER_TIMEOUT shows FAIL and its first error line; the other cells still run.
#
#   bench/live.sh                          # every peer, both modes: 600 and 3600 s; 50 x 60 s
#   MODES=fast DURATIONS="60" bench/live.sh
#   MODES=realtime SESSIONS=10 REALTIME_SECONDS=20 bench/live.sh
#   PEERS="dg-py python" bench/live.sh     # only some peers (any of: dg rust-sdk python dg-py node dg-node node-ws)
#   REPEAT=3 MODES=realtime bench/live.sh  # real time REPEAT times, interleaved (each round: the
#                                          # harnesses, then every peer), plus a table of medians
#   PEER_TIMEOUT=300 PORT=18391            # the other knobs (seconds per cell; emulator port)
#   SKIP_BUILD=1                           # use the builds already there (binaries, wheel)
#
# Builds: dg's runner and the emulator in dg's workspace; the official crate's runner is its
# own cargo workspace (committed Cargo.lock) built into the same $CARGO_TARGET_DIR
# (scripts/env.sh). Official Python: ../shared/bench/.venv when that harness has been set up,
# else bench/.venv, created here from ../shared/bench/peers/python/requirements.txt. dg-py:
# bench/live-peers/dg-py/.venv, this checkout's wheel built as python/scripts/test.sh builds it
# (maturin as python/requirements-test.txt pins it, release, workspace-hack; its own venv so
# that a test run rebuilding python/.venv cannot swap the module under a cell). Official Node:
# bench/live-peers/node/node_modules from the harness's lock file (`npm ci`, as
# ../shared/bench/setup.sh). dg-node: node/ with its native module (built by
# node/scripts/build.js when missing, as bench/run.sh does).
#
# Targets: issue 16, dg-core's RSS under 30 MiB and flat over the hour, less CPU than the
# official Rust crate; issue 17, dg-py and dg-node at most half the CPU of the official SDK in
# the same language, with flat memory. Nothing in CI runs this script.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"

MODES=${MODES:-fast realtime}
DURATIONS=${DURATIONS:-600 3600}
SESSIONS=${SESSIONS:-50}
REALTIME_SECONDS=${REALTIME_SECONDS:-60}
REPEAT=${REPEAT:-1}
ALL_PEERS="dg rust-sdk python dg-py node dg-node node-ws"
PEERS=${PEERS:-$ALL_PEERS}
PEER_TIMEOUT=${PEER_TIMEOUT:-300}
PORT=${PORT:-18391}
SKIP_BUILD=${SKIP_BUILD:-0}
KEY=bench-live-owner-key-0123456789abcdef
SHARED=$DG_ROOT/../shared/bench
REQUIREMENTS=$SHARED/peers/python/requirements.txt

for peer in $PEERS; do
  [[ " $ALL_PEERS " == *" $peer "* ]] || { echo "live: unknown peer $peer ($ALL_PEERS)" >&2; exit 2; }
done
for mode in $MODES; do
  case $mode in fast | realtime) ;; *) echo "live: unknown mode $mode (fast realtime)" >&2; exit 2 ;; esac
done

# --- builds: a peer whose build fails gets FAIL in every row instead of stopping the script ---
declare -A CMD SETUP_ERROR
declare -A LABEL=([dg]="dg-core" [rust-sdk]="official Rust (deepgram 0.14.0)"
  [python]="official Python (deepgram-sdk 7.17.0)" [dg-py]="dg-py"
  [node]="official Node (@deepgram/sdk 5.13.0)" [dg-node]="dg-node"
  [node-ws]="no SDK: ws 8.23.0 alone (the official Node SDK's socket)"
  [harness-py]="Python harness alone (no SDK)" [harness-node]="Node harness alone (no SDK)")
# Real time: each language's harness (its realtime.* with a send that does nothing) runs first,
# and every peer's row says its CPU above its language's harness, the SDK's own share.
declare -A HARNESS=([python]=harness-py [dg-py]=harness-py [node]=harness-node [dg-node]=harness-node
  [node-ws]=harness-node)
# The interpreter itself, not `python3` on PATH: a version manager's shim (pyenv's is a bash
# script) would add its own start-up, about 0.2 s of CPU, to the harness and to no peer (the
# Python peers run their venv's interpreter). -S: no site-packages, as in a peer's venv.
CMD[harness-py]="$(python3 -c 'import sys; print(sys.executable)') -S bench/live-peers/realtime.py"
CMD[harness-node]="node bench/live-peers/realtime.mjs"
declare -A HARNESS_CPU
# Every real-time round's CPU and CPU above the harness, per peer (space-separated seconds).
declare -A CPU_RUNS ABOVE_RUNS
first_line() { grep -m1 -iE 'error|fail|panic|exception|denied|refused' "$1" || head -n1 "$1"; }
setup() { # peer log-file command...: runs the command, keeps the peer's first error line
  local peer=$1 log=$2
  shift 2
  if ! "$@" >"$log" 2>&1; then
    SETUP_ERROR[$peer]="setup: $(first_line "$log")"
  fi
}
building() { [[ $SKIP_BUILD != 1 ]]; }
log=$(mktemp)
if building; then cargo build --release --quiet -p dg-emulator; fi
for peer in $PEERS; do
  case $peer in
    dg)
      building && setup dg "$log" cargo build --release --quiet -p dg-bench-runner
      CMD[dg]="$DG_BIN_DIR/dg-bench-runner"
      ;;
    rust-sdk)
      building && setup rust-sdk "$log" cargo build --release --quiet --locked \
        --manifest-path bench/live-peers/rust-sdk/Cargo.toml
      CMD[rust-sdk]="$DG_BIN_DIR/dg-live-peer-rust-sdk"
      ;;
    python)
      venv=$SHARED/.venv
      if ! "$venv/bin/python" -c 'import deepgram' 2>/dev/null; then
        venv=$DG_ROOT/bench/.venv
        stamp=$venv/.requirements.sha256
        want=$(sha256sum "$REQUIREMENTS" 2>/dev/null | cut -d' ' -f1 || true)
        if [[ -z $want ]]; then
          SETUP_ERROR[python]="setup: $REQUIREMENTS not found"
        elif [[ ! -x $venv/bin/python || ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
          setup python "$log" sh -c "python3 -m venv '$venv' &&
            '$venv/bin/pip' install --quiet --disable-pip-version-check -r '$REQUIREMENTS' &&
            echo '$want' > '$stamp'"
        fi
      fi
      CMD[python]="$venv/bin/python bench/live-peers/python/live.py"
      ;;
    dg-py)
      venv=$DG_ROOT/bench/live-peers/dg-py/.venv
      maturin=$(grep -m1 '^maturin==' python/requirements-test.txt || echo maturin)
      # Built without isolation (as python/scripts/test.sh does) so maturin reuses the
      # workspace's compiled crates; maturin must then be on PATH.
      if building || ! "$venv/bin/python" -c 'import dg' 2>/dev/null; then
        setup dg-py "$log" env PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" \
          MATURIN_PEP517_ARGS="--features workspace-hack" sh -c "
            { [ -x '$venv/bin/python' ] || python3 -m venv '$venv'; } &&
            '$venv/bin/pip' install --quiet --disable-pip-version-check '$maturin' &&
            '$venv/bin/pip' install --quiet --disable-pip-version-check --no-build-isolation \
              --force-reinstall --no-deps ./python"
      fi
      CMD[dg-py]="$venv/bin/python bench/live-peers/dg-py/live.py"
      ;;
    node | node-ws)
      # node-ws uses the `ws` this installs for the official SDK.
      dir=bench/live-peers/node
      stamp=$dir/node_modules/.lock.sha256
      want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
      if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
        setup "$peer" "$log" sh -c "cd '$dir' && npm ci --no-audit --no-fund --loglevel=error &&
          echo '$want' > node_modules/.lock.sha256"
      fi
      CMD[node]="node $dir/live.mjs"
      CMD[node-ws]="node bench/live-peers/ws/live.mjs"
      ;;
    dg-node)
      if ! ls node/*.node >/dev/null 2>&1; then
        setup dg-node "$log" sh -c 'cd node && node scripts/build.js'
      fi
      CMD[dg-node]="node bench/live-peers/dg-node/live.mjs"
      ;;
  esac
done
rm -f "$log"

"$DG_BIN_DIR/dg-emulator" --addr "127.0.0.1:$PORT" --admin-key "$KEY" >/dev/null &
emulator=$!
trap 'kill $emulator 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done

# One cell: prints its table row; never fails the script.
cell() { # mode peer [seconds|round]: the peer runs `live SECONDS` or `realtime SESSIONS REALTIME_SECONDS`
  local mode=$1 peer=$2 seconds=${3:-} what args out rc=0 wall user sys rss summary finals latency
  local error='' cpu mib median p95 above=-
  if [[ $mode == fast ]]; then
    what="$seconds s" args="live $seconds"
  else
    what="$SESSIONS × $REALTIME_SECONDS s" args="realtime $SESSIONS $REALTIME_SECONDS"
    (( REPEAT == 1 )) || what="$what, round $seconds"
  fi
  if [[ -n ${SETUP_ERROR[$peer]:-} ]]; then
    error=${SETUP_ERROR[$peer]}
  else
    out=$(mktemp)
    # shellcheck disable=SC2086 # the command and its arguments are word lists
    DG_BENCH_URL="http://127.0.0.1:$PORT" DG_BENCH_KEY="$KEY" \
      /usr/bin/time -f '%e %U %S %M' -o "$out.time" \
      timeout -k 10 "$PEER_TIMEOUT" ${CMD[$peer]} $args >"$out" 2>"$out.err" || rc=$?
    # The runner's last JSON line: {"ok": true, "words": finals, "latencies_ms": [...]} or
    # {"ok": false, "error": ...}; printed as "finals median p95", or "!error".
    summary=$(python3 - "$out" <<'PY' || true
import json, math, statistics, sys
lines = [l for l in open(sys.argv[1], errors="replace") if l.startswith("{")]
try:
    r = json.loads(lines[-1]) if lines else {}
except ValueError:
    r = {}
if not r.get("ok"):
    print("!" + (r.get("error") or ""))
else:
    ms = sorted(r.get("latencies_ms") or [])
    med = f"{statistics.median(ms):.1f}" if ms else "-"
    p95 = f"{ms[math.ceil(0.95 * len(ms)) - 1]:.1f}" if ms else "-"
    print(r["words"], med, p95)
PY
)
    if (( rc == 124 || rc == 137 )); then
      error="timed out after $PEER_TIMEOUT s"
    elif (( rc != 0 )) || [[ -z $summary || $summary == !* ]]; then
      error=${summary#!}
      [[ -n $error ]] || error=$(first_line "$out.err")
      [[ -n $error ]] || error="exit $rc"
    else
      read -r wall user sys rss <"$out.time"
      read -r finals latency <<<"$summary"
    fi
    rm -f "$out" "$out.err" "$out.time"
  fi
  if [[ -n $error ]]; then
    error=${error//|/\\|}
    if [[ $mode == fast ]]; then
      printf '| %s | %s | FAIL | | | %s |\n' "$what" "${LABEL[$peer]}" "${error:0:200}"
    else
      printf '| %s | %s | FAIL | | | | | | %s |\n' "$what" "${LABEL[$peer]}" "${error:0:200}"
    fi
    return
  fi
  cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
  # Only real time has harness rows; its rounds feed the table of medians.
  if [[ $mode == realtime ]]; then
    if [[ $peer == harness-* ]]; then
      HARNESS_CPU[$peer]=$cpu
    elif [[ -n ${HARNESS[$peer]:-} && -n ${HARNESS_CPU[${HARNESS[$peer]}]:-} ]]; then
      above=$(python3 -c "print(f'{$cpu - ${HARNESS_CPU[${HARNESS[$peer]}]}:.2f}')")
      ABOVE_RUNS[$peer]+=" $above"
      above="$above s"
    fi
    CPU_RUNS[$peer]+=" $cpu"
  fi
  mib=$(python3 -c "print(f'{$rss / 1024:.1f}')")
  if [[ $mode == fast ]]; then
    printf '| %s | %s | %s s | %s s | %s MiB | %s |\n' "$what" "${LABEL[$peer]}" "$wall" "$cpu" "$mib" "$finals"
  else
    read -r median p95 <<<"$latency"
    printf '| %s | %s | %s s | %s s | %s | %s MiB | %s | %s ms | %s ms |\n' "$what" "${LABEL[$peer]}" \
      "$wall" "$cpu" "$above" "$mib" "$finals" "$median" "$p95"
  fi
}

for mode in $MODES; do
  if [[ $mode == fast ]]; then
    printf '\n| audio | client | wall | CPU (user+sys) | peak RSS | finals |\n|---|---|---|---|---|---|\n'
    for seconds in $DURATIONS; do
      for peer in $PEERS; do
        cell fast "$peer" "$seconds"
      done
    done
  else
    printf '\n| sessions × audio | client | wall | CPU (user+sys) | above the harness | peak RSS | finals | latency median | latency p95 |\n'
    printf '|---|---|---|---|---|---|---|---|---|\n'
    harnesses=$(for peer in $PEERS; do echo "${HARNESS[$peer]:-}"; done | awk 'NF && !seen[$0]++')
    # Each round runs its harness again just before its peers: this machine's cost of a
    # wake-up drifts over minutes, and a peer is compared with the harness of its own round.
    for round in $(seq "$REPEAT"); do
      for peer in $harnesses $PEERS; do
        cell realtime "$peer" "$round"
      done
    done
    if (( REPEAT > 1 )); then
      printf '\n| sessions × audio | client | rounds | CPU median (min-max) | above the harness median (min-max) |\n'
      printf '|---|---|---|---|---|\n'
      for peer in $harnesses $PEERS; do
        python3 - "$SESSIONS × $REALTIME_SECONDS s" "${LABEL[$peer]}" "${CPU_RUNS[$peer]:-}" "${ABOVE_RUNS[$peer]:-}" <<'PY'
import statistics, sys
what, label, cpu, above = sys.argv[1:]
def cell(runs):
    xs = [float(x) for x in runs.split()]
    return f"{statistics.median(xs):.2f} s ({min(xs):.2f}-{max(xs):.2f})" if xs else "-"
print(f"| {what} | {label} | {len(cpu.split())} | {cell(cpu)} | {cell(above)} |")
PY
      done
    fi
  fi
done
