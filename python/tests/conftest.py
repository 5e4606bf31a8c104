"""Fixtures: one dg emulator for the session (the project's own Deepgram-compatible server,
`crates/dg-emulator`), clients pointed at it, and its test controls (faults, members, stats).

The emulator binary is `$DG_EMULATOR_BIN`, else `$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET/release/
dg-emulator` as scripts/env.sh lays it out (scripts/test.sh builds it first).
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

import dg

REPO = Path(__file__).resolve().parents[2]
AUDIO = REPO / "tests" / "fixtures" / "audio"
PREAMBLE = AUDIO / "preamble-rest.wav"
PREAMBLE_SHA256 = "95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9"
# A URL whose real answer is recorded in tests/fixtures/responses: the emulator answers it
# without fetching anything.
BUELLER_URL = "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav"


def emulator_binary() -> Path:
    explicit = os.environ.get("DG_EMULATOR_BIN")
    if explicit:
        return Path(explicit)
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    triple = os.environ.get("CARGO_BUILD_TARGET", "")
    return target_dir / triple / "release" / "dg-emulator"


@dataclass
class Emulator:
    url: str
    project_id: str
    owner_key: str

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.url}/__emulator/{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Token {self.owner_key}", "Content-Type": "application/json"},
            method="GET" if body is None else "POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def fault(self, **fault: Any) -> None:
        """Queues a fault (`count`, `path_prefix`, and `status`/`error`/`delay_ms`/`drop`...)."""
        self.control("faults", fault)

    def member(self, email: str, role: str) -> str:
        """A new member of the project with `role`; returns its API key."""
        key: str = self.control("members", {"email": email, "role": role})["key"]
        return key

    def stats(self) -> dict[str, int]:
        stats: dict[str, int] = self.control("stats")
        return stats

    def live_streams_open(self) -> int:
        """Live streams whose connection the emulator still holds (from the 101 to the
        socket's end)."""
        return self.stats()["live_streams_open"]

    def wait_live_streams_closed(self, within: float = 1.0) -> float:
        """Polls until the emulator holds no live stream; fails the test if one is still open
        after `within` seconds. Returns how long it took."""
        started = time.monotonic()
        while (still := self.live_streams_open()) != 0:
            waited = time.monotonic() - started
            if waited > within:
                pytest.fail(f"{still} live stream(s) still open on the emulator after {waited:.2f} s")
            time.sleep(0.02)
        return time.monotonic() - started


@contextmanager
def running_emulator(admin_key: str | None = None) -> Iterator[Emulator]:
    """A new dg-emulator on a free port; its owner key is `admin_key` when given (passed in the
    environment, as the emulator advises), else one it generates."""
    binary = emulator_binary()
    if not binary.exists():
        pytest.fail(f"no dg-emulator at {binary}: run python/scripts/test.sh (it builds one)")
    env = dict(os.environ)
    env.pop("DG_EMULATOR_ADMIN_KEY", None)
    if admin_key is not None:
        env["DG_EMULATOR_ADMIN_KEY"] = admin_key
    process = subprocess.Popen(
        [str(binary), "--addr", "127.0.0.1:0", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        info = json.loads(line)
    except json.JSONDecodeError:
        process.kill()
        pytest.fail(f"dg-emulator did not start: {line!r}")
    try:
        yield Emulator(url=info["url"], project_id=info["project_id"], owner_key=info.get("owner_key", admin_key))
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with running_emulator() as running:
        yield running


@pytest.fixture
def own_emulator() -> Iterator[Emulator]:
    """An emulator for this test alone, so that its live stream counts are the test's."""
    with running_emulator() as running:
        yield running


@pytest.fixture
def client(emulator: Emulator) -> Iterator[dg.Client]:
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url) as c:
        yield c


@pytest_asyncio.fixture
async def aclient(emulator: Emulator) -> AsyncIterator[dg.AsyncClient]:
    async with dg.AsyncClient(api_key=emulator.owner_key, base_url=emulator.url) as c:
        yield c


def unused_port() -> int:
    """A loopback port nothing listens on (bound once by the OS, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def silent_wav(path: Path, size: int, prefix: bytes = b"") -> Path:
    """A valid 16 kHz mono PCM WAV of `size` bytes whose samples are a sparse hole (no disk),
    after `prefix`."""
    data = size - 44
    header = b"RIFF" + struct.pack("<I", size - 8) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
    header += b"data" + struct.pack("<I", data)
    with open(path, "wb") as f:
        f.write(prefix + header)
        f.truncate(len(prefix) + size)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The conformance suite's summary line: how many of its cases ran and passed."""
    outcomes: dict[str, set[str]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            # Deselected tests (`-k`) are listed as items, which have no outcome.
            nodeid, outcome = getattr(report, "nodeid", ""), getattr(report, "outcome", None)
            if outcome and "test_conformance.py::test_case[" in nodeid:
                outcomes.setdefault(nodeid, set()).add(outcome)
    if outcomes:
        passed = sum(1 for seen in outcomes.values() if seen == {"passed"})
        terminalreporter.write_line(f"conformance: {len(outcomes)} cases run, {passed} passed")
