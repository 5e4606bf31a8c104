#!/usr/bin/env bash
# What the test command needs beyond the language toolchains, installed when missing so that
# `./scripts/test.sh` passes on a fresh machine as written: rustfmt and clippy (rustup), and
# espeak-ng, which speaks the sentences the recognizer tests transcribe (Debian's package,
# through apt: root or sudo).
set -euo pipefail
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done
if ! command -v espeak-ng >/dev/null; then
  sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
  if ! command -v apt-get >/dev/null || { [[ -n $sudo ]] && ! command -v sudo >/dev/null; }; then
    echo "scripts/system-deps.sh: install espeak-ng (the recognizer tests speak with it)" >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends espeak-ng
fi
