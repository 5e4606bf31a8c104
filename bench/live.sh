#!/usr/bin/env bash
# Live streaming, side by side: SECONDS of 16 kHz linear16 audio (silence) streamed to a local
# dg-emulator (its own process) as fast as it takes them, through
#   dg        dg-core's live client           (bench/rust: dg-bench-runner live SECONDS)
#   rust-sdk  the official Rust crate         (bench/live-peers/rust-sdk: deepgram =0.14.0)
#   python    the official Python SDK         (bench/live-peers/python/live.py: deepgram-sdk 7.17.0)
# Every peer sends the same bytes in the same 32 KiB chunks, then CloseStream, reads every
# message until the server closes, and reports the count of final results ("finals"; the
# emulator gives one per 32 KiB message, so the column also shows all the audio arrived).
# GNU time measures each client process alone: wall time, CPU (user+sys; 10 ms resolution)
# and peak RSS. Run at 10 and 60 minutes of audio so a reader can see whether memory stays
# flat as the stream grows. A peer that fails or outlives PEER_TIMEOUT shows FAIL and its first
# error line; the other cells still run.
#
#   bench/live.sh                          # every peer, 600 and 3600 seconds of audio
#   DURATIONS="60" bench/live.sh
#   PEERS="dg rust-sdk" bench/live.sh      # only some peers (any of: dg rust-sdk python)
#   PEER_TIMEOUT=300 PORT=18391            # the other knobs (seconds per cell; emulator port)
#   SKIP_BUILD=1                           # use the binaries already in $DG_BIN_DIR
#
# Builds: dg's runner and the emulator in dg's workspace; the official crate's runner is its
# own cargo workspace (committed Cargo.lock) built into the same $CARGO_TARGET_DIR
# (scripts/env.sh). Python: ../shared/bench/.venv when that harness has been set up, else
# bench/.venv, created here from ../shared/bench/peers/python/requirements.txt.
#
# Targets (issue 16): RSS under 30 MiB and flat over the hour; less CPU than the official Rust
# crate. Nothing in CI runs this script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"

DURATIONS=${DURATIONS:-600 3600}
PEERS=${PEERS:-dg rust-sdk python}
PEER_TIMEOUT=${PEER_TIMEOUT:-300}
PORT=${PORT:-18391}
SKIP_BUILD=${SKIP_BUILD:-0}
KEY=bench-live-owner-key-0123456789abcdef
SHARED=$DG_ROOT/../shared/bench
REQUIREMENTS=$SHARED/peers/python/requirements.txt

for peer in $PEERS; do
  case $peer in dg | rust-sdk | python) ;; *) echo "live: unknown peer $peer (dg rust-sdk python)" >&2; exit 2 ;; esac
done

# --- builds: a peer whose build fails gets FAIL in every row instead of stopping the script ---
declare -A CMD SETUP_ERROR
declare -A LABEL=([dg]="dg-core" [rust-sdk]="official Rust (deepgram 0.14.0)"
  [python]="official Python (deepgram-sdk 7.17.0)")
first_line() { grep -m1 -iE 'error|fail|panic|exception|denied|refused' "$1" || head -n1 "$1"; }
setup() { # peer log-file command...: runs the command, keeps the peer's first error line
  local peer=$1 log=$2
  shift 2
  [[ $SKIP_BUILD == 1 && $1 == cargo ]] && return
  if ! "$@" >"$log" 2>&1; then
    SETUP_ERROR[$peer]="setup: $(first_line "$log")"
  fi
}
log=$(mktemp)
[[ $SKIP_BUILD == 1 ]] || cargo build --release --quiet -p dg-emulator
for peer in $PEERS; do
  case $peer in
    dg)
      setup dg "$log" cargo build --release --quiet -p dg-bench-runner
      CMD[dg]="$DG_BIN_DIR/dg-bench-runner"
      ;;
    rust-sdk)
      setup rust-sdk "$log" cargo build --release --quiet --locked \
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
cell() { # peer seconds
  local peer=$1 seconds=$2 out rc=0 wall user sys rss finals error
  if [[ -n ${SETUP_ERROR[$peer]:-} ]]; then
    printf '| %s s | %s | FAIL | | | %s |\n' "$seconds" "${LABEL[$peer]}" "${SETUP_ERROR[$peer]}"
    return
  fi
  out=$(mktemp)
  # shellcheck disable=SC2086 # the command is a word list
  DG_BENCH_URL="http://127.0.0.1:$PORT" DG_BENCH_KEY="$KEY" \
    /usr/bin/time -f '%e %U %S %M' -o "$out.time" \
    timeout -k 10 "$PEER_TIMEOUT" ${CMD[$peer]} live "$seconds" >"$out" 2>"$out.err" || rc=$?
  # The runner's last JSON line: {"ok": true, "words": finals} or {"ok": false, "error": ...}.
  finals=$(python3 - "$out" <<'PY' || true
import json, sys
lines = [l for l in open(sys.argv[1], errors="replace") if l.startswith("{")]
r = json.loads(lines[-1]) if lines else {}
print(r["words"] if r.get("ok") else "")
PY
)
  if (( rc == 124 )); then
    error="timed out after $PEER_TIMEOUT s"
  elif (( rc != 0 )) || [[ -z $finals ]]; then
    error=$(python3 - "$out" <<'PY' || true
import json, sys
lines = [l for l in open(sys.argv[1], errors="replace") if l.startswith("{")]
print((json.loads(lines[-1]).get("error") or "") if lines else "")
PY
)
    [[ -n $error ]] || error=$(first_line "$out.err")
    [[ -n $error ]] || error="exit $rc"
    error=${error//|/\\|}
  fi
  if [[ -n ${error:-} ]]; then
    printf '| %s s | %s | FAIL | | | %s |\n' "$seconds" "${LABEL[$peer]}" "${error:0:200}"
  else
    read -r wall user sys rss <"$out.time"
    printf '| %s s | %s | %s s | %s s | %s MiB | %s |\n' "$seconds" "${LABEL[$peer]}" "$wall" \
      "$(python3 -c "print(f'{$user + $sys:.2f}')")" "$(python3 -c "print(f'{$rss / 1024:.1f}')")" "$finals"
  fi
  rm -f "$out" "$out.err" "$out.time"
}

printf '| audio | client | wall | CPU (user+sys) | peak RSS | finals |\n|---|---|---|---|---|---|\n'
for seconds in $DURATIONS; do
  for peer in $PEERS; do
    cell "$peer" "$seconds"
  done
done
