#!/usr/bin/env bash
# Proves the CLI tarball of crates/dg-cli/scripts/package.sh works on its own: unpacked in a
# scratch folder and run with a clean environment whose PATH has no cargo or rustc, its `dg`
# prints its version, its bash completions load, its man page is valid troff, and `dg
# transcribe` and `dg listen` of the preamble against an emulator (the tarball's own `dg
# emulator`, on a free loopback port) print the recorded transcript.
# Usage: crates/dg-cli/scripts/install-test.sh [DIST]   (default: dist/ at the repository root)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
source "$DG_ROOT/scripts/install-lib.sh"
DIST=${1:-$DG_ROOT/dist}
AUDIO=$DG_ROOT/tests/fixtures/audio/preamble-rest.wav

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

shopt -s nullglob
tarballs=("$DIST"/dg-[0-9]*-"$CARGO_BUILD_TARGET".tar.gz)  # not dg-swift-*
shopt -u nullglob
[[ ${#tarballs[@]} -eq 1 ]] || fail "want one dg-<version>-$CARGO_BUILD_TARGET.tar.gz in $DIST, found ${#tarballs[@]} (run crates/dg-cli/scripts/package.sh)"
tarball=${tarballs[0]}
name=$(basename "$tarball" .tar.gz)
version=${name#dg-}
version=${version%-"$CARGO_BUILD_TARGET"}

expected=$(recorded_transcript "$DG_ROOT")
[[ -n $expected ]] || fail "no recorded nova-3 smart_format answer for preamble-rest.wav in tests/fixtures"

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

# A PATH without the Rust toolchain, and an environment with nothing else.
clean_path=$(path_without_rust)
run() { env -i HOME="$scratch/home" PATH="$clean_path" LANG=C.UTF-8 TERM=dumb "$@"; }
mkdir -p "$scratch/home"
run bash -c '! command -v cargo && ! command -v rustc && ! command -v rustup' >/dev/null \
  || fail "cargo or rustc is still on the clean PATH"

step "cli install: unpack $(basename "$tarball") ($(stat -c %s "$tarball") bytes) into a scratch folder"
tar -xzf "$tarball" -C "$scratch"
root=$scratch/$name
[[ -x $root/dg ]] || fail "no executable dg in $name/"
(cd "$root" && find . -type f | sort | sed 's/^\.\//  /')
for f in README.md LICENSE completions/dg.bash completions/_dg completions/dg.fish man/man1/dg.1; do
  [[ -s $root/$f ]] || fail "$name/$f is missing or empty"
done
file "$root/dg" | grep -q ', stripped' || fail "dg is not stripped"
echo "PATH for the checks (no cargo, rustc or rustup): $clean_path"

step "cli install: dg --version"
got=$(run "$root/dg" --version)
echo "$got"
[[ $got == "dg $version" ]] || fail "dg --version printed '$got', the tarball is $version"

step "cli install: bash completions load"
got=$(run bash --norc --noprofile -c "source '$root/completions/dg.bash' && complete -p dg")
echo "$got"
[[ $got == *" dg" ]] || fail "the bash completions define no completion for dg"
# What bash offers after `dg `: the subcommands.
words=$(run bash --norc --noprofile -c "source '$root/completions/dg.bash'
  COMP_WORDS=(dg ''); COMP_CWORD=1; COMP_LINE='dg '; COMP_POINT=3; _dg dg '' dg; echo \"\${COMPREPLY[*]}\"")
echo "dg <TAB>: $words"
for sub in transcribe listen keys projects token emulator; do
  [[ " $words " == *" $sub "* ]] || fail "bash completion of 'dg ' lacks $sub"
done
if command -v zsh >/dev/null; then run zsh -n "$root/completions/_dg" && echo "zsh: _dg parses"; fi
if command -v fish >/dev/null; then run fish --no-execute "$root/completions/dg.fish" && echo "fish: dg.fish parses"; fi

step "cli install: man pages"
pages=("$root"/man/man1/*.1)
echo "${#pages[@]} pages: $(cd "$root/man/man1" && echo *.1)"
for page in "${pages[@]}"; do
  grep -q '^\.TH ' "$page" || fail "$(basename "$page") has no .TH header"
done
if command -v groff >/dev/null; then
  # -k: the pages are UTF-8 (preconv); any troff error fails, warnings are shown.
  errors=$(run groff -k -man -Tutf8 -z "${pages[@]}" 2>&1 | grep -i 'error' || true)
  [[ -z $errors ]] || fail "groff: $errors"
  echo "groff: ${#pages[@]} pages typeset without errors"
fi
if command -v man >/dev/null; then
  run env MANWIDTH=80 MANPATH="$root/man" man dg-transcribe 2>/dev/null | sed -n '1,8p'
  run env MANWIDTH=80 man -l "$root/man/man1/dg.1" 2>/dev/null | grep -q '^SYNOPSIS' \
    || fail "man -l dg.1 shows no SYNOPSIS"
else
  echo "(no man here: checked .TH only)"
fi

step "cli install: dg emulator on a free loopback port"
run "$root/dg" emulator --addr 127.0.0.1:0 --json >"$scratch/emulator.json" 2>"$scratch/emulator.err" &
emulator_pid=$!
for _ in $(seq 100); do
  [[ -s $scratch/emulator.json ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || fail "dg emulator exited: $(cat "$scratch/emulator.err")"
  sleep 0.1
done
read -r url key < <(python3 -c 'import json,sys; e=json.loads(sys.stdin.readline()); print(e["url"], e["owner_key"])' <"$scratch/emulator.json")
echo "emulator at $url"

# The key goes in the environment, not on a command line others can read.
dg_emu() { run DEEPGRAM_API_KEY="$key" DEEPGRAM_BASE_URL="$url" "$root/dg" "$@"; }
squeeze() { tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }

step "cli install: dg transcribe preamble-rest.wav --model nova-3 --smart-format"
got=$(cd "$scratch" && dg_emu transcribe "$AUDIO" --model nova-3 --smart-format)
echo "$got"
[[ $got == "$expected" ]] || fail "dg transcribe did not print the recorded transcript: '$expected'"

step "cli install: dg listen preamble-rest.wav --max --model nova-3 --smart-format"
got=$(cd "$scratch" && dg_emu listen "$AUDIO" --max --model nova-3 --smart-format)
echo "$got"
[[ $(squeeze <<<"$got") == "$(squeeze <<<"$expected")" ]] \
  || fail "dg listen's final lines are not the recorded transcript: '$expected'"

printf '\ncli install: %s unpacked and run with no Rust toolchain: version, bash completions, %d man pages, transcribe and listen print the recorded transcript\n' \
  "$(basename "$tarball")" "${#pages[@]}"
