"""Live streaming through `client.listen`: the core's session in Python's idioms (with/for,
async with/async for), Flux turns and Configure, errors typed as everywhere else."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

import dg
from conftest import PREAMBLE, Emulator

CHUNK = 8 * 1024


def chunks() -> list[bytes]:
    audio = PREAMBLE.read_bytes()
    return [audio[i : i + CHUNK] for i in range(0, len(audio), CHUNK)]


def test_the_preamble_streamed_gives_its_transcript_and_ends_with_metadata(client: dg.Client) -> None:
    with client.listen.live(model="nova-3", smart_format=True, interim_results=True) as session:
        assert session.request_id
        def feed() -> None:
            for chunk in chunks():
                session.send(chunk)
            session.close()

        sender = threading.Thread(target=feed)
        sender.start()
        events = list(session)
        sender.join()
    finals = [e for e in events if isinstance(e, dg.StreamingResult) and e.is_final]
    interims = [e for e in events if isinstance(e, dg.StreamingResult) and not e.is_final]
    assert interims, "interim results were asked for"
    text = " ".join(e.channel.alternatives[0].transcript for e in finals if e.channel.alternatives[0].transcript)
    assert text.startswith("We, the people of The United States"), text
    assert text.endswith("United States Of America."), text
    assert isinstance(events[-1], dg.ListenMetadata)
    assert events[-1].to_dict()["type"] == "Metadata"


def test_leaving_the_with_block_closes_the_socket_at_once(client: dg.Client) -> None:
    with client.listen.live(model="nova-3") as session:
        session.send(chunks()[0])
    # Nothing more can be sent; the events end without waiting for the server.
    with pytest.raises(dg.InvalidOptionsError):
        session.send(chunks()[1])
    assert not any(isinstance(e, dg.ListenMetadata) for e in session), "no CloseStream was sent"


def test_options_and_settings_are_checked_before_anything_is_sent(client: dg.Client) -> None:
    with pytest.raises(TypeError, match="smart_formatt"):
        client.listen.live(smart_formatt=True)  # type: ignore[call-arg]
    with pytest.raises(dg.InvalidOptionsError) as refused:
        client.listen.flux(eot_threshold=0.7)
    assert refused.value.option == "model"
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


def test_a_refused_stream_is_the_rest_error(emulator: Emulator) -> None:
    with dg.Client(api_key="not-a-real-key-0123456789", base_url=emulator.url) as bad:
        with pytest.raises(dg.AuthError) as refused:
            bad.listen.live(model="nova-3")
    assert "not-a-real-key" not in str(refused.value)


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
    import time

    with client.listen.live(model="nova-3") as session:
        started = time.monotonic()
        session.stream(PREAMBLE.read_bytes()[: 44_100 * 2], speed=4.0)  # 2 s of audio at 4x
        assert time.monotonic() - started >= 0.4
        with pytest.raises(dg.InvalidOptionsError):
            session.stream(b"abc", speed=0)


@pytest.mark.asyncio
async def test_async_stream_raises_the_iterables_own_exception(aclient: dg.AsyncClient) -> None:
    def broken() -> Iterator[bytes]:
        yield chunks()[0]
        raise ValueError("the microphone went away")

    async with aclient.listen.live(model="nova-3") as session:
        with pytest.raises(ValueError, match="microphone"):
            await session.stream(broken())


def test_reconnection_through_a_dropped_stream_loses_and_repeats_nothing(
    client: dg.Client, emulator: Emulator
) -> None:
    emulator.fault(count=1, path_prefix="/v1/listen", cut_live_after_messages=3)
    settings: dg.LiveSettings = {"reconnect": True, "replay_seconds": 20}
    with client.listen.live(model="nova-3", smart_format=True, settings=settings) as session:
        def feed() -> None:
            for chunk in chunks():
                session.send(chunk)
            session.close()

        sender = threading.Thread(target=feed)
        sender.start()
        events = list(session)
        sender.join()
    reconnected = [e for e in events if isinstance(e, dict) and e.get("type") == "dg.Reconnected"]
    assert len(reconnected) == 1, events
    words = [
        w.punctuated_word
        for e in events
        if isinstance(e, dg.StreamingResult) and e.is_final
        for w in e.channel.alternatives[0].words
    ]
    rest = dg.Client(api_key=emulator.owner_key, base_url=emulator.url).transcribe_file(
        PREAMBLE, model="nova-3", smart_format=True
    )
    assert words == [w.punctuated_word for w in rest.results.channels[0].alternatives[0].words]


def test_bad_settings_are_a_config_error_naming_the_setting(client: dg.Client) -> None:
    with pytest.raises(dg.ConfigError) as refused:
        client.listen.live(model="nova-3", settings={"keep_alive_ms": 20_000})
    assert refused.value.option == "keep_alive_ms"
    with pytest.raises(dg.ConfigError) as refused:
        client.listen.live(model="nova-3", settings={"replay_seconds": 5})
    assert refused.value.option == "replay_seconds"
