#!/usr/bin/env bash
# Proves the jar and POM of bindings/dg-ffi/scripts/package.sh install and work with no Rust
# toolchain, as a Maven user would use them: `mvn deploy:deploy-file` of the jar, POM and sources
# jar into a scratch Maven repository (file://), then a new Maven project in a scratch folder
# whose only dependency is io.github.dgsdk:dg-kotlin from that repository, compiling and running
# bindings/dg-ffi/README.md's Kotlin quick start (the ```kotlin block under "Install from the
# jar") against dg-emulator on a free loopback port; it prints the transcript and fails unless it
# is the recorded one. The PATH has no cargo or rustc; there is no jna.library.path, no
# LD_LIBRARY_PATH: JNA must load libdg_ffi.so from the jar (its debug log is checked for that).
# Third-party dependencies come from ~/.m2 (offline when it has them), through a scratch local
# repository that links every folder of ~/.m2/repository but io/github/dgsdk/dg-kotlin: the
# consumer resolves dg-kotlin only from the scratch repository, and ~/.m2 (where a user may have
# installed dg-kotlin) is left as it was; the jar on its classpath is compared with DIST's.
# Usage: bindings/dg-ffi/scripts/install-test.sh [DIST]   (default: dist/ at the repository root)
#   The emulator is DG_EMULATOR, else target/<triple>/release/dg-emulator (scripts/env.sh).
set -euo pipefail
ffi_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$ffi_dir/../.." && pwd)
source "$root/scripts/install-lib.sh"
DIST=$(realpath "${1:-$root/dist}")
AUDIO=$root/tests/fixtures/audio/preamble-rest.wav

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [[ -z ${DG_EMULATOR:-} ]]; then
  source "$root/scripts/env.sh"
  DG_EMULATOR=$DG_BIN_DIR/dg-emulator
fi
[[ -x $DG_EMULATOR ]] || fail "no emulator at $DG_EMULATOR (cargo build --release -p dg-emulator)"

shopt -s nullglob
jars=("$DIST"/dg-kotlin-[0-9]*[0-9].jar)
shopt -u nullglob
[[ ${#jars[@]} -eq 1 ]] || fail "want one dg-kotlin-<version>.jar in $DIST, found ${#jars[@]} (run bindings/dg-ffi/scripts/package.sh)"
jar=${jars[0]}
name=$(basename "$jar" .jar)
version=${name#dg-kotlin-}
pom=$DIST/$name.pom
sources=$DIST/$name-sources.jar
[[ -f $pom && -f $sources ]] || fail "$DIST has no $name.pom or $name-sources.jar"
group=$(sed -n 's|^  <groupId>\(.*\)</groupId>|\1|p' "$pom" | head -1)
artifact=$(sed -n 's|^  <artifactId>\(.*\)</artifactId>|\1|p' "$pom" | head -1)
kotlin_version=$(sed -n 's|.*<kotlin.version>\(.*\)</kotlin.version>.*|\1|p' "$ffi_dir/kotlin/pom.xml")

# The recorded answer to the preamble with model nova-3 and smart_format (as node/scripts/install-test.sh).
expected=$(recorded_transcript "$root")
[[ -n $expected ]] || fail "no recorded nova-3 smart_format answer for preamble-rest.wav in tests/fixtures"

scratch=$(mktemp -d)
emulator_pid=
cleanup() {
  if [[ -n $emulator_pid ]]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# The consumer's local repository: ~/.m2/repository's entries as symlinks, level by level down
# to our artifact's folder, which is left out (so third-party artifacts are read from, and
# downloaded into, ~/.m2, and dg-kotlin is never a copy cached there).
m2=$HOME/.m2/repository
local_repo=$scratch/m2
link_all_but() { # SOURCE DEST PATH: DEST links SOURCE's entries but PATH's first component, recursively
  local first=${3%%/*} entry
  mkdir -p "$2"
  for entry in "$1"/*; do
    [[ -e $entry && ${entry##*/} != "$first" ]] && ln -s "$entry" "$2/${entry##*/}"
  done
  if [[ $3 == */* && -d $1/$first ]]; then link_all_but "$1/$first" "$2/$first" "${3#*/}"; fi
  return 0
}
link_all_but "$m2" "$local_repo" "${group//.//}/$artifact"

# A PATH without the Rust toolchain; nothing that points JNA or the dynamic loader at a library.
PATH=$(path_without_rust)
export PATH
unset CARGO RUSTC RUSTUP_TOOLCHAIN RUSTUP_HOME CARGO_HOME LD_LIBRARY_PATH JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS MAVEN_OPTS
if command -v cargo >/dev/null || command -v rustc >/dev/null; then fail "cargo or rustc is still on PATH"; fi
command -v java >/dev/null && command -v mvn >/dev/null || fail "java and mvn must be on PATH"
echo "PATH has no cargo or rustc: $PATH"

# Maven offline when ~/.m2 has every plugin and dependency, else online. Any offline failure
# is retried online: a missing artifact does not always say "offline" (a plugin prefix such as
# `dependency:` that ~/.m2 has no metadata for is "No plugin found for prefix"), and a real
# failure fails again, with its log.
mvn_quiet() {
  local log=$scratch/mvn.log
  # (offline, Maven refuses file:// repositories too unless told)
  if mvn -o -Daether.offline.protocols=file -q -B -Dstyle.color=never -Dmaven.repo.local="$local_repo" "$@" >"$log" 2>&1; then return; fi
  echo "(offline Maven failed, ~/.m2 lacking a plugin or dependency: running Maven online)" >&2
  mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$local_repo" "$@" >"$log" 2>&1 && return
  cat "$log" >&2
  return 1
}

step "kotlin install: mvn deploy:deploy-file $name.jar, .pom, -sources.jar into a scratch repository"
repo=$scratch/repo
# deploy-file refuses offline mode; a file:// repository needs no network.
(cd "$scratch" && mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$local_repo" deploy:deploy-file -Dfile="$jar" -DpomFile="$pom" -Dsources="$sources" \
  -Durl="file://$repo" -DrepositoryId=dg-dist >"$scratch/deploy.log" 2>&1) || { cat "$scratch/deploy.log" >&2; fail "mvn deploy:deploy-file"; }
find "$repo" -name "$name*" -not -name '*.md5' -not -name '*.sha1' -printf '  %P\n' | sort

step "kotlin install: a new Maven project depending on $group:$artifact:$version"
app=$scratch/app
mkdir -p "$app/src/main/kotlin"
cat >"$app/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>dg-quickstart</artifactId>
  <version>1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <kotlin.compiler.jvmTarget>17</kotlin.compiler.jvmTarget>
  </properties>
  <repositories>
    <repository>
      <id>dg-dist</id>
      <url>file://$repo</url>
    </repository>
  </repositories>
  <dependencies>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>$artifact</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>$kotlin_version</version>
        <executions>
          <execution>
            <id>compile</id>
            <goals><goal>compile</goal></goals>
          </execution>
        </executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>2.8</version>
      </plugin>
    </plugins>
  </build>
</project>
EOF
# The README's quick start: the first ```kotlin block after its "## Install from the jar".
awk '/^## Install from the jar/{s=1} s&&/^```kotlin$/{k=1; next} k&&/^```$/{exit} k' "$ffi_dir/README.md" \
  >"$app/src/main/kotlin/Main.kt"
grep -q 'fun main' "$app/src/main/kotlin/Main.kt" || fail "no Kotlin quick start under '## Install from the jar' in bindings/dg-ffi/README.md"
start=$SECONDS
(cd "$app" && mvn_quiet compile dependency:build-classpath -Dmdep.outputFile="$app/classpath.txt" -Dmdep.includeScope=runtime) \
  || fail "the new project does not compile against $artifact"
echo "mvn compile (Kotlin $kotlin_version): $((SECONDS - start)) s; classpath:"
tr : '\n' <"$app/classpath.txt" | sed "s|^$local_repo/|  |"; echo
resolved=$(tr : '\n' <"$app/classpath.txt" | grep "/$name.jar$") || fail "$name.jar is not on the classpath"
cmp -s "$resolved" "$jar" || fail "the classpath's $name.jar is not $jar"
for dep in jna kotlinx-coroutines-core-jvm kotlin-stdlib; do
  grep -q "/$dep-[0-9.]*\.jar" "$app/classpath.txt" || fail "$dep did not come with $artifact's POM"
done

step "kotlin install: dg-emulator on a free loopback port"
"$DG_EMULATOR" --addr 127.0.0.1:0 --json >"$scratch/emulator.out" 2>"$scratch/emulator.err" &
emulator_pid=$!
for _ in $(seq 300); do
  [[ -s $scratch/emulator.out ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$scratch/emulator.err" >&2; fail "dg-emulator exited"; }
  sleep 0.1
done
announce=$(head -n1 "$scratch/emulator.out")
[[ -n $announce ]] || fail "dg-emulator did not announce itself within 30 s"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$announce" "$1"; }
DG_BASE_URL=$(field url)
DEEPGRAM_API_KEY=$(field owner_key)
export DG_BASE_URL DEEPGRAM_API_KEY
echo "dg-emulator at $DG_BASE_URL"

step "kotlin install: the README's quick start (java -cp <Maven's classpath> MainKt)"
# JNA's own temp folder for the extracted library, in the scratch folder.
start=$SECONDS
got=$(cd "$app" && java -Djna.debug_load=true -Djna.tmpdir="$scratch/jna" \
  -cp "target/classes:$(cat classpath.txt)" MainKt "$AUDIO" 2>"$scratch/java.err") \
  || { cat "$scratch/java.err" >&2; fail "the quick start failed"; }
echo "$got  ($((SECONDS - start)) s)"
from=$(grep -o "Found library resource at jar:file:[^ ]*/libdg_ffi\.so" "$scratch/java.err" | head -1) \
  || { cat "$scratch/java.err" >&2; fail "JNA did not load libdg_ffi.so from the jar"; }
[[ $from == *"/$name.jar!/"*"/libdg_ffi.so" ]] || fail "JNA loaded the library from elsewhere: $from"
echo "JNA: ${from/$local_repo\//}"
[[ $got == "$expected" ]] || fail "the transcript is not the recorded one: '$expected'"

printf '\nkotlin install: %s from a Maven repository, in a new Maven project with no Rust toolchain; the README quick start printed the recorded transcript\n' "$name.jar"
