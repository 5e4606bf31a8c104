#!/usr/bin/env bash
# Builds the npm packages users install, as `npm pack` tarballs in DIST (default: dist/ at the
# top of the checkout), in napi-rs's layout:
#
#   dg-sdk-dg-linux-x64-gnu-<version>.tgz  @dg-sdk/dg-linux-x64-gnu: the stripped release
#                                          library dg.linux-x64-gnu.node (`os`, `cpu`, `libc`,
#                                          `main`), written by `napi create-npm-dirs`;
#   dg-sdk-dg-<version>.tgz                @dg-sdk/dg: the JavaScript and the types, with the
#                                          platform package in `optionalDependencies` at the
#                                          same version (`napi pre-publish`); no .node, no
#                                          Rust, no install script.
#
# It reuses node/dg.<platform>.node, which node/scripts/test.sh builds; it builds it (release,
# `node scripts/build.js`) only when it is missing or older than the Rust sources it comes from.
set -euo pipefail
node_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$node_dir/../scripts/env.sh"
dist=$(realpath -m "${1:-$DG_ROOT/dist}")
cd "$node_dir"

say() { printf 'package: %s\n' "$*"; }

# napi-rs's name for this platform (linux-x64-gnu), as the loader asks for it.
platform=$(node -p "
  const { platform, arch } = process;
  platform === 'linux'
    ? \`linux-\${arch}-\${process.report.getReport().header.glibcVersionRuntime ? 'gnu' : 'musl'}\`
    : platform === 'win32' ? \`win32-\${arch}-msvc\` : \`\${platform}-\${arch}\`")
addon="dg.$platform.node"

# The addon test.sh built, unless a source of the binding or the core is newer.
stale=
if [[ -f $addon ]]; then
  stale=$(find ../bindings/dg-node ../crates/dg-core -newer "$addon" \
    \( -name '*.rs' -o -name Cargo.toml \) -print -quit)
fi
if [[ ! -f $addon || -n $stale ]]; then
  say "building $addon${stale:+ ($stale is newer)}"
  DG_CARGO_FEATURES=${DG_CARGO_FEATURES:-workspace-hack} node scripts/build.js
else
  say "reusing $addon (built $(date -r "$addon" '+%F %T'))"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/dg

# The main package: exactly the files its `files` list ships (as npm pack would take them
# from node/), with a package.json for users: no scripts, no development dependencies, and the
# one napi target this machine builds.
mkdir -p "$stage"
node -e '
  const list = JSON.parse(process.argv[1])[0].files.map((f) => f.path);
  console.log(list.filter((f) => f !== "package.json").join("\n"));
' "$(npm pack --dry-run --json --ignore-scripts 2>/dev/null)" |
  while IFS= read -r file; do
    mkdir -p "$stage/$(dirname "$file")"
    cp "$file" "$stage/$file"
  done
node -e '
  const fs = require("node:fs");
  const [from, to, target] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(from, "utf8"));
  delete pkg.scripts;
  delete pkg.devDependencies;
  pkg.napi = { ...pkg.napi, targets: [target] };
  fs.writeFileSync(to, JSON.stringify(pkg, null, 2) + "\n");
' package.json "$stage/package.json" "$CARGO_BUILD_TARGET"

# The platform package, by napi-rs's own tooling: `create-npm-dirs` writes npm/<platform>/
# (package.json with os, cpu, libc and main), the stripped addon goes in, and `pre-publish`
# (without publishing anything) names it in the main package's optionalDependencies.
napi() { "$node_dir/node_modules/.bin/napi" "$@"; }
napi create-npm-dirs --cwd "$stage" >"$work/napi.log" 2>&1 || { cat "$work/napi.log" >&2; exit 1; }
platform_dir=$stage/npm/$platform
[[ -f $platform_dir/package.json ]] || { echo "package: napi wrote no npm/$platform" >&2; exit 1; }
cp "$addon" "$platform_dir/$addon"
strip --strip-unneeded "$platform_dir/$addon"
napi pre-publish --cwd "$stage" --skip-optional-publish --no-gh-release >"$work/napi.log" 2>&1 ||
  { cat "$work/napi.log" >&2; exit 1; }

# What the main package ships is checked, not assumed: no binary, no Rust, no install script,
# nothing outside the package, and the platform package at the same version.
node -e '
  const fs = require("node:fs");
  const path = require("node:path");
  const [stage, platformDir] = process.argv.slice(1);
  const main = JSON.parse(fs.readFileSync(path.join(stage, "package.json"), "utf8"));
  const plat = JSON.parse(fs.readFileSync(path.join(platformDir, "package.json"), "utf8"));
  const fail = (m) => { console.error(`package: ${m}`); process.exit(1); };
  if (main.optionalDependencies?.[plat.name] !== main.version || plat.version !== main.version)
    fail(`${main.name}@${main.version} must name ${plat.name}@${plat.version} in optionalDependencies`);
  for (const s of ["preinstall", "install", "postinstall", "prepare"])
    if (main.scripts?.[s] || plat.scripts?.[s]) fail(`an install script (${s}) would run on a user install`);
  if (!fs.existsSync(path.join(platformDir, plat.main))) fail(`${plat.name}: main ${plat.main} is missing`);
' "$stage" "$platform_dir"

mkdir -p "$dist"
rm -f "$dist"/dg-sdk-dg-*.tgz
(cd "$platform_dir" && npm pack --ignore-scripts --silent --pack-destination "$dist" >/dev/null)
(cd "$stage" && rm -rf npm && npm pack --ignore-scripts --silent --pack-destination "$dist" >/dev/null)

for tarball in "$dist"/dg-sdk-dg-*.tgz; do
  listing=$(tar -tzf "$tarball")
  if [[ $tarball != *-"$platform"-* ]] && grep -E '\.node$|\.rs$|Cargo\.toml$|(^|/)scripts/' <<<"$listing"; then
    echo "package: $tarball ships a binary, Rust sources or build scripts" >&2
    exit 1
  fi
  if [[ $tarball != *-"$platform"-* ]] && tar -xzOf "$tarball" --wildcards 'package/*.js' | grep -n "crates/\|bindings/dg-node\|'\.\./\.\./"; then
    echo "package: $tarball reaches outside the package" >&2
    exit 1
  fi
  say "$(du -h "$tarball" | cut -f1)  $tarball ($(wc -l <<<"$listing") files)"
done
