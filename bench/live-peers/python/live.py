"""The official Python SDK's live client (PyPI deepgram-sdk 7.17.0, listen v1 websocket) in the
shape of dg's `dg-bench-runner live SECONDS`:

    python live.py live SECONDS
    python live.py realtime SESSIONS SECONDS

`live`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks (the bytes and chunk size dg-core's
`send_reader` sends with `Pace::Max`), as fast as the server takes them, then CloseStream;
every message is read until the server closes, and the count of final results is printed as
`words` in one JSON line, as dg's runner does.

`realtime`: SESSIONS concurrent sessions at real-time pace, as ../realtime.py describes, on the
SDK's asyncio client (`AsyncDeepgramClient`, `async with client.listen.v1.connect(...)`,
`start_listening` as a task, `await send_media`): one thread for all sessions, as dg-py's
peer has.

The SDK is used the way its README and examples/13-transcription-live-websocket.py do: the
sync `DeepgramClient`, `client.listen.v1.connect(...)` as a context manager, handlers
registered with `connection.on(EventType...)`, `start_listening` on a background thread, audio
sent with `send_media` from the main thread. The base URL is the client's only switch for the
host, `DeepgramClientEnvironment` (its `production` field is the websocket base: ws://).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

from deepgram import AsyncDeepgramClient, DeepgramClient
from deepgram.core.events import EventType
from deepgram.environment import DeepgramClientEnvironment
from deepgram.listen.v1.types import ListenV1Results

PEER = "official-py"
CHUNK = 32 * 1024  # dg-core's MAX_CHUNK (crates/dg-core/src/live/pace.rs)
BYTES_PER_SECOND = 32_000  # 16 kHz, 16-bit mono
BASE = os.environ.get("DG_BENCH_URL", "http://127.0.0.1:18391").rstrip("/")
KEY = os.environ.get("DG_BENCH_KEY", "bench-secret-key")
WS = "ws" + BASE[len("http"):] if BASE.startswith("http") else BASE
ENVIRONMENT = DeepgramClientEnvironment(base=BASE, production=WS, agent=WS, agent_rest=BASE)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import realtime  # noqa: E402 - bench/live-peers/realtime.py, shared with dg-py's peer


def fail(err: str) -> None:
    print(json.dumps({"peer": PEER, "workload": "live", "ok": False, "error": err[:600]}), flush=True)
    sys.exit(1)


def live(seconds: int) -> int:
    client = DeepgramClient(api_key=KEY, environment=ENVIRONMENT)
    finals = 0
    errors: list[BaseException] = []

    def on_message(message) -> None:
        nonlocal finals
        # dg-core's `final_transcript()`: a final result with a best alternative.
        if isinstance(message, ListenV1Results) and message.is_final and message.channel.alternatives:
            finals += 1

    with client.listen.v1.connect(
        model="nova-3", smart_format="true", encoding="linear16", sample_rate=16000
    ) as connection:
        connection.on(EventType.MESSAGE, on_message)
        connection.on(EventType.ERROR, errors.append)
        listener = threading.Thread(target=connection.start_listening, daemon=True)
        listener.start()
        zeros = bytes(CHUNK)
        left = seconds * BYTES_PER_SECOND
        while left > 0:
            n = min(CHUNK, left)
            connection.send_media(zeros if n == CHUNK else zeros[:n])
            left -= n
        connection.send_close_stream()
        listener.join()  # start_listening returns when the server closes the socket
    if errors:
        err = errors[0]
        raise RuntimeError(f"{type(err).__name__}: {err}")
    return finals


async def realtime_sessions(sessions: int, seconds: int) -> None:
    client = AsyncDeepgramClient(api_key=KEY, environment=ENVIRONMENT)

    async def session(record: realtime.Record, gate: realtime.Gate) -> None:
        errors: list[BaseException] = []

        def on_message(message) -> None:
            if isinstance(message, ListenV1Results) and message.is_final and message.channel.alternatives:
                record.final(message.start, message.duration)

        async with client.listen.v1.connect(
            model="nova-3", smart_format="true", encoding="linear16", sample_rate=16000
        ) as connection:
            connection.on(EventType.MESSAGE, on_message)
            connection.on(EventType.ERROR, errors.append)
            listening = asyncio.create_task(connection.start_listening())
            await record.pace(connection.send_media, await gate.opened())
            await connection.send_close_stream()
            await listening
        if errors:
            raise RuntimeError(f"{type(errors[0]).__name__}: {errors[0]}")

    await realtime.run(PEER, sessions, seconds, session)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["realtime"] and len(args) == 3 and all(a.isdigit() for a in args[1:]):
        try:
            asyncio.run(realtime_sessions(int(args[1]), int(args[2])))
        except Exception as e:  # noqa: BLE001
            fail(f"{type(e).__name__}: {e}")
        return
    if len(sys.argv) != 3 or sys.argv[1] != "live" or not sys.argv[2].isdigit():
        print("usage: live.py live SECONDS | realtime SESSIONS SECONDS", file=sys.stderr)
        sys.exit(2)
    t = time.perf_counter()
    try:
        finals = live(int(sys.argv[2]))
    except Exception as e:  # noqa: BLE001 - the runner reports any failure as one JSON line
        fail(f"{type(e).__name__}: {e}")
    secs = time.perf_counter() - t
    print(json.dumps({"peer": PEER, "workload": "live", "n": 1, "concurrency": 1,
                      "elapsed_s": round(secs, 6), "rps": round(1 / secs, 3), "words": finals,
                      "ok": True}), flush=True)


if __name__ == "__main__":
    main()
