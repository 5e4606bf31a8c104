#!/usr/bin/env bash
# Fetches the CTranslate2 library the emulator's `recognizer` feature links (ct2rs with its
# `system` feature): the shared libraries of PyPI's `ctranslate2` wheel (CTranslate2 with oneMKL
# and oneDNN linked in, and the GNU OpenMP runtime it was built with), so no build compiles
# CTranslate2 with cmake. The wheel is downloaded with pip, checked against a pinned sha256, and
# its `ctranslate2.libs/` unpacked, with a `libctranslate2.so` link for the linker and the four
# empty static archives ct2rs's build script asks for on Linux with `system`
# (cublas_static, cublasLt_static, culibos, cpu_features: all are inside the wheel's library or
# unused on a CPU).
#
#   scripts/fetch-ctranslate2.sh [DIR]
#
# DIR defaults to $DG_CTRANSLATE2_DIR, which scripts/env.sh sets to
# $XDG_CACHE_HOME/dg/ctranslate2-<version> (~/.cache/... without XDG_CACHE_HOME) when unset: the
# folder ct2rs's build script links from (CMAKE_LIBRARY_PATH, env.sh) and
# crates/dg-recognizer-ct2/build.rs writes into the recognizer plugin's rpath. Running it again with the library in place does nothing.
#
# The wheel's version must be the CTranslate2 version whose headers ct2rs vendors (the C++ API
# is compiled against those headers): this script fails when the locked ct2rs vendors another,
# or when crates/dg-recognizer-ct2/build.rs or scripts/env.sh names another.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

package=ctranslate2
version=4.8.4
# Linux x86_64 only (the platform the wheel is pinned for). The libraries do not depend on the
# Python version; cp311 pins one wheel whatever python3 runs pip.
wheel=ctranslate2-$version-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl
wheel_sha256=1037b3f51d18f1546120686670d71fcdaf85a0500fffccc56d8439ded5d284e5

if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  echo "error: the pinned $package wheel is for Linux x86_64, not $(uname -s) $(uname -m)" >&2
  exit 1
fi

# The headers ct2rs compiles against: CTranslate2/python/ctranslate2/version.py of the locked
# ct2rs, in cargo's registry (fetched when missing).
ct2rs=$(awk '/^name = "ct2rs"$/ { getline; gsub(/"/, "", $3); print $3 }' "$DG_ROOT/Cargo.lock")
find_vendored() {
  compgen -G "${CARGO_HOME:-$HOME/.cargo}/registry/src/*/ct2rs-$ct2rs/CTranslate2/python/ctranslate2/version.py" | head -n1 || true
}
vendored_file=$(find_vendored)
if [[ -z $vendored_file ]]; then
  (cd "$DG_ROOT" && cargo fetch --locked --quiet)
  vendored_file=$(find_vendored)
fi
vendored=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$vendored_file" 2>/dev/null || true)
if [[ $vendored != "$version" ]]; then
  echo "error: ct2rs $ct2rs (Cargo.lock) vendors the headers of CTranslate2 ${vendored:-?}, but this" \
    "script fetches the library of $package $version: pin them to the same version" >&2
  exit 1
fi
if ! grep -q "^const CTRANSLATE2_VERSION: &str = \"$version\";" "$DG_ROOT/crates/dg-recognizer-ct2/build.rs"; then
  echo "error: crates/dg-recognizer-ct2/build.rs does not link CTranslate2 $version (CTRANSLATE2_VERSION)" >&2
  exit 1
fi
if ! grep -q "/dg/ctranslate2-$version}" "$DG_ROOT/scripts/env.sh"; then
  echo "error: scripts/env.sh does not point DG_CTRANSLATE2_DIR at ctranslate2-$version" >&2
  exit 1
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}
dest=${1:-${DG_CTRANSLATE2_DIR:-$cache/dg/ctranslate2-$version}}
stamp=$dest/dg-ctranslate2.json

if [[ -f $stamp ]] && grep -q "\"$wheel_sha256\"" "$stamp"; then
  echo "the CTranslate2 library is already in $dest"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "downloading $package==$version from PyPI"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
  --dest "$work" "$package==$version"
(cd "$work" && echo "$wheel_sha256  $wheel" | sha256sum --check --quiet -) || {
  echo "error: $wheel does not have the pinned sha256 $wheel_sha256" >&2
  exit 1
}

# Unpacked next to the destination and renamed into place, so an interrupted run never leaves
# a half-written folder where the build links from.
mkdir -p "$(dirname "$dest")"
staging=$(mktemp -d "$dest.partial.XXXXXX")
chmod 755 "$staging"
trap 'rm -rf "$work" "$staging"' EXIT
python3 - "$work/$wheel" "$staging" <<'EOF'
import pathlib, sys, zipfile

wheel, staging = sys.argv[1], pathlib.Path(sys.argv[2])
prefix = "ctranslate2.libs/"
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        name = member[len(prefix):]
        if member.startswith(prefix) and name and "/" not in name:
            (staging / name).write_bytes(archive.read(member))
            (staging / name).chmod(0o755)
EOF
library=$(cd "$staging" && compgen -G "libctranslate2-*.so.$version" || true)
if [[ -z $library ]] || ! compgen -G "$staging/libgomp-*.so*" >/dev/null; then
  echo "error: the wheel has no ctranslate2.libs/libctranslate2-*.so.$version or libgomp" >&2
  exit 1
fi
# The linker finds the library as -lctranslate2; binaries then record its soname (the file).
ln -s "$library" "$staging/libctranslate2.so"
for name in cublas_static cublasLt_static culibos cpu_features; do
  (cd "$staging" && ar rc "lib$name.a")
done
# What tells a later run (and the build) that the folder is complete.
cat > "$staging/dg-ctranslate2.json" <<EOF
{"name": "$package", "version": "$version", "sha256": "$wheel_sha256"}
EOF

rm -rf "$dest"
mv "$staging" "$dest"
echo "the CTranslate2 library is in $dest"
