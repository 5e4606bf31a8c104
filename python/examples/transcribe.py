"""Transcribe a local file and a remote URL, and walk the words.

    DEEPGRAM_API_KEY=... python examples/transcribe.py AUDIO_FILE [BASE_URL]
"""

from __future__ import annotations

import sys

import dg


def main(path: str, base_url: str | None = None) -> None:
    with dg.Client(base_url=base_url) as client:
        try:
            resp = client.transcribe_file(path, model="nova-3", smart_format=True, tag=["example"])
        except dg.FileError as e:
            sys.exit(f"no such file: {e.filename}")
        except dg.DeepgramError as e:
            sys.exit(f"transcription failed ({e.status} {e.code}): {e.message}")
        print(resp.transcript)
        if resp.results is not None:
            words = resp.results.channels[0].alternatives[0].words
            slowest = max(words, key=lambda w: w.end - w.start, default=None)
            if slowest is not None:
                print(f"{len(words)} words; longest: {slowest.punctuated_word or slowest.word!r}")
        if resp.metadata is not None:
            print(f"{resp.metadata.duration} s of audio, request {resp.metadata.request_id}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
