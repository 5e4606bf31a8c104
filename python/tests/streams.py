"""Audio readers for the tests: endless and gated uploads."""

from __future__ import annotations

import io
import struct
import threading


def wav_header(data_bytes: int) -> bytes:
    header = b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
    return header + b"data" + struct.pack("<I", data_bytes)


class Endless(io.RawIOBase):
    """A WAV that never ends: the upload runs until the call is stopped."""

    def __init__(self) -> None:
        self.reads = 0
        self.reading = threading.Event()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        if self.reads >= 3:
            self.reading.set()
        if self.reads == 1:
            return wav_header(0x7FFF0000)
        return bytes(65536)


class Gated(io.RawIOBase):
    """A short WAV whose end is held back until `release` is set."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.sent = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self.sent:
            self.sent = True
            self.started.set()
            return wav_header(32000) + bytes(32000)
        self.release.wait()
        return b""
