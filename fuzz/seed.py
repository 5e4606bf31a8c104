#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets, derived from tests/fixtures.

Usage: fuzz/seed.py OUT_DIR  (writes OUT_DIR/<target>/<name> and the libFuzzer dictionary
OUT_DIR/<target>.dict; neither is committed).

- responses: every recorded response, and the documented shapes of the management answers
  and of the three error bodies.
- request_building: every recorded options file as ListenOptions JSON (case byte 0), and
  key-creation bodies (case byte 3).
- emulator_requests: requests for every endpoint, built from the recorded options and the
  headers of the real audio fixtures (not their whole audio: small seeds fuzz faster).
"""

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# Enough of a WAV file for its header (the emulator reads duration and channels from it).
AUDIO_HEAD = 2048

RECORDED_URL = "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav"

MANAGEMENT_ANSWERS = [
    {"projects": [{"project_id": "3d5e1b5a-0000-4000-8000-000000000001", "name": "dg"}]},
    {
        "api_keys": [
            {
                "member": {"member_id": "m1", "email": "a@example.com", "first_name": "A"},
                "api_key": {
                    "api_key_id": "k1",
                    "comment": "ci",
                    "scopes": ["member"],
                    "tags": ["t"],
                    "created": "2026-01-01T00:00:00.000Z",
                    "expiration_date": "2027-01-01T00:00:00.000Z",
                },
            }
        ]
    },
    {"member": {"member_id": "m1", "email": "a@example.com"}, "api_key": {"api_key_id": "k1", "scopes": []}},
    {"item": {"member": {"member_id": "m1", "api_key": {"api_key_id": "k1", "scopes": ["admin"]}}}},
    {
        "api_key_id": "k2",
        "key": "0123456789abcdef0123456789abcdef01234567",
        "comment": "new",
        "scopes": ["member"],
        "created": "2026-01-01T00:00:00.000Z",
    },
    {"message": "API key deleted."},
    {"access_token": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "expires_in": 30},
    {"request_id": "7e6d3c2a-0000-4000-8000-000000000002"},
]

ERROR_BODIES = [
    b'{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"r1"}',
    b'{"category":"INVALID_JSON","message":"Invalid JSON submitted.","details":"Json deserialize error: expected value at line 1 column 1","request_id":"r2"}',
    b'{"error_code":"SERVICE_UNAVAILABLE","err_msg":"Service is temporarily unavailable."}',
    b"UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:`",
    "é…".encode() * 100,
    b"\xff\xfe" * 150,
]

CREATE_KEY_BODIES = [
    {"comment": "ci", "scopes": ["member"]},
    {"comment": "ci", "scopes": "member", "tags": ["a", "b"], "expiration_date": "2030-01-31T12:00:00Z"},
    {"comment": "ci", "scopes": ["usage:write"], "time_to_live_in_seconds": 60},
]


def recorded() -> list[tuple[dict, bytes]]:
    """(options, response bytes) of every recording."""
    out = []
    for response in sorted((FIXTURES / "responses").glob("*-response.json")):
        options = response.with_name(response.name.replace("-response.json", "-options.json"))
        out.append((json.loads(options.read_text()), response.read_bytes()))
    return out


def query(options: dict) -> str:
    return urlencode(
        [(k, str(v).lower() if isinstance(v, bool) else str(v)) for k, v in options.items()]
    )


def request(method: str, target: str, headers: list[str] | None = None, body: bytes = b"",
            auth: str = "Token {owner}") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "host: dg"]
    if auth:
        lines.append(f"authorization: {auth}")
    lines += headers or []
    if body or method in ("POST", "PUT"):
        lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_request(method: str, target: str, value, auth: str = "Token {owner}") -> bytes:
    return request(method, target, ["content-type: application/json"],
                   json.dumps(value).encode(), auth)


def chunked(target: str, body: bytes) -> bytes:
    head = request("POST", target, ["content-type: audio/wav", "transfer-encoding: chunked"])
    head = head.replace(b"content-length: 0\r\n", b"")
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 500]), body[i:i + 500])
                      for i in range(0, len(body), 500))
    return head + chunks + b"0\r\n\r\n"


def emulator_requests() -> list[bytes]:
    wavs = sorted((FIXTURES / "audio").glob("*.wav"))
    heads = [w.read_bytes()[:AUDIO_HEAD] for w in wavs]
    keys = "/v1/projects/{project}/keys"
    seeds = [
        request("GET", "/v1/projects"),
        request("GET", "/v1/projects/{project}"),
        request("GET", keys + "?status=active"),
        request("GET", keys + "?status=expired", auth="token {owner}"),
        json_request("POST", keys, CREATE_KEY_BODIES[1]),
        json_request("POST", keys, CREATE_KEY_BODIES[2]),
        request("GET", keys + "/{key_id}"),
        request("DELETE", keys + "/{key_id}"),
        request("GET", keys + "/not-a-uuid"),
        json_request("POST", "/v1/auth/grant", {"ttl_seconds": 30}),
        request("POST", "/v1/auth/grant"),
        request("GET", "/v1/projects", auth=""),
        json_request("POST", "/__emulator/members", {"email": "a@example.com", "role": "admin"}),
        request("GET", "/__emulator/stats"),
        json_request("POST", "/__emulator/faults", {"status": 503, "retry_after": 1})
        + request("GET", "/v1/projects"),
        json_request("POST", "/__emulator/faults", {"error": "invalid_json", "path_prefix": "/v1/listen"})
        + request("POST", "/v1/listen", ["content-type: audio/wav"], heads[0]),
        json_request("POST", "/__emulator/faults", {"delay_ms": 3000, "count": 2})
        + request("GET", "/v1/projects"),
        json_request("POST", "/__emulator/faults", {"drop": "after_body"})
        + request("GET", "/v1/projects"),
        request("POST", "/v1/listen?encoding=mulaw&sample_rate=8000&channels=1",
                ["content-type: application/octet-stream"], bytes(range(256)) * 4),
        request("POST", "/v1/listen?tag=a&tag=b&extra=k:v&callback=http://127.0.0.1:9/cb",
                ["content-type: audio/wav"], heads[0], auth="Bearer {token}"),
        request("POST", "/v1/listen", ["content-type: audio/flac"],
                b"fLaC\x80\x00\x00\x22" + bytes(10) + b"\x0a\xc4\x42\xf0\x00\x01\x58\x88" + bytes(16)),
        request("POST", "/v1/listen", ["content-type: audio/wav", "expect: 100-continue"], heads[-1]),
        chunked("/v1/listen?model=nova-3&smart_format=true", heads[0]),
        json_request("POST", "/v1/listen", {"url": "http://127.0.0.1:9/a.wav"}),
    ]
    for options, _ in recorded():
        seeds.append(json_request("POST", "/v1/listen?" + query(options), {"url": RECORDED_URL}))
        for head in heads:
            seeds.append(request("POST", "/v1/listen?" + query(options), ["content-type: audio/wav"], head))
    return seeds


def option_schema() -> list[dict]:
    """dg-core's listen options (tests/schema/listen-options.json, written by dg-gen)."""
    return json.loads((ROOT / "tests/schema/listen-options.json").read_text())["listen"]


def option_names() -> list[str]:
    return [o["name"] for o in option_schema()]


def known_values() -> list[str]:
    """Every documented value of every option, from the schema."""
    return sorted({v for o in option_schema() for v in o["known_values"]})


OPTION_VALUES = known_values() + [
    "whisper", "8000", "16000", "true", "false", "en-US", "multi",
    "http://", "https://", "127.0.0.1", ":", "..", ".", "\t", "%", "/", "#", "?",
]
HTTP_TOKENS = [
    "GET ", "POST ", "DELETE ", "PUT ", "HEAD ", " HTTP/1.1\r\n", "\r\n", "\r\n\r\n",
    "authorization: Token {owner}\r\n", "authorization: Bearer {token}\r\n",
    "content-type: application/json\r\n", "content-type: audio/wav\r\n", "content-length: ",
    "transfer-encoding: chunked\r\n", "expect: 100-continue\r\n", "connection: close\r\n",
    "/v1/listen", "/v1/projects", "/v1/projects/{project}/keys", "/{key_id}", "/v1/auth/grant",
    "/__emulator/faults", "/__emulator/members", "/__emulator/stats", "{owner}", "{project}",
    "{key_id}", "{token}", "&", "=", "%20", "%00", "RIFF", "WAVE", "fmt ", "data", "LIST", "RF64",
    "fLaC", "OggS", "ID3", "ftyp", "\x1a\x45\xdf\xa3", "active", "expired",
]
JSON_KEYS = [
    "url", "comment", "scopes", "tags", "expiration_date", "time_to_live_in_seconds",
    "ttl_seconds", "email", "role", "member", "admin", "owner", "count", "path_prefix", "status",
    "body", "retry_after", "error", "delay_ms", "drop", "connection", "after_body",
    "invalid_json", "usage:write", "keys:read", "keys:write",
]
RESPONSE_KEYS = [
    "metadata", "results", "channels", "alternatives", "transcript", "confidence", "words",
    "word", "start", "end", "punctuated_word", "speaker", "paragraphs", "sentences",
    "utterances", "summary", "topics", "intents", "sentiments", "segments", "request_id",
    "sha256", "created", "duration", "models", "model_info", "warnings", "type",
    "channel_index", "is_final", "speech_final", "from_finalize", "channel", "projects",
    "project_id", "name", "api_keys", "member", "member_id", "email", "first_name", "last_name",
    "api_key", "api_key_id", "comment", "scopes", "tags", "expiration_date", "key", "item",
    "message", "access_token", "expires_in", "err_code", "err_msg", "error_code", "category",
    "details", "code", "msg", "error_msg", "error",
]
JSON_TOKENS = ["null", "true", "false", "[]", "{}", "1e308", "-0.0", "5e-324", "18446744073709551616"]


def dictionaries() -> dict[str, list[str]]:
    """libFuzzer dictionaries, as plain strings (escaped when written)."""
    options = option_names()
    quoted = lambda words: [f'"{w}"' for w in words]
    return {
        "responses": quoted(RESPONSE_KEYS) + JSON_TOKENS,
        "request_building": quoted(options) + quoted(OPTION_VALUES) + OPTION_VALUES
        + quoted(JSON_KEYS) + JSON_TOKENS + ["2030-01-31T12:00:00Z"],
        "emulator_requests": HTTP_TOKENS + [o + "=" for o in options] + OPTION_VALUES
        + quoted(JSON_KEYS),
    }


def dictionary_escape(word: str) -> str:
    """A dictionary entry's body: `\\`, `\\"` and `\\xNN` for anything not printable ASCII.
    Characters below 256 stand for one byte each (`"\\xdf"` is the byte 0xdf)."""
    out = []
    for byte in word.encode("latin-1"):
        c = chr(byte)
        out.append("\\" + c if c in '"\\' else c if " " <= c <= "~" else f"\\x{byte:02x}")
    return "".join(out)


def main() -> None:
    out = Path(sys.argv[1])
    corpora: dict[str, list[bytes]] = {
        "responses": [r for _, r in recorded()]
        + [json.dumps(a).encode() for a in MANAGEMENT_ANSWERS]
        + ERROR_BODIES,
        "request_building": [b"\x00" + json.dumps(o).encode() for o, _ in recorded()]
        + [b"\x00" + json.dumps({"keyterm": ["dg"], "model": "nova-3", "extra_query": {"x": 1}}).encode()]
        + [b"\x03" + json.dumps(b).encode() for b in CREATE_KEY_BODIES]
        + [b"\x01" + bytes(range(64)), b"\x02" + b"p1\x00../k\x00\x01https://example.com/a.wav"],
        "emulator_requests": emulator_requests(),
    }
    for target, seeds in corpora.items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for i, seed in enumerate(seeds):
            (folder / f"seed-{i:03}").write_bytes(seed)
        print(f"{target}: {len(seeds)} seeds in {folder}")
    for target, words in dictionaries().items():
        lines = [f'"{dictionary_escape(w)}"' for w in dict.fromkeys(words)]
        (out / f"{target}.dict").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
