#!/usr/bin/env bash
# Builds the `dg` command's release tarball into DIST (default: dist/ at the repository root):
#   dg-<version>-<target triple>.tar.gz, one folder of the same name holding
#     dg                       the release binary, stripped
#     completions/dg.bash      bash (`source` it, or copy it to bash-completion's completions dir)
#     completions/_dg          zsh (a folder of $fpath)
#     completions/dg.fish      fish (~/.config/fish/completions/)
#     man/man1/dg.1, dg-*.1    man pages, one per command (`MANPATH=…/man man dg-transcribe`)
#     README.md, LICENSE
# The completions and man pages are written by the binary itself from its clap definition
# (`dg __generate DIR`, hidden; clap_complete and clap_mangen), so they cannot drift from it.
# The build is the workspace test build's `dg` (scripts/test.sh: release, the shared target dir,
# with dg-workspace-hack so every dependency has the workspace's features; `-p dg-cli` alone
# would compile clap, serde_json, yoke and what is above them again), default features (no
# recognizer).
# Usage: crates/dg-cli/scripts/package.sh [DIST]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
DIST=${1:-$DG_ROOT/dist}
mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)

step() { printf '\n== %s\n' "$*"; }

step "cli: build dg (release)"
cargo build --release --quiet -p dg-cli -p dg-workspace-hack
version=$("$DG_BIN_DIR/dg" --version | awk '{print $2}')
name=dg-$version-$CARGO_BUILD_TARGET

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/$name
mkdir -p "$root"

step "cli: stage $name"
cp "$DG_BIN_DIR/dg" "$root/dg"
strip --strip-all "$root/dg"
"$root/dg" __generate "$root" >/dev/null
cp "$DG_ROOT/README.md" "$root/README.md"
# dg is MIT OR Apache-2.0 (Cargo.toml): both texts, and what the binary carries.
cp "$DG_ROOT/LICENSE-MIT" "$DG_ROOT/LICENSE-APACHE" "$root/"
license=$(sed -n 's/^license = "\(.*\)"$/\1/p' "$DG_ROOT/Cargo.toml")
repository=$(sed -n 's/^repository = "\(.*\)"$/\1/p' "$DG_ROOT/Cargo.toml")
cat >"$root/LICENSE" <<EOF
dg $version is licensed under $license (SPDX), at your option: LICENSE-MIT, LICENSE-APACHE.
Source: $repository

The binary includes third-party Rust crates under their own licenses (MIT, Apache-2.0 and
others that deny.toml of the repository allows); \`cargo deny\` lists them from its Cargo.lock.
EOF

step "cli: tar"
out=$DIST/$name.tar.gz
# Reproducible: sorted names, no owners, the last commit's time, gzip without a timestamp.
epoch=$(git -C "$DG_ROOT" log -1 --format=%ct 2>/dev/null || date +%s)
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -cf - "$name" | gzip -n -9 >"$out.tmp"
mv "$out.tmp" "$out"
tar -tzvf "$out" | awk '{printf "  %9s  %s\n", $3, $6}'
glibc=$(objdump -T "$root/dg" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
printf '%s: %s bytes (dg %s bytes, stripped; needs %s or later)\n' "$out" "$(stat -c %s "$out")" \
  "$(stat -c %s "$root/dg")" "${glibc/_/ }"
