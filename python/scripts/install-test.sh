#!/usr/bin/env bash
# Proves the wheel of python/scripts/package.sh installs and works with no Rust toolchain: a new
# venv in a scratch folder (the oldest Python >= 3.10 found, to prove the abi3 floor), `pip
# install` of the wheel from DIST alone (no index, no build) in a clean environment whose PATH
# has no cargo or rustc (and no CARGO*/RUSTUP* variables), then python/README.md's quick start
# against dg-emulator on a free loopback port, printing the transcript; it fails unless that is
# the recorded one.
# Usage: python/scripts/install-test.sh [DIST]   (default: dist/ at the repository root)
#   PYTHON=python3.X picks the venv's interpreter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
source "$DG_ROOT/scripts/install-lib.sh"
DIST=${1:-$DG_ROOT/dist}
AUDIO=$DG_ROOT/tests/fixtures/audio/preamble-rest.wav

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

shopt -s nullglob
wheels=("$DIST"/dg_sdk-*-cp310-abi3-manylinux_*_x86_64.whl)
shopt -u nullglob
[[ ${#wheels[@]} -eq 1 ]] || fail "want one dg_sdk-*-cp310-abi3-manylinux_*.whl in $DIST, found ${#wheels[@]} (run python/scripts/package.sh)"
wheel=${wheels[0]}

# The interpreter: $PYTHON, else the oldest CPython >= 3.10 that runs here.
if [[ -z ${PYTHON:-} ]]; then
  for v in 3.10 3.11 3.12 3.13 3.14; do
    candidates=("python$v")
    # pyenv installs versions that its shims do not run unless selected.
    if command -v pyenv >/dev/null; then candidates+=("$(pyenv root)"/versions/"$v".*/bin/python"$v"); fi
    for c in "${candidates[@]}"; do
      if [[ -e $c || $c != */* ]] && "$c" -c 'import venv' 2>/dev/null; then PYTHON=$(command -v "$c"); break 2; fi
    done
  done
fi
[[ -n ${PYTHON:-} ]] || fail "no Python 3.10+ found"

step "python install: dg-emulator (release, the shared target dir)"
cargo build --release --quiet -p dg-emulator -p dg-workspace-hack
EMULATOR=$DG_BIN_DIR/dg-emulator

scratch=$(mktemp -d)
emulator_pid=
cleanup() {
  if [[ -n $emulator_pid ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# A PATH without any folder that holds cargo, rustc or rustup, in an environment with nothing
# else (no CARGO*, RUSTUP*, VIRTUAL_ENV, PYTHONPATH).
clean_path=$(path_without_rust)
VENV=$scratch/venv
run() { env -i HOME="$scratch/home" PATH="$VENV/bin:$clean_path" LANG=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"; }
mkdir -p "$scratch/home"

step "python install: a new venv in a scratch folder ($("$PYTHON" --version))"
"$PYTHON" -m venv "$VENV"
run bash -c '! command -v cargo && ! command -v rustc && ! command -v rustup' >/dev/null \
  || fail "cargo or rustc is still on the clean PATH"
echo "PATH for pip and python (no cargo, rustc or rustup): $VENV/bin:$clean_path"

step "python install: pip install $(basename "$wheel") ($(stat -c %s "$wheel") bytes), no index"
run pip install --quiet --no-index --only-binary=:all: "$wheel"
run pip list --format=freeze | grep -i '^dg-sdk=='

expected=$(recorded_transcript "$DG_ROOT")
[[ -n $expected ]] || fail "no recorded nova-3 smart_format answer for preamble-rest.wav in tests/fixtures"

step "python install: dg-emulator on a free loopback port"
"$EMULATOR" --addr 127.0.0.1:0 --json >"$scratch/emulator.json" 2>"$scratch/emulator.err" &
emulator_pid=$!
for _ in $(seq 100); do
  [[ -s $scratch/emulator.json ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || fail "dg-emulator exited: $(cat "$scratch/emulator.err")"
  sleep 0.1
done
echo "emulator at $(run python -c 'import json,sys; print(json.load(sys.stdin)["url"])' <"$scratch/emulator.json")"

step "python install: python/README.md's quick start, from the scratch folder"
# As in python/README.md ("Try it against the emulator"), with the fixture's absolute path.
got=$(cd "$scratch" && run python - "$scratch/emulator.json" "$AUDIO" <<'EOF'
import json, sys
import dg
assert "site-packages" in dg.__file__, dg.__file__
emu = json.load(open(sys.argv[1]))
with dg.Client(api_key=emu["owner_key"], base_url=emu["url"]) as client:
    resp = client.transcribe_file(sys.argv[2], model="nova-3", smart_format=True)
    print(resp.transcript)
    print(resp.results.channels[0].alternatives[0].words[0].punctuated_word)
EOF
)
echo "$got"
[[ $(sed -n 1p <<<"$got") == "$expected" ]] || fail "the transcript is not the recorded one: '$expected'"
[[ $(sed -n 2p <<<"$got") == "${expected%% *}" ]] || fail "the first punctuated word is not '${expected%% *}'"

printf '\npython install: %s installed with pip into a new %s venv with no Rust toolchain; the README quick start printed the recorded transcript\n' \
  "$(basename "$wheel")" "$("$PYTHON" --version)"
