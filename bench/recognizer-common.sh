# Sourced by bench/recognizer.sh and bench/live-recognizer.sh: builds the emulator with its
# recognizer and the plugin, fetches what they need, makes the scratch folder $work (removed on
# exit with the emulator $pid, if one runs) and defines `start` and the CPU counters.
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
cd "$DG_ROOT"

scripts/fetch-ctranslate2.sh >/dev/null
# With the workspace-hack, the crates it shares with the workspace build are reused. The
# plugin (dg-recognizer-ct2) lands beside the binary, where the emulator opens it.
cargo build --release --quiet -p dg-emulator --features recognizer -p dg-recognizer-ct2 \
  -p dg-bench-runner -p dg-workspace-hack
scripts/fetch-model.sh >/dev/null
emulator=$DG_BIN_DIR/dg-emulator
work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Starts an emulator and sets $pid, $url and $key; fails when its recognition is off.
start() {
  "$emulator" --json >"$work/start.json" 2>"$work/stderr" &
  pid=$!
  for _ in $(seq 100); do
    [[ -s $work/start.json ]] && break
    sleep 0.1
  done
  url=$(jq -r .url "$work/start.json")
  key=$(jq -r .owner_key "$work/start.json")
  [[ $(jq -r .recognition.enabled "$work/start.json") == true ]] || {
    echo "recognition is off: $(jq -r .recognition.reason "$work/start.json")" >&2
    exit 1
  }
}

# Transcribes the file $1 (its answer in $work/answer.json).
listen() {
  curl -sS --fail-with-body -o "$work/answer.json" -H "Authorization: Token $key" \
    -H 'Content-Type: audio/wav' --data-binary "@$1" "$url/v1/listen"
}

# Busy CPU time (in clock ticks) of the whole machine, and of process $1.
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
process_busy() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
