# What every install test shares (sourced, not run): the transcript the quick start must print,
# and a PATH with no Rust toolchain on it.

# The recorded answer's transcript for preamble-rest.wav with {model: nova-3, smart_format:
# true}, from the repository at $1 (tests/fixtures/audio/SOURCES.md: the second hash of a
# response's name is sha256 of the file name as a JSON string). Empty when there is none.
recorded_transcript() {
  python3 - "$1/tests/fixtures/responses" <<'PY'
import hashlib, json, pathlib, sys
audio = hashlib.sha256(json.dumps("preamble-rest.wav").encode()).hexdigest()
for options in sorted(pathlib.Path(sys.argv[1]).glob(f"*-{audio}-options.json")):
    if json.loads(options.read_text()) == {"model": "nova-3", "smart_format": True}:
        response = json.loads(pathlib.Path(str(options).replace("-options.json", "-response.json")).read_text())
        print(response["results"]["channels"][0]["alternatives"][0]["transcript"])
        break
PY
}

# $PATH without any folder that holds cargo, rustc or rustup (each folder once, missing ones left out).
path_without_rust() {
  local clean= d dirs
  IFS=: read -ra dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    [[ -n $d && -d $d && ! -e $d/cargo && ! -e $d/rustc && ! -e $d/rustup ]] || continue
    case ":$clean:" in *":$d:"*) ;; *) clean=${clean:+$clean:}$d ;; esac
  done
  printf '%s\n' "$clean"
}
