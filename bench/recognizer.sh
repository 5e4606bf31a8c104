#!/usr/bin/env bash
# Speed and memory of the emulator's recognizer (`--features recognizer`): for each file, a
# fresh `dg-emulator` transcribes it once after a warm-up request (so the model is loaded), and
# the table gives the wall time of that request, the real-time factor (time / audio length;
# lower is better), how many times faster than real time that is, and the process's peak RSS.
# The model uses every core, so anything else running slows it down a lot: the last column is
# how many cores other processes kept busy, on average, during the request (0 when idle).
#
# faster-whisper (pinned from PyPI, with the same ctranslate2 wheel the emulator links, in a
# venv under ~/.cache/dg/bench) then transcribes the same files the same way: a fresh process
# per file, the same model files, int8 on every core, beam 5, word timestamps, one warm-up
# transcription first. DG_BENCH_FASTER_WHISPER=0 leaves it out.
#
#   bench/recognizer.sh        # the two real recordings and a 10-minute file
#
# Targets (issue 8): at least 20x faster than real time on 2 cores, under 600 MiB RSS. Issue 19:
# at least as fast as faster-whisper on the recordings, 2x faster on the 10-minute file.
set -euo pipefail
# shellcheck source=bench/recognizer-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/recognizer-common.sh"

# The recordings get 10 ms of silence appended, so no recorded answer matches their bytes; the
# 10-minute file is the preamble again and again, with a second of silence between.
python3 - "$work" tests/fixtures/audio <<'EOF'
import pathlib, sys, wave

work, audio = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

def read(name):
    with wave.open(str(audio / name)) as source:
        return source.getparams(), source.readframes(source.getnframes())

def write(name, params, frames):
    with wave.open(str(work / name), "wb") as out:
        out.setparams(params)
        out.writeframes(frames)

for name, out in [("preamble-rest.wav", "preamble.wav"),
                  ("Bueller-Life-moves-pretty-fast.wav", "bueller.wav")]:
    params, frames = read(name)
    pad = params.framerate // 100 * params.nchannels * params.sampwidth
    write(out, params, frames + bytes(pad))

params, preamble = read("preamble-rest.wav")
gap = bytes(params.framerate * params.sampwidth)
ten, total = bytearray(), 600 * params.framerate * params.sampwidth
while len(ten) < total:
    ten += preamble + gap
write("ten-minutes.wav", params, bytes(ten[:total]))
EOF

row() {
  awk -v tool="$1" -v f="$2" -v a="$3" -v b="$4" -v e="$5" -v r="$6" -v w="$7" -v o="$8" \
    -v hz="$(getconf CLK_TCK)" \
    'BEGIN { t = e - b; printf "| %s | %s | %.1f s | %.2f s | %.3f | %.1f× | %.0f MiB | %d | %.1f cores |\n", tool, f, a, t, t / a, a / t, r / 1024, w, (o > 0 ? o : 0) / hz / t }'
}

echo "| tool | file | audio | wall | real-time factor | × real time | peak RSS | words | other load |"
echo "|---|---|---|---|---|---|---|---|---|"
for file in preamble.wav bueller.wav ten-minutes.wav; do
  start
  listen crates/dg-emulator/tests/fixtures/sentence.flac
  machine0=$(machine_busy) process0=$(process_busy "$pid")
  begin=$(date +%s.%N)
  listen "$work/$file"
  end=$(date +%s.%N)
  other=$(($(machine_busy) - machine0 - ($(process_busy "$pid") - process0)))
  peak_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  audio=$(jq .metadata.duration "$work/answer.json")
  words=$(jq '.results.channels[0].alternatives[0].words | length' "$work/answer.json")
  row dg "$file" "$audio" "$begin" "$end" "$peak_kib" "$words" "$other"
done

[[ ${DG_BENCH_FASTER_WHISPER:-1} == 0 ]] && exit 0
fw_version=1.2.1
venv=${XDG_CACHE_HOME:-$HOME/.cache}/dg/bench/faster-whisper-$fw_version
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import faster_whisper' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
    "faster-whisper==$fw_version" "ctranslate2==4.8.4" >&2
fi
model_dir=${DG_EMULATOR_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dg/models/whisper-tiny.en}
for file in preamble.wav bueller.wav ten-minutes.wav; do
  # Prints "audio begin end peak_kib words other_ticks", like the emulator's row above.
  # shellcheck disable=SC2046 # six numbers
  row "faster-whisper $fw_version" "$file" $("$venv/bin/python" - "$model_dir" \
    crates/dg-emulator/tests/fixtures/sentence.flac "$work/$file" <<'EOF'
import os, resource, sys, time
from faster_whisper import WhisperModel

model_dir, warm_up, path = sys.argv[1:]
model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=os.cpu_count())

def transcribe(audio):
    segments, info = model.transcribe(audio, beam_size=5, word_timestamps=True)
    return info.duration, sum(len(segment.words or []) for segment in segments)

def machine_busy():
    with open("/proc/stat") as stat:
        fields = stat.readline().split()
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7))

transcribe(warm_up)
hz = os.sysconf("SC_CLK_TCK")
machine0, process0 = machine_busy(), time.process_time()
begin = time.time()
audio, words = transcribe(path)
end = time.time()
other = machine_busy() - machine0 - (time.process_time() - process0) * hz
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(audio, begin, end, peak_kib, words, other)
EOF
)
done
