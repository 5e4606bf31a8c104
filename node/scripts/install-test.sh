#!/usr/bin/env bash
# Installs the tarballs of node/scripts/package.sh as a user would, and runs the README's quick
# start with them: in a new project in a scratch directory, with a PATH that has no cargo or
# rustc, `npm install` of the main package and the platform package (offline: local tarballs
# need no registry), then the quick start as CommonJS and as an ES module against dg-emulator
# on a free loopback port, each printing the transcript, which must be the recorded one; a
# TypeScript file using it is type-checked when node/node_modules has typescript. Then the main
# package alone, without the platform package, must fail with the error naming the package.
#
#   node/scripts/install-test.sh [DIST]     (default: dist/ at the top of the checkout)
#
# The emulator is DG_EMULATOR, else target/<triple>/release/dg-emulator (scripts/env.sh).
set -euo pipefail
node_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$node_dir/.." && pwd)
source "$root/scripts/install-lib.sh"
dist=$(realpath "${1:-$root/dist}")

say() { printf 'install-test: %s\n' "$*"; }
fail() { printf 'install-test: FAIL: %s\n' "$*" >&2; exit 1; }

if [[ -z ${DG_EMULATOR:-} ]]; then
  source "$root/scripts/env.sh"
  DG_EMULATOR=$DG_BIN_DIR/dg-emulator
fi
[[ -x $DG_EMULATOR ]] || fail "no emulator at $DG_EMULATOR (cargo build --release -p dg-emulator)"

shopt -s nullglob
mains=("$dist"/dg-sdk-dg-[0-9]*.tgz)
platforms=("$dist"/dg-sdk-dg-*-*-*.tgz)
shopt -u nullglob
[[ ${#mains[@]} -eq 1 && ${#platforms[@]} -eq 1 ]] ||
  fail "expected one dg-sdk-dg-<version>.tgz and one platform tarball in $dist (node/scripts/package.sh)"
main=${mains[0]}
platform_tarball=${platforms[0]}
platform_package=$(tar -xzOf "$platform_tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).name')

# The recorded answer to the preamble with { model: 'nova-3', smartFormat: true }.
expected=$(recorded_transcript "$root")
[[ -n $expected ]] || fail "no recorded nova-3 smart_format answer for preamble-rest.wav in tests/fixtures"
audio=$root/tests/fixtures/audio/preamble-rest.wav

scratch=$(mktemp -d)
emulator_pid=
cleanup() {
  if [[ -n $emulator_pid ]]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# A PATH without the Rust toolchain.
PATH=$(path_without_rust)
export PATH
unset CARGO RUSTC RUSTUP_TOOLCHAIN
if command -v cargo >/dev/null || command -v rustc >/dev/null; then fail "cargo or rustc is still on PATH"; fi
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm must be on PATH"
say "PATH has no cargo or rustc; node $(node --version), npm $(npm --version)"

npm_install() {
  npm install --offline --no-audit --no-fund --loglevel=error "$@"
}

# --- the two tarballs, in a new project --------------------------------------------------------
app=$scratch/app
mkdir -p "$app"
cd "$app"
echo '{ "name": "dg-install-test", "version": "1.0.0", "private": true }' >package.json
start=$SECONDS
npm_install "$main" "$platform_tarball"
say "npm install $(basename "$main") $(basename "$platform_tarball"): $((SECONDS - start)) s"
[[ -z $(find node_modules/@dg-sdk/dg -name '*.node') ]] || fail "@dg-sdk/dg holds a .node file"
[[ -n $(find "node_modules/$platform_package" -name '*.node') ]] || fail "$platform_package holds no .node file"

# --- the emulator on a free loopback port ------------------------------------------------------
"$DG_EMULATOR" --addr 127.0.0.1:0 --json >"$scratch/emulator.out" 2>"$scratch/emulator.err" &
emulator_pid=$!
for _ in $(seq 300); do
  [[ $(wc -l <"$scratch/emulator.out") -ge 1 ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$scratch/emulator.err" >&2; fail "dg-emulator exited"; }
  sleep 0.1
done
announce=$(head -n1 "$scratch/emulator.out")
[[ -n $announce ]] || fail "dg-emulator did not announce itself within 30 s"
DG_BASE_URL=$(node -p 'JSON.parse(process.argv[1]).url' "$announce")
DEEPGRAM_API_KEY=$(node -p 'JSON.parse(process.argv[1]).owner_key' "$announce")
export DG_BASE_URL DEEPGRAM_API_KEY
say "dg-emulator at $DG_BASE_URL"

# --- the README's quick start -----------------------------------------------------------------
cat >quickstart.cjs <<'EOF'
const { DeepgramClient } = require('@dg-sdk/dg');

(async () => {
  const client = new DeepgramClient({ baseUrl: process.env.DG_BASE_URL }); // DEEPGRAM_API_KEY
  const answer = await client.transcribeFile(process.argv[2], { model: 'nova-3', smartFormat: true });
  console.log(answer.transcript);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
EOF
cat >quickstart.mjs <<'EOF'
import { DeepgramClient } from '@dg-sdk/dg';

const client = new DeepgramClient({ baseUrl: process.env.DG_BASE_URL }); // DEEPGRAM_API_KEY
const answer = await client.transcribeFile(process.argv[2], { model: 'nova-3', smartFormat: true });
console.log(answer.transcript);
EOF
for program in quickstart.cjs quickstart.mjs; do
  transcript=$(node "$program" "$audio") || fail "$program failed"
  say "$program: $transcript"
  [[ $transcript == "$expected" ]] || fail "$program printed another transcript than the recorded one: $expected"
done

# --- TypeScript: the same quick start, type-checked against the installed package's types -----
tsc=$node_dir/node_modules/typescript/bin/tsc
if [[ -f $tsc && -d $node_dir/node_modules/@types/node ]]; then
  cat >quickstart.ts <<'EOF'
import { DeepgramClient, DeepgramError, type ListenResponse } from '@dg-sdk/dg';

const client = new DeepgramClient({ baseUrl: process.env['DG_BASE_URL'] ?? 'http://127.0.0.1:8080' });
try {
  const answer: ListenResponse = await client.transcribeFile('call.wav', { model: 'nova-3', smartFormat: true });
  const transcript: string | undefined = answer.transcript;
  console.log(transcript);
} catch (error) {
  if (error instanceof DeepgramError) console.error(error.kind, error.requestId);
  throw error;
}
EOF
  cat >tsconfig.json <<EOF
{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "es2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "typeRoots": ["$node_dir/node_modules/@types"],
    "types": ["node"],
    "skipLibCheck": false,
    "exactOptionalPropertyTypes": true,
    "noUncheckedIndexedAccess": true
  },
  "files": ["quickstart.ts"]
}
EOF
  # An ES module, so the top-level await is allowed (module nodenext reads package.json's type).
  node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json")); p.type = "module"; fs.writeFileSync("package.json", JSON.stringify(p, null, 2))'
  node "$tsc" -p tsconfig.json || fail "tsc --strict on quickstart.ts"
  say "quickstart.ts: tsc --strict passes against the installed types"
else
  say "SKIP the TypeScript check: typescript and @types/node are not in node/node_modules (npm ci there)"
fi

# --- the main package alone: the clear error -------------------------------------------------
alone=$scratch/alone
mkdir -p "$alone"
cd "$alone"
echo '{ "name": "dg-install-test-alone", "version": "1.0.0", "private": true }' >package.json
npm_install --omit=optional "$main"
[[ ! -e node_modules/$platform_package ]] || fail "$platform_package was installed with --omit=optional"
for how in require import; do
  if [[ $how == require ]]; then
    set +e; message=$(node -e "require('@dg-sdk/dg')" 2>&1); status=$?; set -e
  else
    set +e; message=$(node --input-type=module -e "import '@dg-sdk/dg'" 2>&1); status=$?; set -e
  fi
  [[ $status -ne 0 ]] || fail "$how of @dg-sdk/dg without $platform_package succeeded"
  line=$(grep -m1 'no native binding' <<<"$message") || { echo "$message" >&2; fail "$how: not the clear error"; }
  [[ $line == *"$platform_package"* && $line == *"${platform_package#@dg-sdk/dg-}"* ]] ||
    fail "$how: the error does not name $platform_package and its platform: $line"
  say "without $platform_package, $how fails: ${line#*Error: }"
done
say "ok"
