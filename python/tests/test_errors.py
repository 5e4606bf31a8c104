"""Every error class, raised from real failures (the emulator's fault injection)."""

from __future__ import annotations

import builtins
import errno
import json
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

import dg
from conftest import PREAMBLE, REPO, Emulator

LISTEN = "/v1/listen"


@pytest.fixture
def once(emulator: Emulator) -> Iterator[dg.Client]:
    """A client that does not retry, so one fault is one failure."""
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url, retries=0) as c:
        yield c


def roundtrip(error: dg.DeepgramError) -> dg.DeepgramError:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
    return copy


@pytest.mark.parametrize(
    ("fault", "cls", "status", "code", "builtin"),
    [
        ({"status": 400}, dg.BadRequestError, 400, None, None),
        ({"error": "invalid_json"}, dg.BadRequestError, 400, "INVALID_JSON", None),
        ({"status": 402}, dg.PaymentRequiredError, 402, "ASR_PAYMENT_REQUIRED", None),
        ({"status": 403}, dg.PermissionDeniedError, 403, "FORBIDDEN", None),
        ({"error": "project_not_found"}, dg.NotFoundError, 404, "PROJECT_NOT_FOUND", None),
        ({"error": "uuid_parsing_failed"}, dg.NotFoundError, 404, None, None),
        ({"status": 413}, dg.BadRequestError, 413, None, None),
        ({"status": 429, "retry_after": 1}, dg.RateLimitError, 429, "TOO_MANY_REQUESTS", None),
        ({"status": 500}, dg.ServerError, 500, None, None),
        ({"status": 503}, dg.ServerError, 503, "SERVICE_UNAVAILABLE", None),
        ({"error": "insufficient_permissions"}, dg.AuthError, 401, "INSUFFICIENT_PERMISSIONS", None),
    ],
)
def test_api_errors(
    once: dg.Client, emulator: Emulator, fault: dict[str, Any], cls: type[dg.DeepgramError],
    status: int, code: str | None, builtin: type[Exception] | None,
) -> None:
    emulator.fault(count=1, path_prefix=LISTEN, **fault)
    with pytest.raises(cls) as caught:
        once.transcribe_file(PREAMBLE, model="nova-3")
    error = caught.value
    assert isinstance(error, dg.DeepgramError)
    assert error.status == status
    if code is not None:
        assert error.code == code
    assert error.message and error.message in str(error)
    assert error.request_id
    copy = roundtrip(error)
    assert copy.status == status and copy.request_id == error.request_id
    if isinstance(error, dg.RateLimitError):
        assert error.retry_after == 1.0 and error.retry_after_ms == 1000
        assert isinstance(copy, dg.RateLimitError) and copy.retry_after == 1.0


def test_bad_credentials(emulator: Emulator) -> None:
    with dg.Client(api_key="wrong-key", base_url=emulator.url) as bad:
        with pytest.raises(dg.AuthError) as caught:
            bad.projects.list()
    assert caught.value.status == 401 and caught.value.code == "INVALID_AUTH"
    assert "Invalid credentials." in caught.value.message
    assert caught.value.message == str(caught.value)
    assert caught.value.kind == "auth" and caught.value.request_sent is True


def test_failures_are_retried_by_default(client: dg.Client, emulator: Emulator) -> None:
    before = emulator.stats()["listen_requests"]
    emulator.fault(count=1, path_prefix=LISTEN, status=503, retry_after=0)
    resp = client.transcribe_file(PREAMBLE, model="nova-3")
    assert resp.transcript
    assert emulator.stats()["requests"] > 0
    assert emulator.stats()["listen_requests"] - before == 1  # the faulted attempt never reached it


def test_timeout(emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix="/v1/projects", delay_ms=3000)
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url, timeout_ms=200, retries=0) as quick:
        with pytest.raises(dg.TimeoutError) as caught:
            quick.projects.list()
    assert isinstance(caught.value, builtins.TimeoutError)
    assert caught.value.request_sent is True  # connected, then no answer in time
    roundtrip(caught.value)


def test_dropped_connection_is_a_network_error(once: dg.Client, emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix="/v1/projects", drop="connection")
    with pytest.raises(dg.NetworkError) as caught:
        once.projects.list()
    assert isinstance(caught.value, ConnectionError)
    assert caught.value.status is None
    roundtrip(caught.value)


def test_undecodable_answer(once: dg.Client, emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix=LISTEN, status=200, body="<html>not json</html>")
    with pytest.raises(dg.DecodeError) as caught:
        once.transcribe_file(PREAMBLE)
    assert caught.value.status == 200 and "<html>" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    roundtrip(caught.value)


def test_created_key_with_undecodable_answer_keeps_the_secret(once: dg.Client, emulator: Emulator) -> None:
    # Decodable but for one field: the key exists, its secret must not be lost or shown.
    answer = '{"api_key_id": "k1", "comment": "c", "scopes": "member", "key": "0123456789abcdef"}'
    emulator.fault(count=1, path_prefix=f"/v1/projects/{emulator.project_id}/keys", status=200, body=answer)
    with pytest.raises(dg.KeyCreatedUndecodableError) as caught:
        once.keys.create(emulator.project_id, comment="c", scopes=["member"])
    error = caught.value
    assert error.raw is not None and error.raw.reveal() == answer
    assert "0123456789abcdef" not in str(error) and "0123456789abcdef" not in repr(error)
    copy = roundtrip(error)
    assert isinstance(copy, dg.KeyCreatedUndecodableError) and copy.raw == error.raw


def test_missing_file(client: dg.Client, emulator: Emulator, tmp_path: Any) -> None:
    missing = tmp_path / "nope.wav"
    before = emulator.stats()["requests"]
    with pytest.raises(dg.FileError) as caught:
        client.transcribe_file(missing)
    error = caught.value
    assert isinstance(error, OSError) and error.kind == "io"
    assert error.path == error.filename == str(missing) and error.errno == errno.ENOENT
    assert error.request_sent is False
    assert str(missing) in str(error)
    copy = roundtrip(error)
    assert isinstance(copy, dg.FileError) and copy.filename == error.filename and copy.errno == errno.ENOENT
    assert emulator.stats()["requests"] == before


def test_unreadable_file(client: dg.Client, tmp_path: Any) -> None:
    locked = tmp_path / "locked.wav"
    locked.write_bytes(PREAMBLE.read_bytes())
    locked.chmod(0)
    try:
        open(locked, "rb").close()
        pytest.skip("running as a user that reads any file (root)")
    except PermissionError:
        pass
    with pytest.raises(dg.FileError) as caught:
        client.transcribe_file(locked)
    assert caught.value.errno == errno.EACCES and caught.value.path == str(locked)


def test_a_directory_or_empty_file_is_a_file_error(client: dg.Client, tmp_path: Any) -> None:
    with pytest.raises(dg.FileError, match="not a regular file"):
        client.transcribe_file(tmp_path)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(dg.FileError, match="empty"):
        client.transcribe_file(empty)


@pytest.mark.parametrize(
    ("kwargs", "setting", "fragment"),
    [
        # Python values the core's types refuse; the settings rules themselves are cases of
        # the conformance suite (tests/conformance/cases/settings.json).
        ({"timeout_ms": -1}, "timeout_ms", "`timeout_ms`"),
        ({"timeout_ms": 1.5}, "timeout_ms", "`timeout_ms`"),
        ({"retries": True}, "retries", "`retries`"),
    ],
)
def test_bad_settings(kwargs: dict[str, Any], setting: str, fragment: str) -> None:
    with pytest.raises(dg.ConfigError, match=fragment) as caught:
        dg.Client(api_key="k", **kwargs)
    assert isinstance(caught.value, ValueError)
    assert caught.value.option == setting and caught.value.request_sent is False
    roundtrip(caught.value)


def test_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPGRAM_API_KEY", raising=False)
    monkeypatch.delenv("DEEPGRAM_ACCESS_TOKEN", raising=False)
    with pytest.raises(dg.ConfigError, match="no credentials") as caught:
        dg.Client()
    assert caught.value.option == "api_key"


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> None:
    monkeypatch.delenv("DEEPGRAM_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("DEEPGRAM_API_KEY", emulator.owner_key)
    with dg.Client(base_url=emulator.url) as c:
        assert c.projects.list()


def test_a_closed_client_refuses_calls(emulator: Emulator) -> None:
    c = dg.Client(api_key=emulator.owner_key, base_url=emulator.url)
    keys = c.keys
    c.close()
    with pytest.raises(dg.errors.ClosedError, match="the client is closed") as raised:
        c.projects.list()
    assert raised.value.request_sent is False
    # The core's kind, and still the RuntimeError Python code may catch.
    assert isinstance(raised.value, RuntimeError)
    with pytest.raises(dg.errors.ClosedError):
        keys.list(emulator.project_id)
    with pytest.raises(dg.errors.ClosedError):
        c.listen.live(model="nova-3")
    assert repr(c) == "Client(closed)"


def test_a_class_per_kind_of_the_core() -> None:
    """The classes are generated from the core's table (tests/schema/errors.json): one per kind,
    named by its stem, under its parent's class, exported by `dg`."""
    schema = json.loads((REPO / "tests" / "schema" / "errors.json").read_text())
    for kind in schema["kinds"]:
        cls = getattr(dg, f"{kind['class_stem']}Error")
        assert cls is getattr(dg.errors, cls.__name__) and cls.__name__ in dg.__all__
        assert cls.kind == kind["name"] and issubclass(cls, dg.DeepgramError)
        if kind["parent"] is not None:
            parent = next(k for k in schema["kinds"] if k["name"] == kind["parent"])
            assert issubclass(cls, getattr(dg, f"{parent['class_stem']}Error"))
    names = {f"{k['class_stem']}Error" for k in schema["kinds"]}
    assert set(dg.errors.__all__) == names | {"DeepgramError"}


def test_every_error_carries_every_record_field() -> None:
    schema = json.loads((REPO / "tests" / "schema" / "errors.json").read_text())
    error = dg.ServerError("boom", status=503, request_sent=True, retry_after_ms=1500)
    for field in schema["record_fields"]:
        assert hasattr(error, field), field
    assert error.retry_after == 1.5 and error.option is None and error.path is None
    with pytest.raises(TypeError, match="raw"):
        dg.ServerError("boom", raw=None)

