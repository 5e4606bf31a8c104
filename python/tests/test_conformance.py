"""The conformance suite (tests/conformance/README.md): every case of
tests/conformance/cases/*.json, run through the public blocking API (`dg.Client`) against the
emulator. A case is data only; one pytest test per case, its id the case's name.

Live cases (`live`, `flux`) open the stream with `client.listen.live(...)` / `flux(...)`, send the
audio from a thread while this one iterates the session, and match the summary of the events
that `summary` builds from each event's JSON, as the Rust runner does.

Cases run against the session's emulator: a case's fault is used up by its own call (its
`count` is the number of requests the call makes).

`conftest.py` prints the summary line (cases run and passed) at the end of the session.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dg
from conftest import AUDIO, REPO, Emulator, unused_port

CASES_DIR = REPO / "tests" / "conformance" / "cases"
DEFAULT_CLIENT = {"api_key": "$owner_key", "base_url": "$url", "retries": 0}
# A well-formed API key (40 hex characters, like Deepgram's) that no emulator knows.
CANARY = secrets.token_hex(20)
CHUNK = 64 * 1024
LIVE_CHUNK = 8 * 1024
MATCHERS = ("contains", "present", "min_len")
ABSENT = object()


def load_cases() -> list[Any]:
    params: list[Any] = []
    seen: dict[str, Path] = {}
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text()):
            name = case["name"]
            if name in seen:
                raise ValueError(f"case {name!r} is in both {seen[name].name} and {path.name}")
            seen[name] = path
            params.append(pytest.param(case, id=name))
    return params


CASES = load_cases()
# The core's call table: the cases call any call by its method name (`get_project`).
CALLS_BY_METHOD: dict[str, dict[str, Any]] = {
    c["method"]: c for c in json.loads((REPO / "tests" / "schema" / "calls.json").read_text())["calls"]
}


def substitute(value: Any, placeholders: dict[str, str]) -> Any:
    """`value` with every placeholder replaced, in every string of it."""
    if isinstance(value, str):
        # Longest first, so no placeholder is replaced inside a longer one.
        for name in sorted(placeholders, key=len, reverse=True):
            value = value.replace(name, placeholders[name])
        return value
    if isinstance(value, list):
        return [substitute(v, placeholders) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, placeholders) for k, v in value.items()}
    return value


def lookup(answer: Any, path: str) -> Any:
    node = answer
    for step in path.split("."):
        if isinstance(node, list):
            if not step.isdigit() or int(step) >= len(node):
                return ABSENT
            node = node[int(step)]
        elif isinstance(node, dict):
            if step not in node:
                return ABSENT
            node = node[step]
        else:
            return ABSENT
    return node


def check_ok(answer: Any, expected: dict[str, Any]) -> None:
    for path, matcher in expected.items():
        value = lookup(answer, path)
        if isinstance(matcher, dict) and len(matcher) == 1 and next(iter(matcher)) in MATCHERS:
            (how, want), = matcher.items()
            if how == "present":
                present = value is not ABSENT and value is not None
                assert present == want, f"{path}: present is {present}, not {want} ({value!r})"
            elif how == "contains":
                assert isinstance(value, str) and want in value, f"{path}: {value!r} lacks {want!r}"
            else:
                assert isinstance(value, (str, list)) and len(value) >= want, f"{path}: {value!r} is shorter than {want}"
        else:
            assert value is not ABSENT, f"{path}: absent from the answer"
            assert value == matcher, f"{path}: {value!r} != {matcher!r}"


def check_error(error: dg.DeepgramError, expected: dict[str, Any]) -> None:
    kinds = json.loads((REPO / "tests" / "schema" / "errors.json").read_text())["kinds"]
    stem = next(k["class_stem"] for k in kinds if k["name"] == expected["kind"])
    cls = getattr(dg.errors, f"{stem}Error")
    assert type(error) is cls, f"raised {type(error).__name__} ({error}), not {cls.__name__}"
    assert error.kind == expected["kind"]
    for field, want in expected.items():
        if field == "kind":
            continue
        if field == "message_contains":
            assert want in error.message, f"message {error.message!r} lacks {want!r}"
        else:
            got = getattr(error, field)
            assert got == want, f"{field} is {got!r}, not {want!r} ({error})"


def chunks(data: bytes) -> Iterator[bytes]:
    for at in range(0, len(data), CHUNK):
        yield data[at : at + CHUNK]


def audio_path(name: str) -> Path:
    if name == "$missing":
        return AUDIO / f"missing-{secrets.token_hex(8)}.wav"
    return AUDIO / name


def plain(answer: Any) -> Any:
    """The answer's JSON as Python data (lists of views item by item)."""
    if isinstance(answer, dict):
        return answer
    if isinstance(answer, (list, dg.ViewList)):
        return [item.to_dict() for item in answer]
    return answer.to_dict()


def event_json(event: Any) -> dict[str, Any]:
    """A live event as the JSON the server sent: a view's `to_dict()`; dg's reconnection event
    and messages dg does not know are plain dicts already."""
    if isinstance(event, dict):
        return event
    as_dict: dict[str, Any] = event.to_dict()
    return as_dict


def summary(request_id: str | None, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary of a stream's events that live cases match (tests/conformance/README.md)."""

    def kind(event: dict[str, Any]) -> Any:
        return event.get("type")

    def is_final(event: dict[str, Any]) -> bool:
        if kind(event) == "Results":
            return event.get("is_final") is True
        return kind(event) == "TurnInfo" and event.get("event") == "EndOfTurn"

    def text(event: dict[str, Any]) -> str:
        transcript = lookup(event, "channel.alternatives.0.transcript")
        if not isinstance(transcript, str):
            transcript = event.get("transcript")
        return transcript if isinstance(transcript, str) else ""

    def start(event: dict[str, Any]) -> Any:
        for field in ("start", "audio_window_start"):
            value = event.get(field)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
        return None

    finals = [e for e in events if is_final(e)]
    transcripts = [t for t in map(text, finals) if t]
    starts = [s for s in map(start, finals) if s is not None]
    results = [e for e in events if kind(e) == "Results"]
    return {
        "request_id": request_id,
        "transcript": " ".join(transcripts),
        "finals": len(transcripts),
        "interim": any(e.get("is_final") is False for e in results),
        "from_finalize": any(e.get("from_finalize") is True for e in results),
        "reconnected": sum(1 for e in events if kind(e) == "dg.Reconnected"),
        "starts_in_order": all(a <= b for a, b in zip(starts, starts[1:])),
        "first": kind(events[0]) if events else None,
        "last": kind(events[-1]) if events else None,
    }


def live(client: dg.Client, name: str, args: dict[str, Any], shown: list[str]) -> dict[str, Any]:
    """A `live` or `flux` case: the stream opened, fed from a thread while this one reads every
    event, closed and drained; the summary of its events."""
    options = args.get("options") or {}
    listen = client.listen.flux if name == "flux" else client.listen.live
    audio = audio_path(args["audio"]).read_bytes()
    if "first_bytes" in args:
        audio = audio[: args["first_bytes"]]
    delay = args.get("chunk_delay_ms", 0) / 1000
    sending: list[BaseException] = []
    with listen(settings=args.get("settings"), **options) as session:
        shown.append(repr(session))

        def feed() -> None:
            try:
                for at in range(0, len(audio), LIVE_CHUNK):
                    session.send(audio[at : at + LIVE_CHUNK])
                    if delay:
                        time.sleep(delay)
                if args.get("finalize"):
                    session.finalize()
                session.close()
            except BaseException as failed:  # reported only if the events end normally
                sending.append(failed)

        feeder = threading.Thread(target=feed, name="conformance-feed", daemon=True)
        feeder.start()
        events: list[dict[str, Any]] = []
        try:
            for event in session:
                shown.append(repr(event))
                events.append(event_json(event))
        except BaseException:
            session.abort()  # so that a send waiting for room gives up
            raise
        finally:
            feeder.join(timeout=30)
            assert not feeder.is_alive(), "sending did not end"
            shown.extend(f"{failed!r} {failed}" for failed in sending)
        shown += [repr(session), json.dumps(events)]
        if sending:
            raise sending[0]
        return summary(session.request_id, events)


def call(client: dg.Client, name: str, args: dict[str, Any], shown: list[str]) -> Any:
    options = args.get("options") or {}
    if name in ("live", "flux"):
        return live(client, name, args, shown)
    if name == "transcribe_file":
        return client.transcribe_file(audio_path(args["audio"]), content_type=args.get("content_type"), **options)
    if name in ("transcribe_bytes", "transcribe_stream"):
        data = b"" if args["audio"] == "$empty" else audio_path(args["audio"]).read_bytes()
        audio = data if name == "transcribe_bytes" else chunks(data)
        return client.transcribe_file(audio, content_type=args.get("content_type"), **options)
    if name == "transcribe_url":
        return client.transcribe_url(args["url"], **options)
    if name == "list_projects":
        return client.projects.list()
    if name == "list_keys":
        return client.keys.list(args["project_id"], status=args.get("status"))
    if name == "get_key":
        return client.keys.get(args["project_id"], args["key_id"])
    if name == "delete_key":
        return client.keys.delete(args["project_id"], args["key_id"])
    if name == "create_key":
        fields = {k: v for k, v in args.items() if k != "project_id"}
        return client.keys.create(args["project_id"], **fields)
    if name == "grant_token":
        return client.auth.grant_token(args.get("ttl_seconds"))
    # Any other call of the core's call table: its group's method, path arguments by position.
    spec = CALLS_BY_METHOD.get(name)
    if spec is None:
        raise AssertionError(f"unknown call {name!r}")
    method = getattr(getattr(client, spec["group"]), spec["name"])
    named = {k: v for k, v in args.items() if k not in spec["path"]}
    return method(*(args[p] for p in spec["path"]), **named)


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any], emulator: Emulator) -> None:
    run_case(case, emulator)


def run_case(case: dict[str, Any], emulator: Emulator) -> None:
    placeholders = {
        "$url": emulator.url,
        "$owner_key": emulator.owner_key,
        "$project_id": emulator.project_id,
        "$canary": CANARY,
        "$closed_port_url": f"http://127.0.0.1:{unused_port()}",
    }
    if "$created_key_id" in json.dumps(case):
        with dg.Client(api_key=emulator.owner_key, base_url=emulator.url) as owner:
            created = owner.keys.create(emulator.project_id, comment=f"for {case['name']}", scopes=["usage:write"])
        placeholders["$created_key_id"] = created.api_key_id
    settings = substitute(case.get("client", DEFAULT_CLIENT), placeholders)
    args = substitute(case.get("args", {}), placeholders)
    expect = substitute(case["expect"], placeholders)
    assert len(expect) == 1 and next(iter(expect)) in ("ok", "error"), f"bad expect: {expect}"
    if "fault" in case:
        emulator.control("faults", case["fault"])

    shown: list[str] = []  # every text the case produced, for the canary check
    answer: Any = None
    error: dg.DeepgramError | None = None
    try:
        with dg.Client(**settings) as client:
            shown.append(repr(client))
            if case["call"] == "connect":
                answer = {}
            else:
                result = call(client, case["call"], args, shown)
                shown += [repr(result), json.dumps(plain(result))]
                answer = plain(result)
    except dg.DeepgramError as raised:
        error = raised
        shown += ["".join(traceback.format_exception(raised)), repr(raised)]
        shown += [repr(value) for value in vars(raised).values()]

    leaked = [text for text in shown if CANARY in text]
    assert not leaked, f"the $canary key is shown: {leaked}"
    if "ok" in expect:
        assert error is None, f"failed: {type(error).__name__}: {error}"
        check_ok(answer, expect["ok"])
    else:
        assert error is not None, f"succeeded, expected {expect['error']}: {answer}"
        check_error(error, expect["error"])
