"""The exceptions dg raises.

Every one is a :class:`DeepgramError` carrying ``status`` (the HTTP status, when the server
answered), ``code`` (the API's error code), ``message`` (what the API said, or what went
wrong locally), ``request_id`` and ``details``. Their text never holds a secret. Some also
subclass the builtin that fits (``ValueError`` for bad options, ``TimeoutError``,
``ConnectionError``, ``OSError`` for local files), so code that catches those keeps working.
:class:`NetworkError` and :class:`TimeoutError` also say whether the request may have reached
the server (``request_sent``), which tells whether a failed ``keys.create`` created the key.

The native module picks the class from the core's error kind (``bindings/dg-py/src/errors.rs``).
"""

from __future__ import annotations

import builtins
from typing import Any

from dg._native import Secret

__all__ = [
    "DeepgramError",
    "InvalidOptionsError",
    "AuthError",
    "PermissionDeniedError",
    "NotFoundError",
    "RateLimitError",
    "BadRequestError",
    "PaymentRequiredError",
    "ServerError",
    "TimeoutError",
    "NetworkError",
    "FileError",
    "MissingFileError",
    "FileAccessError",
    "DecodeError",
    "KeyCreatedUndecodableError",
]


def _rebuild(cls: type[DeepgramError], text: str, state: dict[str, Any]) -> DeepgramError:
    error = cls.__new__(cls, text)
    DeepgramError.__init__(error, text)
    for name, value in state.items():
        setattr(error, name, value)
    return error


class DeepgramError(Exception):
    """Base class of every error dg raises."""

    status: int | None
    code: str | None
    message: str
    request_id: str | None
    details: str | None

    def __init__(
        self,
        text: str,
        *,
        message: str | None = None,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        details: str | None = None,
    ) -> None:
        super().__init__(text)
        self.message = text if message is None else message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.details = details

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def _state(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), str(self), self._state()))


class InvalidOptionsError(DeepgramError, ValueError):
    """Options, arguments or settings that are invalid; nothing was sent."""


class AuthError(DeepgramError):
    """401: missing, wrong, expired or revoked credentials."""


class PermissionDeniedError(DeepgramError):
    """403: the credentials lack a scope the call needs."""


class NotFoundError(DeepgramError):
    """404: no such project, key or endpoint."""


class RateLimitError(DeepgramError):
    """429: too many requests in flight, still refused after the retries.

    ``retry_after`` is the wait in seconds the last answer asked for, if any.
    """

    retry_after: float | None

    def __init__(self, text: str, *, retry_after: float | None = None, **fields: Any) -> None:
        super().__init__(text, **fields)
        self.retry_after = retry_after


class BadRequestError(DeepgramError):
    """400, 413, 415 and other 4xx answers about the request itself."""


class PaymentRequiredError(DeepgramError):
    """402: the project is out of credit."""


class ServerError(DeepgramError):
    """5xx: Deepgram failed, still failing after the retries."""


class TimeoutError(DeepgramError, builtins.TimeoutError):
    """The connect or overall timeout fired.

    ``request_sent`` is ``False`` when connecting timed out, so the server never got the
    request, and ``True`` when it may have got it (see :class:`NetworkError`).
    """

    request_sent: bool

    def __init__(self, text: str, *, request_sent: bool, **fields: Any) -> None:
        super().__init__(text, **fields)
        self.request_sent = request_sent


class NetworkError(DeepgramError, ConnectionError):
    """The connection failed or broke, or the audio stream could not be read.

    ``request_sent`` is ``False`` when the request provably never reached the server in full
    (nothing listening, a failed TLS handshake, an audio stream that failed mid-upload), and
    ``True`` when it may have arrived and been acted on (the connection broke after it went
    out). For ``keys.create`` this says what became of the key: ``False`` means it was not
    created and the call may simply be repeated; ``True`` means it may have been created
    anyway, so list the project's keys before creating another.
    """

    request_sent: bool

    def __init__(self, text: str, *, request_sent: bool, **fields: Any) -> None:
        super().__init__(text, **fields)
        self.request_sent = request_sent


class FileError(DeepgramError, OSError):
    """A local audio file could not be opened or read (``filename`` names it)."""

    def __init__(
        self,
        text: str,
        *,
        filename: str | None = None,
        errno: int | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(text, **fields)
        self.filename = filename
        self.errno = errno
        self.strerror = self.message

    def _state(self) -> dict[str, Any]:
        return {**self.__dict__, "filename": self.filename, "errno": self.errno, "strerror": self.strerror}


class MissingFileError(FileError, FileNotFoundError):
    """The audio file does not exist."""


class FileAccessError(FileError, PermissionError):
    """The audio file may not be read."""


class DecodeError(DeepgramError, ValueError):
    """A successful answer that is not the JSON expected."""


class KeyCreatedUndecodableError(DecodeError):
    """A key was created but its answer could not be decoded.

    The key exists: the whole answer, secret included, is kept in ``raw`` (a
    :class:`~dg.Secret`, redacted until ``raw.reveal()``) so it is not lost.
    """

    raw: Secret | None

    def __init__(self, text: str, *, raw: Secret | None = None, **fields: Any) -> None:
        super().__init__(text, **fields)
        self.raw = raw
