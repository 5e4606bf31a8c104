"""The examples run as documented, against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import PREAMBLE, Emulator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(emulator: Emulator, tmp_path: Path, *args: str) -> str:
    env = {**os.environ, "DEEPGRAM_API_KEY": emulator.owner_key}
    env.pop("DEEPGRAM_ACCESS_TOKEN", None)
    out = subprocess.run(
        [sys.executable, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True
    )
    return out.stdout


def test_transcribe(emulator: Emulator, tmp_path: Path) -> None:
    out = run(emulator, tmp_path, str(EXAMPLES / "transcribe.py"), str(PREAMBLE), emulator.url)
    assert out.startswith("We, the people of The United States")
    assert "52 words" in out


def test_transcribe_many(emulator: Emulator, tmp_path: Path) -> None:
    out = run(emulator, tmp_path, str(EXAMPLES / "transcribe_many.py"), str(PREAMBLE), str(PREAMBLE), "--base-url", emulator.url)
    assert out.count("We, the people") == 2


def test_keys(emulator: Emulator, tmp_path: Path) -> None:
    out = run(emulator, tmp_path, str(EXAMPLES / "keys.py"), emulator.url)
    assert "[redacted]" in out
    assert "usage:write cannot list keys" in out
