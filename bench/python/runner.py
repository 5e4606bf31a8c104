"""dg's Python columns for the shared bench (../shared/bench, README "Runner protocol").

    python runner.py sync|async seq N | conc N C | big | upload PATH | upload-stream PATH | keys N

Runs with the interpreter of python/.venv, where python/scripts/test.sh installs dg-sdk.
Everything is the documented way to use dg: `Client` / `AsyncClient` with default settings,
`transcribe_url(url, model=..., smart_format=True)`, `transcribe_file(path)` for uploads (dg
streams a path itself; `upload-stream` would repeat it) and `keys.create(...)`.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dg

BASE = os.environ.get("DG_BENCH_URL", "http://127.0.0.1:18300")
KEY = os.environ.get("DG_BENCH_KEY", "bench-secret-key")
PROJECT = os.environ.get("DG_BENCH_PROJECT", "3e7b4a1c-5d2f-4c8e-9a6b-1f0d2c3b4a59")
AUDIO_URL = os.environ.get("DG_BENCH_AUDIO_URL", "https://dpgr.am/spacewalk.wav")
OPTIONS: dict[str, Any] = {"model": "nova-3", "smart_format": True}


def words(resp: dg.ListenResponse) -> int:
    assert resp.results is not None
    return len(resp.results.channels[0].alternatives[0].words)


def emit(peer: str, workload: str, n: int, conc: int, secs: float, nwords: int) -> None:
    print(json.dumps({
        "peer": peer, "workload": workload, "n": n, "concurrency": conc, "elapsed_s": round(secs, 6),
        "rps": round(n / secs, 3), "words": nwords, "ok": True,
    }), flush=True)


def fail(peer: str, workload: str, err: BaseException) -> None:
    message = f"{type(err).__name__}: {err}"
    print(json.dumps({"peer": peer, "workload": workload, "ok": False, "error": message[:600]}), flush=True)
    sys.exit(1)


def run_sync(workload: str, args: list[str]) -> None:
    peer = "dg-py-sync"
    client = dg.Client(api_key=KEY, base_url=BASE)

    def one() -> int:
        return words(client.transcribe_url(AUDIO_URL, **OPTIONS))

    start = time.perf_counter()
    try:
        if workload == "seq":
            n, nwords = int(args[0]), 0
            for _ in range(n):
                nwords = one()
            emit(peer, workload, n, 1, time.perf_counter() - start, nwords)
        elif workload == "conc":
            n, c = int(args[0]), int(args[1])
            with ThreadPoolExecutor(max_workers=c) as pool:
                nwords = max(pool.map(lambda _: one(), range(n)))
            emit(peer, workload, n, c, time.perf_counter() - start, nwords)
        elif workload == "big":
            nwords = one()
            emit(peer, workload, 1, 1, time.perf_counter() - start, nwords)
        elif workload == "upload":
            nwords = words(client.transcribe_file(args[0], **OPTIONS))
            emit(peer, workload, 1, 1, time.perf_counter() - start, nwords)
        elif workload == "upload-stream":
            print(json.dumps({"ok": True, "skip": "a path is already streamed (= upload)"}), flush=True)
        elif workload == "keys":
            n = int(args[0])
            for i in range(n):
                key = client.keys.create(PROJECT, comment=f"bench key {i}", scopes=["usage:read"])
                if not key.secret.reveal():
                    raise RuntimeError("no key in response")
            emit(peer, workload, n, 1, time.perf_counter() - start, 0)
        else:
            raise SystemExit(f"unknown workload {workload}")
    except Exception as e:  # noqa: BLE001 - reported as a failed cell
        fail(peer, workload, e)


async def run_async(workload: str, args: list[str]) -> None:
    peer = "dg-py-async"
    client = dg.AsyncClient(api_key=KEY, base_url=BASE)

    async def one() -> int:
        return words(await client.transcribe_url(AUDIO_URL, **OPTIONS))

    start = time.perf_counter()
    try:
        if workload == "seq":
            n, nwords = int(args[0]), 0
            for _ in range(n):
                nwords = await one()
            emit(peer, workload, n, 1, time.perf_counter() - start, nwords)
        elif workload == "conc":
            n, c = int(args[0]), int(args[1])
            left, best = [n], [0]

            async def worker() -> None:
                while left[0] > 0:
                    left[0] -= 1
                    best[0] = max(best[0], await one())

            await asyncio.gather(*(worker() for _ in range(c)))
            emit(peer, workload, n, c, time.perf_counter() - start, best[0])
        elif workload == "big":
            nwords = await one()
            emit(peer, workload, 1, 1, time.perf_counter() - start, nwords)
        elif workload == "upload":
            nwords = words(await client.transcribe_file(args[0], **OPTIONS))
            emit(peer, workload, 1, 1, time.perf_counter() - start, nwords)
        elif workload == "upload-stream":
            print(json.dumps({"ok": True, "skip": "a path is already streamed (= upload)"}), flush=True)
        elif workload == "keys":
            n = int(args[0])
            for i in range(n):
                key = await client.keys.create(PROJECT, comment=f"bench key {i}", scopes=["usage:read"])
                if not key.secret.reveal():
                    raise RuntimeError("no key in response")
            emit(peer, workload, n, 1, time.perf_counter() - start, 0)
        else:
            raise SystemExit(f"unknown workload {workload}")
    except Exception as e:  # noqa: BLE001
        fail(peer, workload, e)


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in ("sync", "async"):
        raise SystemExit("usage: runner.py sync|async seq N | conc N C | big | upload PATH | upload-stream PATH | keys N")
    mode, workload, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if mode == "sync":
        run_sync(workload, args)
    else:
        asyncio.run(run_async(workload, args))


if __name__ == "__main__":
    main()
