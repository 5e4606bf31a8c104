"""Live streaming through `client.listen`: the core's session in Python's idioms (with/for,
async with/async for), Flux turns and Configure, errors typed as everywhere else.

What every language must do with a stream (the recorded transcript then Metadata, interim
results, Finalize, options and settings refused before connecting, typed close codes,
reconnection) is in the conformance suite (tests/conformance/cases/live.json, run by
test_conformance.py); this file holds what is Python's own: typed events, threads and asyncio,
leaving `with` or cancelling a task, pacing, concurrency, reprs.
"""

from __future__ import annotations

import asyncio
import json
import time
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import dg
from conftest import PREAMBLE, REPO, Emulator

CHUNK = 8 * 1024
# The preamble's length (tests/fixtures/audio/SOURCES.md).
PREAMBLE_SECONDS = 19.098
# Its first 4 s (WAV header included), with the words up to "a more perfect".
PREAMBLE_START = 176_444


def recorded_transcript() -> str:
    """The preamble's recorded transcript, as the conformance cases expect it."""
    cases = json.loads((REPO / "tests" / "conformance" / "cases" / "live.json").read_text())
    case = next(c for c in cases if c["name"] == "live_preamble_gives_the_recorded_words_then_metadata")
    transcript: str = case["expect"]["ok"]["transcript"]
    return transcript


def final_text(events: list[Any]) -> str:
    """The final results' non-empty transcripts, joined by a space."""
    return " ".join(
        e.channel.alternatives[0].transcript
        for e in events
        if isinstance(e, dg.StreamingResult) and e.is_final and e.channel.alternatives[0].transcript
    )


def chunks() -> list[bytes]:
    audio = PREAMBLE.read_bytes()
    return [audio[i : i + CHUNK] for i in range(0, len(audio), CHUNK)]


def test_the_preamble_streamed_at_10x_real_time_gives_the_recorded_transcript(client: dg.Client) -> None:
    with client.listen.live(model="nova-3", smart_format=True) as session:
        started = time.monotonic()
        sent = session.stream(PREAMBLE, speed=10)
        took = time.monotonic() - started
        session.close()
        events = list(session)
    assert sent == PREAMBLE.stat().st_size
    # Paced: about a tenth of the audio's length, neither as fast as possible nor real time.
    assert PREAMBLE_SECONDS / 10 * 0.9 <= took < PREAMBLE_SECONDS / 3, took
    assert final_text(events) == recorded_transcript()
    # Typed events: results, then the stream's Metadata last.
    assert all(isinstance(e, dg.StreamingResult) for e in events[:-1]), events
    assert isinstance(events[-1], dg.ListenMetadata) and events[-1].to_dict()["type"] == "Metadata"
    assert events[-1].request_id == session.request_id


@pytest.mark.asyncio
async def test_the_preamble_streamed_at_10x_real_time_async_gives_the_recorded_transcript(
    aclient: dg.AsyncClient,
) -> None:
    async with aclient.listen.live(model="nova-3", smart_format=True) as session:

        async def read() -> list[Any]:
            return [e async for e in session]

        reader = asyncio.create_task(read())  # reads while the audio is sent
        started = time.monotonic()
        sent = await session.stream(PREAMBLE, speed=10)
        took = time.monotonic() - started
        await session.close()
        events = await asyncio.wait_for(reader, 30)
    assert sent == PREAMBLE.stat().st_size
    assert PREAMBLE_SECONDS / 10 * 0.9 <= took < PREAMBLE_SECONDS / 3, took
    assert final_text(events) == recorded_transcript()
    assert all(isinstance(e, dg.StreamingResult) for e in events[:-1]), events
    assert isinstance(events[-1], dg.ListenMetadata)


def test_leaving_the_with_block_closes_the_socket_at_once(client: dg.Client) -> None:
    with client.listen.live(model="nova-3") as session:
        session.send(chunks()[0])
    # Nothing more can be sent; the events end without waiting for the server.
    with pytest.raises(dg.ClosedError):
        session.send(chunks()[1])
    assert not any(isinstance(e, dg.ListenMetadata) for e in session), "no CloseStream was sent"


def test_an_unknown_keyword_is_a_type_error(client: dg.Client) -> None:
    # A misspelt or foreign keyword is Python's TypeError (the values: the conformance cases).
    with pytest.raises(TypeError, match="smart_formatt"):
        client.listen.live(smart_formatt=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="punctuate"):
        client.listen.flux(model="flux-general-en", punctuate=True)  # type: ignore[call-arg]


def test_flux_turns_and_configure(client: dg.Client) -> None:
    with client.listen.flux(model="flux-general-en") as session:
        session.configure(eot_threshold=0.8, keyterms=["Deepgram"])
        with pytest.raises(dg.InvalidOptionsError) as refused:
            session.configure(eot_timeout_ms=50)
        assert refused.value.option == "eot_timeout_ms"
        with pytest.raises(dg.InvalidOptionsError):
            session.finalize()
        for chunk in chunks():
            session.send(chunk)
        session.close()
        events = list(session)
    assert isinstance(events[0], dg.FluxConnected)
    success = next(e for e in events if isinstance(e, dg.ConfigureSuccess))
    assert success.thresholds is not None and success.thresholds.eot_threshold == 0.8
    assert list(success.keyterms) == ["Deepgram"]
    ends = [e for e in events if isinstance(e, dg.TurnInfo) and e.event == "EndOfTurn"]
    text = " ".join(e.transcript for e in ends)
    assert text.startswith("We, the people") and text.endswith("America."), text
    numbered = [e for e in events if isinstance(e, (dg.FluxConnected, dg.TurnInfo, dg.ConfigureSuccess))]
    assert len(numbered) == len(events), "only Flux messages"
    assert [e.sequence_id for e in numbered] == list(range(len(events)))


@pytest.mark.asyncio
async def test_async_with_and_async_for(aclient: dg.AsyncClient) -> None:
    async with aclient.listen.live(model="nova-3", smart_format=True) as session:
        assert session.request_id
        for chunk in chunks():
            await session.send(chunk)
        await session.close()
        events = [e async for e in session]
    finals = [e.channel.alternatives[0].transcript for e in events if isinstance(e, dg.StreamingResult) and e.is_final]
    assert " ".join(t for t in finals if t).startswith("We, the people")
    assert isinstance(events[-1], dg.ListenMetadata)


@pytest.mark.asyncio
async def test_an_async_session_is_opened_by_await_and_refuses_use_before(aclient: dg.AsyncClient) -> None:
    pending = aclient.listen.flux(model="flux-general-en")
    with pytest.raises(RuntimeError, match="not open"):
        await pending.send(b"x")
    session = await pending
    await session.close()
    events = [e async for e in session]
    assert isinstance(events[0], dg.FluxConnected)


@pytest.mark.parametrize("audio", ["path", "file", "iterable"])
def test_stream_sends_a_file_or_any_iterable_of_bytes(client: dg.Client, audio: str) -> None:
    source: object = {
        "path": PREAMBLE,
        "file": PREAMBLE.open("rb"),
        "iterable": iter(chunks()),
    }[audio]
    with client.listen.live(model="nova-3", smart_format=True) as session:
        sent = session.stream(source)  # type: ignore[arg-type]
        assert sent == PREAMBLE.stat().st_size
        session.close()
        text = " ".join(
            e.channel.alternatives[0].transcript
            for e in session
            if isinstance(e, dg.StreamingResult) and e.is_final and e.channel.alternatives[0].transcript
        )
    assert text.startswith("We, the people") and text.endswith("America."), text


def test_stream_paces_at_the_speed_asked_and_refuses_a_bad_one(client: dg.Client) -> None:
    with client.listen.live(model="nova-3") as session:
        started = time.monotonic()
        session.stream(PREAMBLE.read_bytes()[: 44_100 * 2], speed=4.0)  # 2 s of audio at 4x
        assert time.monotonic() - started >= 0.4
        with pytest.raises(dg.InvalidOptionsError):
            session.stream(b"abc", speed=0)


def test_nothing_is_sent_after_close(client: dg.Client) -> None:
    with client.listen.live(model="nova-3") as session:
        session.send(chunks()[0])
        session.close()
        session.close()  # once is enough: CloseStream goes out once
        with pytest.raises(dg.ClosedError) as raised:
            session.send(chunks()[1])
        assert raised.value.request_sent is False
        assert any(isinstance(e, dg.ListenMetadata) for e in session)


@pytest.mark.asyncio
async def test_async_stream_raises_the_iterables_own_exception(aclient: dg.AsyncClient) -> None:
    def broken() -> Iterator[bytes]:
        yield chunks()[0]
        raise ValueError("the microphone went away")

    async with aclient.listen.live(model="nova-3") as session:
        with pytest.raises(ValueError, match="microphone"):
            await session.stream(broken())


def test_replay_without_reconnection_is_a_config_error_naming_it(client: dg.Client) -> None:
    with pytest.raises(dg.ConfigError) as refused:
        client.listen.live(model="nova-3", settings={"replay_seconds": 5})
    assert refused.value.option == "replay_seconds"


def test_breaking_out_of_the_events_inside_with_closes_the_socket(own_emulator: Emulator) -> None:
    with dg.Client(api_key=own_emulator.owner_key, base_url=own_emulator.url) as client:
        with client.listen.live(model="nova-3") as session:
            session.stream(PREAMBLE)  # and no CloseStream: the server keeps the stream open
            for event in session:
                if isinstance(event, dg.StreamingResult):
                    break
            assert own_emulator.live_streams_open() == 1
        # `session` is still referenced: only leaving `with` can have closed the socket.
        own_emulator.wait_live_streams_closed(within=1.0)
        assert session.request_id and own_emulator.stats()["live_streams_opened"] == 1


@pytest.mark.asyncio
async def test_cancelling_a_task_in_async_for_closes_the_socket(own_emulator: Emulator) -> None:
    reading = asyncio.Event()
    kept: list[dg.AsyncLiveSession] = []  # so only leaving `async with` can close the socket

    async def listen(aclient: dg.AsyncClient) -> None:
        async with aclient.listen.live(model="nova-3") as session:
            kept.append(session)
            await session.stream(PREAMBLE)  # and no CloseStream
            async for _ in session:
                reading.set()

    async with dg.AsyncClient(api_key=own_emulator.owner_key, base_url=own_emulator.url) as aclient:
        task = asyncio.create_task(listen(aclient))
        await asyncio.wait_for(reading.wait(), 30)
        await asyncio.sleep(0.05)  # the task is now waiting for events that never come
        assert not task.done()
        assert own_emulator.live_streams_open() == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        own_emulator.wait_live_streams_closed(within=1.0)


@pytest.mark.asyncio
async def test_100_concurrent_sessions_from_one_process(own_emulator: Emulator) -> None:
    count = 100
    audio = PREAMBLE.read_bytes()[:PREAMBLE_START]
    all_open = asyncio.Barrier(count)
    checked = asyncio.Event()
    seen_open: list[int] = []

    def streams_open_reach(wanted: int, within: float = 5.0) -> int:
        # The emulator counts a stream once its upgrade has run, a moment after the client's 101.
        deadline = time.monotonic() + within
        while (now := own_emulator.live_streams_open()) != wanted and time.monotonic() < deadline:
            time.sleep(0.02)
        return now

    async def one(aclient: dg.AsyncClient) -> tuple[str | None, list[Any]]:
        async with aclient.listen.live(model="nova-3", smart_format=True) as session:
            # Every session is open at once: the emulator holds all of them.
            if await all_open.wait() == 0:
                try:
                    seen_open.append(await asyncio.to_thread(streams_open_reach, count))
                finally:
                    checked.set()
            await checked.wait()
            await session.stream(audio)
            await session.close()
            return session.request_id, [e async for e in session]

    async with dg.AsyncClient(api_key=own_emulator.owner_key, base_url=own_emulator.url) as aclient:
        outcomes = await asyncio.wait_for(asyncio.gather(*(one(aclient) for _ in range(count))), 120)
    assert seen_open == [count]
    assert len({request_id for request_id, _ in outcomes}) == count
    for request_id, events in outcomes:
        assert final_text(events) == "We, the people of The United States, in order to form a more perfect", events
        assert isinstance(events[-1], dg.ListenMetadata) and events[-1].request_id == request_id
    assert own_emulator.stats()["live_streams_opened"] == count
    own_emulator.wait_live_streams_closed(within=1.0)


def shown(value: object) -> list[str]:
    """Every common rendering of `value`: repr, str, ascii, and an error's fields and traceback."""
    texts = [repr(value), str(value), ascii(value)]
    if isinstance(value, BaseException):
        texts.append("".join(traceback.format_exception(value)))
        texts += [repr(v) for v in vars(value).values()]
    return texts


def test_no_repr_of_a_stream_or_its_errors_holds_the_key(emulator: Emulator) -> None:
    key = emulator.member("live-reprs@example.com", "member")
    texts: list[str] = []

    def failure(call: Any) -> None:
        with pytest.raises(dg.DeepgramError) as raised:
            call()
        texts.extend(shown(raised.value))

    with dg.Client(api_key=key, base_url=emulator.url, retries=0) as client:
        texts += shown(client) + shown(client.listen)
        with client.listen.live(model="nova-3", interim_results=True) as session:
            texts += shown(session)
            session.stream(PREAMBLE.read_bytes()[:PREAMBLE_START])
            session.finalize()
            session.close()
            events = list(session)
        texts += [t for e in events for t in shown(e)]
        failure(lambda: session.send(b"after the with block"))
        # Errors that end a stream: a 1008 close, a dropped connection.
        for fault in ({"close_code": 1008}, {}):
            emulator.fault(count=1, path_prefix="/v1/listen", cut_live_after_messages=2, **fault)
            with client.listen.live(model="nova-3") as session:
                texts += shown(session)

                def drained() -> None:
                    try:
                        session.stream(PREAMBLE)
                        session.close()
                    except dg.DeepgramError as refused:  # the server may close first
                        texts.extend(shown(refused))
                    texts.extend(t for e in session for t in shown(e))  # ends in the error

                failure(drained)
        with client.listen.flux(model="flux-general-en") as session:
            texts += shown(session)
            failure(session.finalize)
            failure(lambda: session.configure(eot_timeout_ms=50))
        failure(lambda: client.listen.live(model="nova-2", keyterm=["x"]))
        failure(lambda: client.listen.live(model="nova-3", settings={"keep_alive_ms": 1}))
    with dg.Client(api_key=key + "0", base_url=emulator.url, retries=0) as wrong:
        texts += shown(wrong)
        failure(lambda: wrong.listen.live(model="nova-3"))
    assert any("Results" in t for t in texts) and any("BadRequestError" in t for t in texts), "the streams ran"
    leaked = [t for t in texts if key in t]
    assert not leaked, leaked


@pytest.mark.asyncio
async def test_no_repr_of_an_async_stream_holds_the_key(emulator: Emulator) -> None:
    key = emulator.member("live-reprs-async@example.com", "member")
    texts: list[str] = []
    async with dg.AsyncClient(api_key=key, base_url=emulator.url, retries=0) as aclient:
        texts += shown(aclient) + shown(aclient.listen)
        pending = aclient.listen.live(model="nova-3")
        texts += shown(pending)
        async with pending as session:
            texts += shown(session)
            await session.stream(PREAMBLE.read_bytes()[:PREAMBLE_START])
            await session.close()
            texts += [t async for e in session for t in shown(e)]
        with pytest.raises(dg.DeepgramError) as raised:
            await session.send(b"after the with block")
        texts += shown(raised.value)
    async with dg.AsyncClient(api_key=key + "0", base_url=emulator.url, retries=0) as wrong:
        texts += shown(wrong)
        with pytest.raises(dg.AuthError) as refused:
            async with wrong.listen.live(model="nova-3"):
                pass
        texts += shown(refused.value)
    assert any("ListenMetadata" in t for t in texts), "the stream ran"
    leaked = [t for t in texts if key in t]
    assert not leaked, leaked
