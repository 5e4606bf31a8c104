"""The blocking client with threads and signals, and the memory of large uploads."""

from __future__ import annotations

import gc
import json
import signal
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest

import dg
from conftest import PREAMBLE, PREAMBLE_SHA256, Emulator, silent_wav
from streams import Endless, Gated

GIB = 1 << 30


def test_blocking_calls_release_the_gil(client: dg.Client, emulator: Emulator) -> None:
    gated = Gated()
    answers: list[dg.ListenResponse] = []
    upload = threading.Thread(target=lambda: answers.append(client.transcribe_file(gated)))
    upload.start()
    assert gated.started.wait(10)
    # The upload cannot finish before `release`. If its thread kept the GIL while waiting,
    # this thread could not run this request (nor any Python) and the join below would fail.
    resp = client.transcribe_file(PREAMBLE, model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
    assert upload.is_alive()
    gated.release.set()
    upload.join(10)
    assert not upload.is_alive()
    assert answers[0].metadata is not None and answers[0].metadata.duration == 1.0


class Interrupted(Exception):
    pass


def test_a_signal_stops_a_blocking_call(client: dg.Client) -> None:
    source = Endless()
    ref = weakref.ref(source)

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    def when_reading() -> None:
        source.reading.wait(10)
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)

    previous = signal.signal(signal.SIGUSR1, interrupt)
    try:
        threading.Thread(target=when_reading, daemon=True).start()
        with pytest.raises(Interrupted):
            client.transcribe_file(source)
    finally:
        signal.signal(signal.SIGUSR1, previous)
    del source
    for _ in range(200):
        gc.collect()
        if ref() is None:
            break
        threading.Event().wait(0.05)
    assert ref() is None, "the interrupted upload still holds its reader"


UPLOAD_SCRIPT = """
import asyncio, json, resource, sys
import dg

url, key, path, how = sys.argv[1:5]
PREFIX = b"skipped by the caller"
if how == "path":
    resp = dg.Client(api_key=key, base_url=url).transcribe_file(path)
elif how == "file":
    with open(path, "rb") as f:
        f.seek(len(PREFIX))  # not at its start: streamed from the descriptor, not reopened by name
        resp = dg.Client(api_key=key, base_url=url).transcribe_file(f)
else:
    async def main():
        async with dg.AsyncClient(api_key=key, base_url=url) as client:
            return await client.transcribe_file(path)
    resp = asyncio.run(main())
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_mib": peak_kib / 1024, "duration": resp.metadata.duration}))
"""


@pytest.mark.parametrize("how", ["path", "file", "async"])
def test_a_1_gib_upload_stays_small(emulator: Emulator, tmp_path: Path, how: str) -> None:
    prefix = b"skipped by the caller" if how == "file" else b""
    audio = silent_wav(tmp_path / "big.wav", GIB, prefix)
    before = emulator.stats()["audio_bytes_received"]
    out = subprocess.run(
        [sys.executable, "-c", UPLOAD_SCRIPT, emulator.url, emulator.owner_key, str(audio), how],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # not python/, whose dg/ sources have no native module
        check=True,
    )
    result = json.loads(out.stdout)
    sent = emulator.stats()["audio_bytes_received"] - before
    assert sent == GIB
    assert result["peak_mib"] < 100, result
    assert result["duration"] == pytest.approx((GIB - 44) / 32000, rel=1e-3)
