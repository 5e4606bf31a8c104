"""dg's Python package (dg-sdk, built from this checkout into bench/live-peers/dg-py/.venv by
bench/live.sh) in the shape of bench/live-peers/python/live.py, the official SDK's peer:

    python live.py live SECONDS
    python live.py realtime SESSIONS SECONDS

`live`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks, as fast as the server takes them,
then CloseStream; every message is read until the server closes, and the count of final
results is printed as `words` in one JSON line. The blocking client, as the official peer
uses its sync one: `client.listen.live(...)` as a context manager, audio sent from a second
thread (`session.send`, which waits while the core's send buffer is full), `session.close()`
for CloseStream, the events read by iterating the session (python/tests/test_live.py).

`realtime`: SESSIONS concurrent sessions at real-time pace, as ../realtime.py describes, on
`dg.AsyncClient`: `async with client.listen.live(...)`, `await session.send`, `async for`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from pathlib import Path

import dg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import realtime  # noqa: E402 - bench/live-peers/realtime.py, shared with the official SDK's peer

PEER = "dg-py"
CHUNK = 32 * 1024  # dg-core's MAX_CHUNK, as the other peers
BYTES_PER_SECOND = 32_000  # 16 kHz, 16-bit mono
BASE = os.environ.get("DG_BENCH_URL", "http://127.0.0.1:18391").rstrip("/")
KEY = os.environ.get("DG_BENCH_KEY", "bench-secret-key")
OPTIONS = {"model": "nova-3", "smart_format": True, "encoding": "linear16", "sample_rate": 16000}


def fail(workload: str, err: str) -> None:
    print(json.dumps({"peer": PEER, "workload": workload, "ok": False, "error": err[:600]}), flush=True)
    sys.exit(1)


def live(seconds: int) -> int:
    client = dg.Client(api_key=KEY, base_url=BASE)
    finals = 0
    errors: list[BaseException] = []
    with client.listen.live(**OPTIONS) as session:  # type: ignore[arg-type]

        def feed() -> None:
            try:
                zeros = bytes(CHUNK)
                left = seconds * BYTES_PER_SECOND
                while left > 0:
                    n = min(CHUNK, left)
                    session.send(zeros if n == CHUNK else zeros[:n])
                    left -= n
                session.close()
            except BaseException as e:  # noqa: BLE001 - reported after the read
                errors.append(e)

        sender = threading.Thread(target=feed, daemon=True)
        sender.start()
        for event in session:
            # dg-core's `final_transcript()`: a final result with a best alternative.
            if isinstance(event, dg.StreamingResult) and event.is_final and event.channel.alternatives:
                finals += 1
        sender.join()
    if errors:
        raise errors[0]
    return finals


async def realtime_sessions(sessions: int, seconds: int) -> None:
    client = dg.AsyncClient(api_key=KEY, base_url=BASE)

    async def session(record: realtime.Record, gate: realtime.Gate) -> None:
        async def read(live: dg.AsyncLiveSession) -> None:
            async for event in live:
                if isinstance(event, dg.StreamingResult) and event.is_final and event.channel.alternatives:
                    record.final(event.start, event.duration)

        async with client.listen.live(**OPTIONS) as live:  # type: ignore[arg-type]
            reading = asyncio.create_task(read(live))
            await record.pace(live.send, await gate.opened())
            await live.close()
            await reading

    await realtime.run(PEER, sessions, seconds, session)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["realtime"] and len(args) == 3 and all(a.isdigit() for a in args[1:]):
        try:
            asyncio.run(realtime_sessions(int(args[1]), int(args[2])))
        except Exception as e:  # noqa: BLE001 - the runner reports any failure as one JSON line
            fail("realtime", f"{type(e).__name__}: {e}")
        return
    if len(args) != 2 or args[0] != "live" or not args[1].isdigit():
        print("usage: live.py live SECONDS | realtime SESSIONS SECONDS", file=sys.stderr)
        sys.exit(2)
    t = time.perf_counter()
    try:
        finals = live(int(args[1]))
    except Exception as e:  # noqa: BLE001
        fail("live", f"{type(e).__name__}: {e}")
    secs = time.perf_counter() - t
    print(json.dumps({"peer": PEER, "workload": "live", "n": 1, "concurrency": 1,
                      "elapsed_s": round(secs, 6), "rps": round(1 / secs, 3), "words": finals,
                      "ok": True}), flush=True)


if __name__ == "__main__":
    main()
