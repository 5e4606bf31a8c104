"""The AsyncClient: coroutines under asyncio.run, gather, create_task and cancellation."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

import dg
from conftest import BUELLER_URL, PREAMBLE, PREAMBLE_SHA256, Emulator
from streams import Endless, Gated


@pytest.mark.asyncio
async def test_every_method(aclient: dg.AsyncClient, emulator: Emulator) -> None:
    resp = await aclient.transcribe_url(BUELLER_URL, model="nova-3", smart_format=True)
    assert resp.transcript
    resp = await aclient.transcribe_file(PREAMBLE, model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
    projects = await aclient.projects.list()
    assert projects[0].project_id == emulator.project_id
    key = await aclient.keys.create(emulator.project_id, comment="async", scopes=["member"])
    assert key.secret.reveal()
    listed = await aclient.keys.list(emulator.project_id, status="active")
    assert key.api_key_id in [k.api_key.api_key_id for k in listed]
    assert (await aclient.keys.get(emulator.project_id, key.api_key_id)).api_key.comment == "async"
    assert (await aclient.keys.delete(emulator.project_id, key.api_key_id)).message
    token = await aclient.auth.grant_token()
    assert token.access_token.reveal()


@pytest.mark.asyncio
async def test_calls_run_concurrently(aclient: dg.AsyncClient, emulator: Emulator) -> None:
    gated = Gated()
    first = asyncio.create_task(aclient.transcribe_file(gated))
    while not gated.started.is_set():
        await asyncio.sleep(0.01)
    # `first` cannot finish before `release`: these complete while it is in flight.
    projects, resp = await asyncio.gather(aclient.projects.list(), aclient.transcribe_file(PREAMBLE, model="nova-3"))
    assert projects[0].project_id == emulator.project_id
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
    assert not first.done()
    gated.release.set()
    answer = await first
    assert answer.metadata is not None and answer.metadata.duration == 1.0


@pytest.mark.asyncio
async def test_errors_are_raised_when_awaited(aclient: dg.AsyncClient, emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix="/v1/projects", status=404)
    with pytest.raises(dg.NotFoundError) as caught:
        await aclient.projects.list()
    assert caught.value.status == 404


@pytest.mark.asyncio
async def test_argument_errors_are_raised_at_the_call(aclient: dg.AsyncClient) -> None:
    with pytest.raises(TypeError, match="'colour'"):
        _ = aclient.transcribe_url(BUELLER_URL, colour="blue")  # type: ignore[call-arg]
    with pytest.raises(dg.InvalidOptionsError, match="smart_format"):
        _ = aclient.transcribe_url(BUELLER_URL, smart_format="yes")  # type: ignore[arg-type]
    # The core's checks of the values run in the request, before anything is sent.
    with pytest.raises(dg.InvalidOptionsError, match="keyterm"):
        await aclient.transcribe_url(BUELLER_URL, keyterm="x")


def test_coroutines_can_be_made_outside_a_loop(emulator: Emulator) -> None:
    client = dg.AsyncClient(api_key=emulator.owner_key, base_url=emulator.url)
    resp = asyncio.run(client.transcribe_file(PREAMBLE, model="nova-3"))
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
    projects = asyncio.run(client.projects.list())
    assert projects


@pytest.mark.asyncio
async def test_create_task(aclient: dg.AsyncClient) -> None:
    task = asyncio.create_task(aclient.transcribe_file(PREAMBLE.read_bytes(), model="nova-3"))
    resp = await task
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256


async def released(ref: weakref.ref[Endless]) -> bool:
    for _ in range(200):
        gc.collect()
        if ref() is None:
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.mark.asyncio
async def test_cancelling_a_task_drops_the_request(aclient: dg.AsyncClient) -> None:
    source = Endless()
    ref = weakref.ref(source)
    task = asyncio.create_task(aclient.transcribe_file(source))
    while not source.reading.is_set():
        await asyncio.sleep(0.01)
    del source
    gc.collect()
    assert ref() is not None, "the upload in flight holds its reader"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    del task
    # The reader is held only by the upload's stream; it is released once the Rust future
    # (request, body stream and the thread reading it) is dropped.
    assert await released(ref)


@pytest.mark.asyncio
async def test_wait_for_timeout_cancels(aclient: dg.AsyncClient) -> None:
    source = Endless()
    ref = weakref.ref(source)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(aclient.transcribe_file(source), timeout=0.3)
    del source
    assert await released(ref)


@pytest.mark.asyncio
async def test_async_with_closes(emulator: Emulator) -> None:
    async with dg.AsyncClient(api_key=emulator.owner_key, base_url=emulator.url) as client:
        assert await client.projects.list()
    with pytest.raises(dg.errors.ClosedError, match="closed"):
        await client.projects.list()


EXIT_SCRIPT = """
import asyncio, sys
import dg

async def main():
    client = dg.AsyncClient(api_key=sys.argv[2], base_url=sys.argv[1])
    await asyncio.gather(*(client.projects.list() for _ in range(8)))

asyncio.run(main())
"""

# Calls still in flight when the program ends: their tasks finish while the interpreter
# shuts down (after the waker thread was stopped), or are dropped with the loop.
EXIT_IN_FLIGHT_SCRIPT = """
import asyncio, sys
import dg

client = dg.AsyncClient(api_key=sys.argv[2], base_url=sys.argv[1])
loop = asyncio.new_event_loop()
loop.run_until_complete(client.projects.list())
tasks = [loop.create_task(client.projects.list()) for _ in range(8)]
loop.run_until_complete(asyncio.sleep(0.002))
sys.exit(0)
"""


@pytest.mark.parametrize("script", [EXIT_SCRIPT, EXIT_IN_FLIGHT_SCRIPT], ids=["after-await", "in-flight"])
def test_exiting_right_after_the_last_await_is_clean(emulator: Emulator, tmp_path: Path, script: str) -> None:
    # A runtime thread still inside Python as the interpreter shuts down crashes it
    # (SIGSEGV/SIGABRT) in a fraction of runs; async calls must not touch Python off-loop.
    for _ in range(30):
        done = subprocess.run(
            [sys.executable, "-c", script, emulator.url, emulator.owner_key],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
