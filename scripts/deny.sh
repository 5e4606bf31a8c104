#!/usr/bin/env bash
# Checks the dependency graph against deny.toml: licenses, banned and duplicate crates,
# wildcard requirements, and that every crate comes from crates.io. No advisories check: the
# advisory database cannot be fetched here.
#
# Usage: scripts/deny.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$DG_ROOT"

source scripts/cargo-tool.sh

cargo_tool cargo-deny 0.20.2 ae708f458c23ce1eecfd8f169befbb47424bdc21ecf0965e36db3b1d98400fee

# The only download: the locked crates, from crates.io (every platform's, since the check
# covers them all). cargo deny itself then stays offline: it never fetches an advisory
# database, which only the `advisories` check would read.
cargo fetch --locked
cargo deny --offline --locked check licenses bans sources
