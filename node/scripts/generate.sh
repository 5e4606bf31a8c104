#!/usr/bin/env bash
# Builds the binding with napi's CLI (release profile, the pinned target of scripts/env.sh) and
# writes the generated loader (native.js), its types (native.d.ts) and the .node library into
# node/, or into the directory given as $1 (test.sh compares that with the committed files).
set -euo pipefail
node_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$node_dir/../scripts/env.sh"
out=${1:-$node_dir}
cd "$node_dir"
npx --no-install napi build \
  --manifest-path ../bindings/dg-node/Cargo.toml \
  --package-json-path package.json \
  --platform --release \
  --target "$CARGO_BUILD_TARGET" \
  ${DG_CARGO_FEATURES:+--features "$DG_CARGO_FEATURES"} \
  --output-dir "$out" \
  --js native.js \
  --dts native.d.ts
