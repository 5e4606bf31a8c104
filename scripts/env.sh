# Sourced by every project script: one shared target/ and one pinned target triple, so cargo,
# maturin and napi (which always passes --target) reuse the same compiled crates.
DG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DG_ROOT
CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}
export CARGO_BUILD_TARGET
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$DG_ROOT/target}
# Where release binaries land.
export DG_BIN_DIR=$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release
# The CTranslate2 library scripts/fetch-ctranslate2.sh unpacks, which the emulator's `recognizer`
# feature links. ct2rs's build script (feature `system`) takes its link search path only from
# CMAKE_LIBRARY_PATH (or LIBRARY_PATH), and needs it for its stub archives, so it is set here,
# once: a changed value would rebuild ct2rs. crates/dg-recognizer-ct2/build.rs adds the rpath.
export DG_CTRANSLATE2_DIR=${DG_CTRANSLATE2_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dg/ctranslate2-4.8.4}
case ":${CMAKE_LIBRARY_PATH:-}:" in
  *":$DG_CTRANSLATE2_DIR:"*) ;;
  *) export CMAKE_LIBRARY_PATH=$DG_CTRANSLATE2_DIR${CMAKE_LIBRARY_PATH:+:$CMAKE_LIBRARY_PATH} ;;
esac
