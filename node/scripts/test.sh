#!/usr/bin/env bash
# Everything the Node package needs, from a fresh machine: install the pinned dev tools, build
# the binding, check the committed generated files (napi's, and gen-types.js's from
# tests/schema/) are current, type-check the typed example,
# build the emulator and run the node --test suite against it.
set -euo pipefail
node_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$node_dir/../scripts/env.sh"
cd "$node_dir"

step() { printf '\n== node: %s\n' "$*"; }

# Build with the workspace-hack feature (napi here, as scripts/build.js does) so the binding
# reuses the crates the workspace build compiled.
export DG_CARGO_FEATURES=workspace-hack

step "npm ci (pinned by package-lock.json)"
npm ci --ignore-scripts --no-audit --no-fund

step "build the binding and regenerate its loader and types"
generated=$(mktemp -d)
app=$(mktemp -d)
trap 'rm -rf "$generated" "$app"' EXIT
scripts/generate.sh "$generated"

step "generated files are current"
# The error classes, their types, the option types and the ES entry, from tests/schema/.
node scripts/gen-types.js --check
for f in native.js native.d.ts; do
  if ! diff -u "$f" "$generated/$f"; then
    echo "node/$f is stale: run node/scripts/generate.sh and commit the result" >&2
    exit 1
  fi
done

step "the development layout: the built dg.<platform>.node next to the loader, npm install ./node"
# The library napi just built is the one the tests load and node/scripts/package.sh ships (no
# second Rust build). The package has no install script: from a checkout it takes the .node in
# node/, from the tarballs the platform package (scripts/package.sh, scripts/install-test.sh).
rm -f dg.*.node
mv "$generated"/dg.*.node .
(
  cd "$app"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "$node_dir"
  node -e "const { DeepgramClient } = require('@dg-sdk/dg'); if (typeof DeepgramClient !== 'function') process.exit(1)"
  node --input-type=module -e "import { DeepgramClient } from '@dg-sdk/dg'; if (typeof DeepgramClient !== 'function') process.exit(1)"
)

step "tsc --strict on the typed example"
npx --no-install tsc -p examples/tsconfig.json

step "build the emulator"
cargo build --release --quiet -p dg-emulator -p dg-workspace-hack
export DG_EMULATOR="$DG_BIN_DIR/dg-emulator"

step "node --test"
node --test --test-concurrency=1 test/*.test.js
