#!/usr/bin/env bash
# Builds dg-sdk's Python distributions into DIST (default: dist/ at the repository root):
#   dg_sdk-<version>-cp310-abi3-manylinux_2_34_x86_64.whl
#       one wheel for every CPython >= 3.10 (pyo3's abi3-py310, pyproject's requires-python) on
#       Linux x86_64 with glibc >= 2.34; the native module is stripped (pyproject: strip = true)
#       and links only the system's libc, libm and libgcc_s. The manylinux tag is the one its
#       contents satisfy: maturin refuses to write it otherwise (--auditwheel check), and
#       auditwheel (from PyPI) is asked again below. Why 2.34: built here against glibc 2.36, the
#       module needs symbols versioned up to GLIBC_2.34 (pthread moved into libc in 2.34); an
#       older glibc floor needs a build on an older system (a manylinux container), a second
#       build of everything. DG_MANYLINUX overrides the tag (maturin checks it the same way).
#   dg_sdk-<version>.tar.gz
#       the sdist: `pip install dg_sdk-<version>.tar.gz` builds the wheel with a Rust toolchain
#       (1.85+) and crates.io, from its own contents: maturin puts the workspace's path crates
#       it needs in it (bindings/dg-py, crates/dg-core, crates/dg-emulator, the workspace
#       Cargo.toml and Cargo.lock); this script adds crates/dg-workspace-hack and
#       crates/dg-recognizer-abi, optional path dependencies (of dg-py, and of dg-emulator's
#       `recognizer` feature) that maturin leaves out although cargo must read their manifests
#       to resolve the workspace. python/scripts/sdist-test.sh builds a wheel from it.
# The wheel is the build python/scripts/test.sh makes (release, --features workspace-hack, the
# shared target dir and target triple of scripts/env.sh, the same pyo3 abi3 configuration):
# after it, only the final link runs again.
# Usage: python/scripts/package.sh [DIST]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
PY_DIR=$DG_ROOT/python
DIST=${1:-$DG_ROOT/dist}
mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)
MANYLINUX=${DG_MANYLINUX:-manylinux_2_34}

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# The tools, in their own venv under the ignored target dir (auditwheel needs Python 3.10+).
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
TOOLS=${DG_PACKAGE_TOOLS:-$CARGO_TARGET_DIR/package-tools}
if [[ ! -x $TOOLS/bin/python ]]; then
  step "python package: tool venv ($("$PYTHON" --version))"
  "$PYTHON" -m venv "$TOOLS"
fi
step "python package: maturin and auditwheel (python/scripts/requirements-package.txt)"
"$TOOLS/bin/pip" install --quiet --disable-pip-version-check -r "$PY_DIR/scripts/requirements-package.txt"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$DG_ROOT/Cargo.toml" | head -1)
rm -f "$DIST"/dg_sdk-"$version"-*.whl "$DIST"/dg_sdk-"$version".tar.gz

step "python package: abi3 wheel ($MANYLINUX)"
cd "$PY_DIR"
"$TOOLS/bin/maturin" build --release --features workspace-hack \
  --compatibility "$MANYLINUX" --auditwheel check \
  --interpreter "$PYTHON" --out "$DIST"
wheel=$(ls "$DIST"/dg_sdk-"$version"-cp310-abi3-"$MANYLINUX"_*.whl)

step "python package: check the wheel"
"$TOOLS/bin/python" - "$wheel" <<'EOF'
import sys, zipfile, io
from elftools.elf.elffile import ELFFile
path = sys.argv[1]
with zipfile.ZipFile(path) as wheel:
    names = wheel.namelist()
    wheel_file = next(n for n in names if n.endswith(".dist-info/WHEEL"))
    tags = [l.split(": ", 1)[1] for l in wheel.read(wheel_file).decode().splitlines() if l.startswith("Tag: ")]
    metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    modules = [n for n in names if n.endswith(".so")]
    assert modules == ["dg/_native.abi3.so"], modules
    elf = ELFFile(io.BytesIO(wheel.read(modules[0])))
    assert elf.get_section_by_name(".symtab") is None, "dg/_native.abi3.so is not stripped"
    needed = sorted(t.needed for t in elf.get_section_by_name(".dynamic").iter_tags() if t.entry.d_tag == "DT_NEEDED")
    for required in ["dg/py.typed", "dg/_native.pyi", "dg/__init__.py"]:
        assert required in names, f"{required} missing"
    assert "Requires-Python: >=3.10" in metadata, "Requires-Python is not >=3.10"
print(f"tags: {', '.join(tags)}; Requires-Python >=3.10; dg/_native.abi3.so stripped, needs {', '.join(needed)}")
EOF
show=$("$TOOLS/bin/auditwheel" show "$wheel" 2>/dev/null)
echo "$show"
# The most compatible tag auditwheel finds must be one ours may claim: same or older glibc.
best=$(tr -s ' \n' ' ' <<<"$show" | sed -n 's/.*consistent with the following platform tag: "\([^"]*\)".*/\1/p')
[[ $best =~ ^manylinux_2_([0-9]+)_ ]] || fail "auditwheel found no manylinux tag for the wheel: $best"
best_minor=${BASH_REMATCH[1]}
[[ $MANYLINUX =~ ^manylinux_2_([0-9]+)$ ]] || fail "DG_MANYLINUX must be manylinux_2_NN, not $MANYLINUX"
((best_minor <= BASH_REMATCH[1])) || fail "the wheel needs $best, it cannot be tagged $MANYLINUX"
echo "auditwheel: the wheel satisfies $best, so its tag ${MANYLINUX}_x86_64 is correct"

step "python package: sdist"
# maturin sdist first probes `cargo metadata --manifest-path Cargo.toml` in python/ (before
# reading pyproject's manifest-path): its "error: manifest path `Cargo.toml` does not exist"
# is that probe, not a failure.
"$TOOLS/bin/maturin" sdist --out "$DIST"
sdist=$DIST/dg_sdk-$version.tar.gz
[[ -f $sdist ]] || fail "maturin wrote no $sdist"
"$TOOLS/bin/python" - "$sdist" "$DG_ROOT" <<'EOF'
# Adds the optional path crates (see the top of this script), keeping maturin's entries as
# they are, then checks every manifest of the workspace is in the sdist.
import gzip, io, os, sys, tarfile, tomllib
sdist, root = sys.argv[1], sys.argv[2]
with tarfile.open(sdist) as tar:
    members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
prefix = members[0][0].name.split("/")[0]
have = {m.name for m, _ in members}
template = next(m for m, _ in members if m.isfile())
for rel in [f"crates/{crate}/{file}" for crate in ["dg-workspace-hack", "dg-recognizer-abi"]
            for file in ["Cargo.toml", "src/lib.rs"]]:
    name = f"{prefix}/{rel}"
    if name in have:
        continue
    data = open(os.path.join(root, rel), "rb").read()
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o644, template.mtime
    members.append((info, data))
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as out:
    for info, data in members:
        out.addfile(info, io.BytesIO(data) if data is not None else None)
with open(sdist, "wb") as f:
    f.write(gzip.compress(buffer.getvalue(), mtime=0))
files = {m.name for m, _ in members}
workspace = tomllib.loads(dict((m.name, d) for m, d in members)[f"{prefix}/Cargo.toml"].decode())
paths = [d["path"] for d in workspace["workspace"]["dependencies"].values() if isinstance(d, dict) and "path" in d]
missing = [p for p in paths if f"{prefix}/{p}/Cargo.toml" not in files]
assert not missing, f"the sdist lacks the path crates {missing}"
print(f"{len(files)} entries; path crates of the workspace: {', '.join(sorted(paths))}")
EOF
# Cargo resolves the sdist's workspace from its own files, offline, to the locked versions: its
# smaller workspace only drops lock entries (so --locked would refuse), never changes one.
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
tar -xzf "$sdist" -C "$check"
cp "$check/dg_sdk-$version/Cargo.lock" "$check/Cargo.lock.sdist"
(cd "$check/dg_sdk-$version" && cargo metadata --offline --format-version 1 >/dev/null) \
  || fail "cargo cannot resolve the sdist's workspace offline"
"$TOOLS/bin/python" - "$check/Cargo.lock.sdist" "$check/dg_sdk-$version/Cargo.lock" <<'EOF'
import sys, tomllib
def packages(path):
    with open(path, "rb") as f:
        return {(p["name"], p["version"], p.get("checksum")) for p in tomllib.load(f)["package"]}
shipped, resolved = packages(sys.argv[1]), packages(sys.argv[2])
changed = sorted(resolved - shipped)
assert not changed, f"resolving the sdist changes the lock: {changed}"
print(f"cargo resolves the sdist offline to {len(resolved)} of its {len(shipped)} locked packages, none changed")
EOF

step "python package: $DIST"
stat -c '  %9s  %n' "$wheel" "$sdist"
