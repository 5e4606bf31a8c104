#!/usr/bin/env bash
# How soon the emulator's live recognizer (`--features recognizer`) makes a phrase final
# (issue 19: within 1.5 s of the audio that ends it, streaming in real time). One emulator
# process, warmed up with a transcription (so the model is loaded), is streamed each file at
# real-time pace as raw linear16, in 100 ms chunks, by `dg-bench-runner phrases` (dg-core's
# live client; bench/rust/src/phrases.rs says exactly what it measures): a phrase ends at a
# word followed by a pause of at least 0.25 s, and its delay is the arrival of its final
# result minus the time the chunk holding that word's end was sent. The table gives, per file,
# the phrases, the median and largest delay, and how many cores other processes kept busy on
# average meanwhile (the model uses every core, so other work lengthens the delays). The
# transcripts follow the table.
#
# Files: the espeak-ng passage of crates/dg-emulator/tests/recognizer/live.rs, and the two
# real recordings of tests/fixtures/audio (their raw samples match no recorded stream).
#
#   bench/live-recognizer.sh
set -euo pipefail
# shellcheck source=bench/recognizer-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/recognizer-common.sh"

# The passage of tests/recognizer/live.rs, word for word.
espeak-ng --stdout "The weather is nice today, so we will walk to the park. After lunch we \
will read a book under the old oak tree. Later in the afternoon the children will play \
football on the green field. When the sun goes down, everyone will walk home and cook a \
warm dinner together. Tomorrow we will take the early train to the sea." >"$work/passage.wav"
# Each file's samples as raw linear16, and "name rate channels seconds" per line.
python3 - "$work" tests/fixtures/audio >"$work/files" <<'EOF'
import pathlib, sys, wave

work, audio = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for name, path in [("passage", work / "passage.wav"),
                   ("preamble", audio / "preamble-rest.wav"),
                   ("bueller", audio / "Bueller-Life-moves-pretty-fast.wav")]:
    with wave.open(str(path)) as source:
        assert source.getsampwidth() == 2, name
        # espeak-ng's header gives no length when it writes to a pipe: read to the end.
        pcm = source.readframes(source.getnframes())
        rate, channels = source.getframerate(), source.getnchannels()
    (work / f"{name}.raw").write_bytes(pcm)
    print(name, rate, channels, round(len(pcm) / (2 * channels * rate), 1))
EOF

start
listen crates/dg-emulator/tests/fixtures/sentence.flac

echo "| file | audio | phrases | median delay | largest delay | other load |"
echo "|---|---|---|---|---|---|"
while read -r name rate channels seconds; do
  machine0=$(machine_busy) process0=$(process_busy "$pid")
  begin=$(date +%s.%N)
  DG_BENCH_URL=$url DG_BENCH_KEY=$key "$DG_BIN_DIR/dg-bench-runner" phrases \
    "$work/$name.raw" "$rate" "$channels" >"$work/$name.json"
  end=$(date +%s.%N)
  other=$(($(machine_busy) - machine0 - ($(process_busy "$pid") - process0)))
  jq -r --arg f "$name" --arg a "$seconds" --arg o "$other" --arg t "$begin $end" \
    --arg hz "$(getconf CLK_TCK)" '
      ($t | split(" ") | map(tonumber)) as [$b, $e]
      | "| \($f) | \($a) s | \(.phrases) | \(.median_ms) ms | \(.max_ms) ms | \(
          (($o | tonumber) / ($hz | tonumber) / ($e - $b) * 10 | round) / 10) cores |"' \
    "$work/$name.json"
done <"$work/files"
echo
while read -r name _; do
  echo "$name: $(jq -r '"\(.delays_ms | map(tostring) | join(", ")) ms: \(.transcript)"' \
    "$work/$name.json")"
done <"$work/files"
