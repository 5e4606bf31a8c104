#!/usr/bin/env bash
# Builds the Kotlin/JVM artifacts users install into DIST (default: dist/ at the repository root):
#   dg-kotlin-<version>.jar          the generated and hand-written Kotlin (kotlin/src/main),
#                                    compiled by kotlin/pom.xml's own build (profile `dist`), with
#                                    the stripped release libdg_ffi.so inside at JNA's resource
#                                    path for this platform (linux-x86-64/libdg_ffi.so): UniFFI's
#                                    loader finds it on the classpath, no jna.library.path.
#   dg-kotlin-<version>.pom          its POM for a Maven repository: io.github.dgsdk:dg-kotlin and
#                                    the compile dependencies of kotlin/pom.xml at its versions
#                                    (JNA, kotlinx-coroutines-core-jvm, kotlin-stdlib).
#   dg-kotlin-<version>-sources.jar  the Kotlin sources.
# Install them with `mvn install:install-file` (bindings/dg-ffi/README.md);
# bindings/dg-ffi/scripts/install-test.sh proves they work with no Rust toolchain.
# The library is the release build bindings/dg-ffi/scripts/test.sh makes (same cargo command, so
# after it cargo only checks it is current). Maven runs offline when ~/.m2 has what it needs
# (after test.sh's run it has), else online.
# Usage: bindings/dg-ffi/scripts/package.sh [DIST]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
FFI=$DG_ROOT/bindings/dg-ffi
DIST=${1:-$DG_ROOT/dist}
mkdir -p "$DIST"
DIST=$(cd "$DIST" && pwd)

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# JNA's resource prefix (com.sun.jna.Platform.RESOURCE_PREFIX) for the target triple.
case $CARGO_BUILD_TARGET in
  x86_64-unknown-linux-gnu) prefix=linux-x86-64 ;;
  aarch64-unknown-linux-gnu) prefix=linux-aarch64 ;;
  *) fail "no JNA resource prefix known for $CARGO_BUILD_TARGET" ;;
esac

step "kotlin package: libdg_ffi.so (release, the build of bindings/dg-ffi/scripts/test.sh)"
cargo build --release --quiet -p dg-ffi -p uniffi-bindgen -p dg-emulator -p dg-workspace-hack
LIB=$DG_BIN_DIR/libdg_ffi.so

cd "$FFI/kotlin"
pom_value() { # the project's groupId, artifactId or version (the first, before <dependencies>)
  sed -n "0,/<dependencies>/s|^  <$1>\(.*\)</$1>|\1|p" pom.xml
}
group=$(pom_value groupId)
artifact=$(pom_value artifactId)
version=$(pom_value version)
cargo_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$DG_ROOT/Cargo.toml" | head -1)
[[ $version == "$cargo_version" ]] || fail "kotlin/pom.xml's version $version is not the workspace's $cargo_version"
name=$artifact-$version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/native/$prefix"
cp "$LIB" "$work/native/$prefix/libdg_ffi.so"
strip --strip-unneeded "$work/native/$prefix/libdg_ffi.so"

step "kotlin package: $name.jar (mvn package -Pdist)"
rm -rf target/dist
mvn_args=(-q -B -Dstyle.color=never -Pdist package -Dmaven.test.skip=true -Ddg.native.dir="$work/native")
start=$SECONDS
if ! mvn -o "${mvn_args[@]}" >"$work/mvn.log" 2>&1; then
  grep -q offline "$work/mvn.log" || { cat "$work/mvn.log" >&2; fail "mvn package"; }
  echo "(~/.m2 lacks a plugin or dependency: running Maven online)"
  mvn "${mvn_args[@]}" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; fail "mvn package"; }
fi
echo "mvn package: $((SECONDS - start)) s"
jar=target/dist/$name.jar
[[ -f $jar ]] || fail "Maven wrote no $jar"

step "kotlin package: check the jar"
listing=$(unzip -Z1 "$jar")
for entry in "$prefix/libdg_ffi.so" io/github/dgsdk/dg/DeepgramClient.class io/github/dgsdk/dg/LiveKt.class \
  "META-INF/maven/$group/$artifact/pom.xml"; do
  grep -qxF "$entry" <<<"$listing" || fail "$jar has no $entry"
done
unzip -p "$jar" "$prefix/libdg_ffi.so" >"$work/lib.so"
cmp -s "$work/lib.so" "$work/native/$prefix/libdg_ffi.so" || fail "the jar's $prefix/libdg_ffi.so is not the staged one"
readelf -S "$work/lib.so" | grep -q '\.symtab' && fail "the jar's libdg_ffi.so is not stripped"
echo "$(wc -l <<<"$listing") entries; $prefix/libdg_ffi.so ($(stat -c %s "$work/lib.so") bytes, stripped; needs $(readelf -d "$work/lib.so" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | paste -sd' '))"

step "kotlin package: $name.pom and $name-sources.jar"
# The POM users' Maven reads: coordinates and the compile-scope dependencies of kotlin/pom.xml,
# with its version properties resolved (no build section, no test dependencies).
python3 - pom.xml "$work/$name.pom" "$DG_ROOT/Cargo.toml" <<'EOF'
import re, sys, tomllib
import xml.etree.ElementTree as ET
src, out, cargo = sys.argv[1:]
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(src).getroot()
props = {p.tag.split("}")[1]: p.text for p in root.find("m:properties", ns)}
def value(text):
    resolved = re.sub(r"\$\{([^}]+)\}", lambda m: props[m.group(1)], text.strip())
    assert "${" not in resolved, resolved
    return resolved
get = lambda el, tag: value(el.find(f"m:{tag}", ns).text)
workspace = tomllib.load(open(cargo, "rb"))["workspace"]["package"]
deps = []
for dep in root.find("m:dependencies", ns):
    scope = dep.find("m:scope", ns)
    if scope is not None and scope.text != "compile":
        continue
    deps.append(f"""    <dependency>
      <groupId>{get(dep, "groupId")}</groupId>
      <artifactId>{get(dep, "artifactId")}</artifactId>
      <version>{get(dep, "version")}</version>
    </dependency>""")
assert deps, "no compile dependencies in kotlin/pom.xml"
licenses = "\n".join(f"""    <license>
      <name>{l}</name>
    </license>""" for l in workspace["license"].split(" OR "))
open(out, "w").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{get(root, "groupId")}</groupId>
  <artifactId>{get(root, "artifactId")}</artifactId>
  <version>{get(root, "version")}</version>
  <packaging>jar</packaging>
  <name>{get(root, "name")}</name>
  <description>Deepgram speech-to-text for Kotlin/JVM over dg's Rust core (UniFFI); the native library for linux-x86-64 is inside the jar.</description>
  <url>{workspace["repository"]}</url>
  <licenses>
{licenses}
  </licenses>
  <dependencies>
{chr(10).join(deps)}
  </dependencies>
</project>
""")
print(f"{len(deps)} dependencies: " + ", ".join(
    f"{get(d, 'artifactId')} {get(d, 'version')}" for d in root.find("m:dependencies", ns)
    if d.find("m:scope", ns) is None or d.find("m:scope", ns).text == "compile"))
EOF
(cd src/main/kotlin && jar --create --file "$work/$name-sources.jar" .)
(cd src/main/handwritten && jar --update --file "$work/$name-sources.jar" .)

rm -f "$DIST/$artifact"-*.jar "$DIST/$artifact"-*.pom
cp "$jar" "$DIST/$name.jar"
cp "$work/$name.pom" "$work/$name-sources.jar" "$DIST/"
step "kotlin package: $DIST"
stat -c '  %9s  %n' "$DIST/$name.jar" "$DIST/$name.pom" "$DIST/$name-sources.jar"
