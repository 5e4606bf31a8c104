"""What bench/live.sh's `realtime SESSIONS SECONDS` mode is, once, for both Python peers (dg-py
and the official deepgram-sdk), so that only the SDK calls differ between them. Stdlib only:
each peer imports it from its own venv by path.

SESSIONS sessions open together; once all are open each sends SECONDS of 16 kHz linear16
silence in 100 ms chunks, one every 100 ms by the wall clock (deadlines from one start, so a
late chunk does not delay the next ones), session i starting i/SESSIONS of a chunk after the
first so the sends are spread over the 100 ms; then CloseStream, and the session reads to the
end. The emulator answers silence with one final result per second of audio, timed by the
audio it has received, so each final's `start + duration` names the chunk whose sending made
it due. Its latency is its arrival time minus the time that chunk was handed to the SDK.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Awaitable, Callable

BYTES_PER_SECOND = 32_000  # 16 kHz, 16-bit mono
CHUNK_SECONDS = 0.1
CHUNK = int(BYTES_PER_SECOND * CHUNK_SECONDS)


class Gate:
    """Lets every session start sending once all of them are open."""

    def __init__(self, sessions: int) -> None:
        self.left = sessions
        self.open = asyncio.Event()
        self.start = 0.0

    async def opened(self) -> float:
        self.left -= 1
        if self.left == 0:
            self.start = time.monotonic()
            self.open.set()
        await self.open.wait()
        return self.start


class Record:
    """One session's send times and final results: all the per-message work is `final`."""

    def __init__(self, index: int, sessions: int, seconds: int) -> None:
        self.offset = index * CHUNK_SECONDS / sessions
        self.chunks = round(seconds / CHUNK_SECONDS)
        self.sent: list[float] = []
        self.finals: list[tuple[float, float]] = []

    def final(self, start: float, duration: float) -> None:
        self.finals.append((time.monotonic(), start + duration))

    async def pace(self, send: Callable[[bytes], Awaitable[None]], start: float) -> None:
        audio = bytes(CHUNK)
        first = start + self.offset
        for k in range(self.chunks):
            wait = first + k * CHUNK_SECONDS - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.sent.append(time.monotonic())
            await send(audio)

    def latencies_ms(self) -> list[float]:
        out = []
        for arrival, end in self.finals:
            k = min(len(self.sent), max(1, math.ceil(round(end * BYTES_PER_SECOND) / CHUNK))) - 1
            out.append(round((arrival - self.sent[k]) * 1000, 3))
        return out


async def run(
    peer: str, sessions: int, seconds: int, session: Callable[[Record, Gate], Awaitable[None]]
) -> None:
    """Runs the sessions (`session(record, gate)` is one, in the peer's SDK) and prints the
    result line: finals over all sessions and every final's latency."""
    gate = Gate(sessions)
    records = [Record(i, sessions, seconds) for i in range(sessions)]
    t = time.perf_counter()
    await asyncio.gather(*(session(r, gate) for r in records))
    secs = time.perf_counter() - t
    latencies = [ms for r in records for ms in r.latencies_ms()]
    print(json.dumps({"peer": peer, "workload": "realtime", "n": sessions, "concurrency": sessions,
                      "elapsed_s": round(secs, 6), "words": sum(len(r.finals) for r in records),
                      "latencies_ms": latencies, "ok": True}), flush=True)


async def _harness_session(record: Record, gate: Gate) -> None:
    async def send(_audio: bytes) -> None:
        pass

    await record.pace(send, await gate.opened())


if __name__ == "__main__":
    # Run as a peer itself (`python3 realtime.py realtime SESSIONS SECONDS`), the harness alone:
    # the same sessions, pacing and measurement with a send that does nothing and no socket, so
    # a reader can tell the harness's CPU from an SDK's (bench/live.sh's "above the harness").
    import sys

    args = sys.argv[1:]
    if len(args) != 3 or args[0] != "realtime" or not (args[1].isdigit() and args[2].isdigit()):
        sys.exit("usage: realtime.py realtime SESSIONS SECONDS")
    asyncio.run(run("harness-python", int(args[1]), int(args[2]), _harness_session))
