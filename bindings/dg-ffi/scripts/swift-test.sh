#!/usr/bin/env bash
# Compiles the Swift package (bindings/dg-ffi/swift) on Linux and runs its XCTest suite against
# dg-emulator. The Swift toolchain is Debian trixie's `swiftlang` (6.0.3, from the Debian archive)
# in a minbase chroot made once with debootstrap and cached (DG_SWIFT_CHROOT, default
# ~/.cache/dg/swift-trixie; `debootstrap` is installed with apt if missing). Root is needed
# (debootstrap, chroot, mounting /proc); every mount is undone on exit, failure included.
# The package and the release libdg_ffi.so are copied into the chroot; dg-emulator runs outside
# it on a free loopback port (the chroot shares the network namespace), and the tests get its
# URL in DG_TEST_URL; tests that count streams start their own from a copy of the binary in the
# chroot (DG_EMULATOR). tests/fixtures/audio, tests/conformance/cases and tests/schema are
# copied in, at the same places under /dg/tests (DG_FIXTURES is /dg/tests/fixtures), for the
# conformance runner (Tests/DgTests/ConformanceTests.swift), whose summary line ends the run.
# With --package TARBALL (what bindings/dg-ffi/scripts/package-swift.sh makes), it then also
# unpacks it in the chroot (which has no cargo or rustc), builds a new package depending on it
# whose main.swift is the README's Swift quick start, and runs it on the recorded preamble.
# Usage: bindings/dg-ffi/scripts/swift-test.sh [--setup-only | --package TARBALL]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
FFI=$DG_ROOT/bindings/dg-ffi
ROOT=${DG_SWIFT_CHROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/dg/swift-trixie}
MIRROR=${DG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
READY=$ROOT/.dg-swift-ready   # written last, with PACKAGES: the chroot is complete
# swiftlang 6.0.3 and what linking needs; ca-certificates because dg's TLS verifier reads the
# system's roots and refuses to build a client without any.
PACKAGES="swiftlang libc6-dev ca-certificates"

fail() { echo "swift-test: $*" >&2; exit 1; }
sudo=; [[ $(id -u) == 0 ]] || sudo=sudo

# Mounts made by this run, undone (in reverse) by the EXIT trap; lazy unmount as a last resort.
mounts=()
emulator_pid=
cleanup() {
  local i
  [[ -n $emulator_pid ]] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    $sudo umount "${mounts[i]}" 2>/dev/null || $sudo umount -l "${mounts[i]}" 2>/dev/null || true
  done
  [[ -n ${work:-} ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_proc() { # $1: chroot; one left by a killed run (runs are serialized below) is taken over
  mountpoint -q "$1/proc" || $sudo mount -t proc proc "$1/proc"
  mounts+=("$1/proc")
}
# One run at a time per chroot (they share its /proc and /dg).
mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock 9

apt_install() { # $1: chroot
  $sudo chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES && apt-get clean" \
    >>"$ROOT.log" 2>&1 || { tail -20 "$ROOT.log" >&2; fail "apt-get install $PACKAGES failed (log: $ROOT.log)"; }
}

if [[ -f $READY && $(cat "$READY") != "$PACKAGES" ]]; then
  echo "== the chroot has $(cat "$READY"): installing $PACKAGES"
  mount_proc "$ROOT"
  apt_install "$ROOT"
  echo "$PACKAGES" | $sudo tee "$READY" >/dev/null
fi
if [[ ! -f $READY ]]; then
  start=$SECONDS
  if ! command -v debootstrap >/dev/null; then
    echo "== installing debootstrap (apt)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  # Built in a staging folder and renamed when complete, so an interrupted run starts over.
  stage=$ROOT.partial
  if [[ -d $stage ]]; then
    if mountpoint -q "$stage/proc"; then $sudo umount -l "$stage/proc"; fi
    $sudo rm -rf --one-file-system "$stage"
  fi
  echo "== debootstrap --variant=minbase trixie $stage"
  $sudo debootstrap --variant=minbase trixie "$stage" "$MIRROR" >"$ROOT.log" 2>&1 \
    || { tail -20 "$ROOT.log" >&2; fail "debootstrap failed (log: $ROOT.log)"; }
  mount_proc "$stage"
  echo "== apt-get install $PACKAGES (in the chroot)"
  apt_install "$stage"
  $sudo umount "$stage/proc"; mounts=()
  [[ -x $stage/usr/libexec/swift/bin/swift ]] || fail "no /usr/libexec/swift/bin/swift in the chroot"
  echo "$PACKAGES" | $sudo tee "$stage/.dg-swift-ready" >/dev/null
  [[ -d $ROOT ]] && $sudo rm -rf --one-file-system "$ROOT"
  $sudo mv "$stage" "$ROOT"
  echo "chroot made in $((SECONDS - start)) s: $ROOT"
fi
[[ ${1:-} == --setup-only ]] && exit 0
tarball=
if [[ ${1:-} == --package ]]; then
  tarball=$(realpath "${2:?--package needs the tarball}")
  [[ -f $tarball ]] || fail "no $tarball"
fi

# The release library and emulator of bindings/dg-ffi/scripts/test.sh (same cargo command: after
# it, cargo only checks they are current).
cargo build --release --quiet -p dg-ffi -p uniffi-bindgen -p dg-emulator -p dg-workspace-hack

# Inside the chroot: /dg/swift (the package; its .build kept between runs for a fast rebuild),
# /dg/lib/libdg_ffi.so, /dg/bin/dg-emulator, and /dg/tests (fixtures/audio, conformance/cases,
# schema). Copied, not bind-mounted: nothing to leave mounted.
$sudo mkdir -p "$ROOT/dg/swift" "$ROOT/dg/lib" "$ROOT/dg/bin" "$ROOT/dg/tests/fixtures" "$ROOT/dg/tests/conformance"
$sudo find "$ROOT/dg/swift" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
tar -C "$FFI/swift" --exclude=./.build --exclude=./DgFFI.xcframework -cf - . | $sudo tar -C "$ROOT/dg/swift" -xf -
$sudo cp "$DG_BIN_DIR/libdg_ffi.so" "$ROOT/dg/lib/libdg_ffi.so"
$sudo cp "$DG_BIN_DIR/dg-emulator" "$ROOT/dg/bin/dg-emulator"
# (/dg/fixtures: where runs before /dg/tests kept the audio.)
$sudo rm -rf "$ROOT/dg/fixtures" "$ROOT/dg/tests/fixtures/audio" "$ROOT/dg/tests/conformance/cases" "$ROOT/dg/tests/schema"
$sudo cp -a "$DG_ROOT/tests/fixtures/audio" "$ROOT/dg/tests/fixtures/audio"
$sudo cp -a "$DG_ROOT/tests/conformance/cases" "$ROOT/dg/tests/conformance/cases"
$sudo cp -a "$DG_ROOT/tests/schema" "$ROOT/dg/tests/schema"
mount_proc "$ROOT"

# dg-emulator outside the chroot (it shares the network namespace), on a free loopback port.
work=$(mktemp -d)
cp "$DG_BIN_DIR/dg-emulator" "$work/dg-emulator"
env -u DG_EMULATOR_ADMIN_KEY "$work/dg-emulator" --addr 127.0.0.1:0 --json >"$work/emulator.json" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do [[ -s $work/emulator.json ]] && break; sleep 0.1; done
info=$(head -1 "$work/emulator.json")
field() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$info" "$1"; }
url=$(field url) project=$(field project_id) key=$(field owner_key) \
  || { cat "$work/emulator.log" >&2; fail "dg-emulator did not start"; }
echo "== dg-emulator at $url (pid $emulator_pid)"

in_chroot() {
  $sudo chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
    PATH=/usr/libexec/swift/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LD_LIBRARY_PATH=/usr/libexec/swift/lib/swift/linux:/dg/lib \
    DG_TEST_URL="$url" DG_TEST_PROJECT_ID="$project" DG_TEST_KEY="$key" DG_FIXTURES=/dg/tests/fixtures \
    DG_EMULATOR=/dg/bin/dg-emulator \
    sh -c "cd /dg/swift && $1"
}
start=$SECONDS
echo "== swift build (in the chroot: $(in_chroot 'swift --version 2>&1 | head -1'))"
set +e
in_chroot 'swift build --build-tests -Xlinker -L/dg/lib 2>&1' >"$work/build.log"
status=$?
set -e
# The progress lines ("[12/40] Compiling ...") only on failure.
grep -v '^\[[0-9]*/[0-9]*\] ' "$work/build.log" || true
[[ $status == 0 ]] || { tail -40 "$work/build.log" >&2; fail "swift build failed (exit $status)"; }
echo "swift build: $((SECONDS - start)) s"
start=$SECONDS
echo "== swift test"
set +e
in_chroot 'swift test --skip-build -Xlinker -L/dg/lib 2>&1' | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e
echo "swift test: $((SECONDS - start)) s"
# XCTest's closing line ("Executed N tests, with F failures ...") of the whole run.
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?" "$work/test.log" | tail -1)
[[ -n $summary ]] || fail "swift test failed (exit $status): no XCTest summary"
total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
failures=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
[[ $status == 0 && $failures == 0 ]] || fail "swift test failed (exit $status): $summary"
echo "dg-ffi swift: $((total - failures)) passed, $failures failed, 0 skipped"
# The conformance runner's summary and the cases Swift cannot express, again at the end.
grep -E '^conformance \(swift\)|^  not expressible in Swift' "$work/test.log" || fail "no conformance (swift) summary"

[[ -n $tarball ]] || exit 0
start=$SECONDS
echo "== the quick start from $(basename "$tarball") (a new package in the chroot, no Rust toolchain)"
qs=$ROOT/dg/quickstart
# Its .build is kept between runs; the package and the program are replaced.
$sudo mkdir -p "$qs/app/Sources/Quickstart"
$sudo rm -rf "$qs/dg-swift"
$sudo tar -C "$qs" -xzf "$tarball"
$sudo tee "$qs/app/Package.swift" >/dev/null <<'SWIFT'
// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "Quickstart",
    dependencies: [.package(path: "../dg-swift")],
    targets: [.executableTarget(name: "Quickstart", dependencies: [.product(name: "Dg", package: "dg-swift")])]
)
SWIFT
# main.swift: the first swift block under the README's "Install the Swift package" heading.
awk '/^## Install the Swift package/{on=1} on&&/^```swift$/{code=1; next} code&&/^```$/{exit} code' \
  "$FFI/README.md" | $sudo tee "$qs/app/Sources/Quickstart/main.swift" >/dev/null
[[ -s $qs/app/Sources/Quickstart/main.swift ]] || fail "no swift block under README's Install the Swift package"
set +e
$sudo chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
  PATH=/usr/libexec/swift/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LD_LIBRARY_PATH=/usr/libexec/swift/lib/swift/linux:/dg/quickstart/dg-swift/lib \
  DEEPGRAM_API_KEY="$key" DG_BASE_URL="$url" \
  sh -c 'cd /dg/quickstart/app && swift build -Xlinker -L/dg/quickstart/dg-swift/lib >build.log 2>&1 || { cat build.log; exit 1; }
         ! command -v cargo && ! command -v rustc && .build/debug/Quickstart /dg/tests/fixtures/audio/preamble-rest.wav' \
  >"$work/quickstart.log" 2>&1
status=$?
set -e
cat "$work/quickstart.log"
[[ $status == 0 ]] || fail "the quick start failed (exit $status)"
grep -q "^We, the people of The United States.*United States Of America\.$" "$work/quickstart.log" \
  || fail "the quick start did not print the recorded transcript"
echo "dg-ffi swift package: the quick start printed the recorded transcript ($((SECONDS - start)) s)"
