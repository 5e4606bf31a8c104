"""Transcription with the blocking client: every kind of audio source, and options."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

import dg
from conftest import BUELLER_URL, PREAMBLE, PREAMBLE_SHA256, Emulator


def test_url_source_gets_the_recorded_answer(client: dg.Client) -> None:
    resp = client.transcribe_url(BUELLER_URL, model="nova-3", smart_format=True)
    assert resp.results is not None
    words = resp.results.channels[0].alternatives[0].words
    assert len(words) > 10
    assert resp.transcript is not None and "Life moves pretty fast" in resp.transcript


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: str(PREAMBLE), id="str path"),
        pytest.param(lambda: PREAMBLE, id="pathlib"),
        pytest.param(lambda: PREAMBLE.read_bytes(), id="bytes"),
        pytest.param(lambda: bytearray(PREAMBLE.read_bytes()), id="bytearray"),
        pytest.param(lambda: memoryview(PREAMBLE.read_bytes()), id="memoryview"),
        pytest.param(lambda: io.BytesIO(PREAMBLE.read_bytes()), id="BytesIO"),
        pytest.param(
            lambda: iter([PREAMBLE.read_bytes()[:1000], b"", PREAMBLE.read_bytes()[1000:]]),
            id="iterator of bytes",
        ),
    ],
)
def test_every_audio_source_uploads_the_exact_bytes(client: dg.Client, emulator: Emulator, make: Any) -> None:
    before = emulator.stats()["audio_bytes_received"]
    resp = client.transcribe_file(make(), model="nova-3", smart_format=True)
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
    assert emulator.stats()["audio_bytes_received"] - before == PREAMBLE.stat().st_size
    assert resp.transcript is not None and resp.transcript.startswith("We, the people")


def test_open_file_is_streamed_from_its_current_position(client: dg.Client, tmp_path: Path) -> None:
    prefix = b"not audio, skipped by the caller\n"
    path = tmp_path / "prefixed.bin"
    path.write_bytes(prefix + PREAMBLE.read_bytes())
    with open(path, "rb") as f:
        f.seek(len(prefix))
        resp = client.transcribe_file(f, model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256


def test_open_file_at_its_start_is_sent_by_path(client: dg.Client) -> None:
    with open(PREAMBLE, "rb") as f:
        resp = client.transcribe_file(f, model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256


def test_pipe_is_read_through_python(client: dg.Client) -> None:
    read_end, write_end = os.pipe()
    data = PREAMBLE.read_bytes()

    def feed() -> None:
        with open(write_end, "wb") as w:
            w.write(data)

    import threading

    writer = threading.Thread(target=feed)
    writer.start()
    with open(read_end, "rb") as r:
        resp = client.transcribe_file(r, model="nova-3")
    writer.join()
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256


def test_an_exception_from_read_is_raised_as_is(client: dg.Client) -> None:
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            raise ValueError("disk on fire")

    with pytest.raises(ValueError, match="disk on fire"):
        client.transcribe_file(Broken(), model="nova-3")


def test_wrong_audio_types_are_refused_before_sending(client: dg.Client, emulator: Emulator) -> None:
    before = emulator.stats()["requests"]
    with pytest.raises(TypeError, match="binary mode"):
        with open(PREAMBLE, encoding="latin-1") as text:
            client.transcribe_file(text)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="audio must be"):
        client.transcribe_file(42)  # type: ignore[arg-type]
    assert emulator.stats()["requests"] == before


def test_a_chunk_that_is_not_bytes_raises_type_error(client: dg.Client) -> None:
    with pytest.raises(TypeError, match="chunks must be bytes, got str"):
        client.transcribe_file(iter(["text"]))  # type: ignore[arg-type]


def test_given_content_type_is_used_for_a_path(client: dg.Client) -> None:
    resp = client.transcribe_file(PREAMBLE, content_type="audio/wav", model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256


def test_list_options_repeat_their_key(client: dg.Client) -> None:
    resp = client.transcribe_file(PREAMBLE, model="nova-3", tag=["one", "two"], extra=["team:core", "run:7"])
    assert resp.metadata is not None
    assert list(resp.metadata.tags) == ["one", "two"]
    assert resp.metadata.extra == {"team": "core", "run": "7"}


def test_a_single_string_is_a_one_item_list(client: dg.Client) -> None:
    resp = client.transcribe_file(PREAMBLE, model="nova-3", tag="solo")
    assert resp.metadata is not None and list(resp.metadata.tags) == ["solo"]


def test_unknown_keyword_arguments_are_a_type_error_naming_them(client: dg.Client, emulator: Emulator) -> None:
    before = emulator.stats()["requests"]
    with pytest.raises(TypeError, match=r"transcribe_file\(\) got unexpected keyword arguments 'smartformat', 'modle'"):
        client.transcribe_file(PREAMBLE, smartformat=True, modle="nova-3")  # type: ignore[call-arg]
    assert emulator.stats()["requests"] == before


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"smart_format": "false"}, "`smart_format`: invalid type: string \"false\", expected a boolean"),
        ({"sample_rate": -1}, "`sample_rate`"),
        # The core's own checks (keyterm, keywords, encoding, replace, callback_method, ...)
        # are cases of the conformance suite (tests/conformance/cases/options.json).
    ],
)
def test_invalid_options_are_refused_by_the_core_before_sending(
    client: dg.Client, emulator: Emulator, options: dict[str, Any], fragment: str
) -> None:
    before = emulator.stats()["requests"]
    with pytest.raises(dg.InvalidOptionsError) as caught:
        client.transcribe_url(BUELLER_URL, **options)
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert emulator.stats()["requests"] == before


def test_none_means_unset(client: dg.Client) -> None:
    resp = client.transcribe_file(PREAMBLE, model="nova-3", smart_format=None, tag=None, custom_topic=None)
    assert resp.metadata is not None and len(resp.metadata.tags) == 0


def test_every_core_option_is_a_keyword(client: dg.Client) -> None:
    assert dg.OPTION_NAMES == list(dg.ListenOptions.__annotations__)


def chunks(data: bytes, size: int) -> Iterator[bytes]:
    for at in range(0, len(data), size):
        yield data[at : at + size]


def test_a_generator_is_streamed_in_order(client: dg.Client) -> None:
    resp = client.transcribe_file(chunks(PREAMBLE.read_bytes(), 4096), model="nova-3")
    assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256

