# Sourced by every project script: one shared target/ and one pinned target triple, so cargo,
# maturin and napi (which always passes --target) reuse the same compiled crates.
DG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DG_ROOT
CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}
export CARGO_BUILD_TARGET
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$DG_ROOT/target}
# Where release binaries land.
export DG_BIN_DIR=$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release
