# Types of the native module (bindings/dg-py). The groups of calls (`Keys`, ...) and the
# answer views at the end are generated from the core's call table and model types by
# scripts/stubs.py; the rest is written here. stubtest checks all of it against the module
# (scripts/test.sh).

import sys
from collections.abc import AsyncIterator, Coroutine, Generator, Iterable, Iterator, Sequence
from os import PathLike
from typing import Any, ClassVar, Literal, Protocol, TypedDict, TypeVar, final, overload

from dg._options import FluxOptions, ListenOptions, LiveSettings

if sys.version_info >= (3, 11):
    from typing import Self, Unpack
else:
    from typing_extensions import Self, Unpack

__version__: str
OPTION_NAMES: list[str]
FLUX_OPTION_NAMES: list[str]

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

class _BinaryReader(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

_Audio = str | PathLike[str] | bytes | bytearray | memoryview | _BinaryReader | Iterable[bytes]

def view_fields() -> list[tuple[str, list[tuple[str, str]]]]: ...
def wait_finished() -> list[int] | None:
    """Blocks (GIL released) until async calls finish: their ids; None once stopped."""
def stop_waking() -> None:
    """Ends wait_finished() for good (at interpreter exit)."""

@final
class Secret:
    """A secret (a created key, a token): redacted in repr() and str(); read with reveal()."""

    def __new__(cls, value: str) -> Self: ...
    def reveal(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[type[Secret], tuple[str]]: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ViewList(Sequence[_T_co]):
    """A list inside an answer; items are made as they are read. Slices are plain lists."""

    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[_T_co]: ...
    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int: ...
    def count(self, value: Any) -> int: ...
    @classmethod
    def __class_getitem__(cls, item: Any, /) -> type[ViewList[Any]]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Client:
    """A Deepgram client whose calls block (releasing the GIL) until the answer is in."""

    def __new__(
        cls,
        api_key: str | None = None,
        *,
        access_token: str | None = None,
        base_url: str | None = None,
        timeout_ms: int | None = None,
        connect_timeout_ms: int | None = None,
        retries: int | None = None,
    ) -> Self: ...
    @property
    def keys(self) -> Keys: ...
    @property
    def projects(self) -> Projects: ...
    @property
    def auth(self) -> Auth: ...
    @property
    def members(self) -> Members: ...
    @property
    def invites(self) -> Invites: ...
    @property
    def usage(self) -> Usage: ...
    @property
    def balances(self) -> Balances: ...
    @property
    def models(self) -> Models: ...
    @property
    def listen(self) -> Listen: ...
    def transcribe_url(self, url: str, **options: Unpack[ListenOptions]) -> ListenResponse: ...
    def transcribe_file(
        self, audio: _Audio, *, content_type: str | None = None, **options: Unpack[ListenOptions]
    ) -> ListenResponse: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc_info: object) -> None: ...

@final
class AsyncClient:
    """A Deepgram client whose calls return coroutines; cancelling one cancels its request."""

    def __new__(
        cls,
        api_key: str | None = None,
        *,
        access_token: str | None = None,
        base_url: str | None = None,
        timeout_ms: int | None = None,
        connect_timeout_ms: int | None = None,
        retries: int | None = None,
    ) -> Self: ...
    @property
    def keys(self) -> AsyncKeys: ...
    @property
    def projects(self) -> AsyncProjects: ...
    @property
    def auth(self) -> AsyncAuth: ...
    @property
    def members(self) -> AsyncMembers: ...
    @property
    def invites(self) -> AsyncInvites: ...
    @property
    def usage(self) -> AsyncUsage: ...
    @property
    def balances(self) -> AsyncBalances: ...
    @property
    def models(self) -> AsyncModels: ...
    @property
    def listen(self) -> AsyncListen: ...
    def transcribe_url(
        self, url: str, **options: Unpack[ListenOptions]
    ) -> Coroutine[Any, Any, ListenResponse]: ...
    def transcribe_file(
        self, audio: _Audio, *, content_type: str | None = None, **options: Unpack[ListenOptions]
    ) -> Coroutine[Any, Any, ListenResponse]: ...
    def close(self) -> None: ...
    def __aenter__(self) -> Coroutine[Any, Any, Self]: ...
    def __aexit__(self, *exc_info: object) -> Coroutine[Any, Any, None]: ...

# The events of a live stream: the core's models; a message dg does not know, and a
# reconnection (`{"type": "dg.Reconnected", ...}`), are plain dicts.
_LiveEvent = (
    StreamingResult
    | ListenMetadata
    | UtteranceEnd
    | SpeechStarted
    | StreamError
    | FluxConnected
    | TurnInfo
    | ConfigureSuccess
    | ConfigureFailure
    | dict[str, Any]
)

class _ConfigureSettings(TypedDict, total=False):
    eot_threshold: float | None
    eager_eot_threshold: float | None
    eot_timeout_ms: int | None
    keyterms: list[str] | None
    language_hints: list[str] | None

@final
class Listen:
    """Live streaming from a Client."""

    def live(
        self, *, settings: LiveSettings | None = None, **options: Unpack[ListenOptions]
    ) -> LiveSession:
        """Opens a live stream (/v1/listen) with these options (the live-only ones, such as
        `interim_results`, included); `settings`: the session's (`dg.LiveSettings`)."""
    def flux(
        self, *, settings: LiveSettings | None = None, **options: Unpack[FluxOptions]
    ) -> LiveSession:
        """Opens a Flux stream (/v2/listen, turn-based); `model` is required."""

@final
class AsyncListen:
    """Live streaming from an AsyncClient: each session is opened by `async with` or `await`."""

    def live(
        self, *, settings: LiveSettings | None = None, **options: Unpack[ListenOptions]
    ) -> AsyncLiveSession:
        """A live stream (/v1/listen) with these options, opened by `async with` or `await`."""
    def flux(
        self, *, settings: LiveSettings | None = None, **options: Unpack[FluxOptions]
    ) -> AsyncLiveSession:
        """A Flux stream (/v2/listen), opened by `async with` or `await`; `model` is required."""

@final
class Pages(Iterator[_T]):
    """A listing's items, fetched a page at a time as they are read:
    `for request in client.usage.requests(project_id):`."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> _T: ...

@final
class AsyncPages(AsyncIterator[_T]):
    """`Pages` for asyncio: `async for request in client.usage.requests(project_id):`."""

    def __aiter__(self) -> Self: ...
    def __anext__(self) -> Coroutine[Any, Any, _T]: ...

@final
class LiveSession(Iterator[_LiveEvent]):
    """A live stream for blocking code: send audio, iterate the events; leaving `with` closes
    the socket at once."""

    @property
    def request_id(self) -> str | None: ...
    def send(self, audio: bytes | bytearray) -> None: ...
    def stream(self, audio: _Audio, *, speed: float | None = None) -> int:
        """Streams audio (as transcribe_file takes it) at `speed` times real time, or as fast
        as the server takes it; the bytes sent. The stream stays open."""
    def finalize(self) -> None: ...
    def configure(self, **settings: Unpack[_ConfigureSettings]) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> _LiveEvent: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc_info: object) -> None: ...

@final
class AsyncLiveSession(AsyncIterator[_LiveEvent]):
    """A live stream for asyncio: `async with` (or `await`) opens it; `async for` reads it."""

    @property
    def request_id(self) -> str | None: ...
    def send(self, audio: bytes | bytearray) -> Coroutine[Any, Any, None]: ...
    def stream(self, audio: _Audio, *, speed: float | None = None) -> Coroutine[Any, Any, int]:
        """Streams audio (as transcribe_file takes it) at `speed` times real time, or as fast
        as the server takes it; the bytes sent. The stream stays open."""
    def finalize(self) -> Coroutine[Any, Any, None]: ...
    def configure(self, **settings: Unpack[_ConfigureSettings]) -> Coroutine[Any, Any, None]: ...
    def close(self) -> Coroutine[Any, Any, None]: ...
    def abort(self) -> None: ...
    def __aiter__(self) -> Self: ...
    def __anext__(self) -> Coroutine[Any, Any, _LiveEvent]: ...
    def __await__(self) -> Generator[Any, Any, Self]: ...
    def __aenter__(self) -> Coroutine[Any, Any, Self]: ...
    def __aexit__(self, *exc_info: object) -> Coroutine[Any, Any, None]: ...

# --- generated by scripts/stubs.py: exports, answer views and call groups (do not edit) ---

__all__ = [
    "Alternative",
    "ApiKeyInfo",
    "ApiMessage",
    "AsyncAuth",
    "AsyncBalances",
    "AsyncClient",
    "AsyncInvites",
    "AsyncKeys",
    "AsyncListen",
    "AsyncLiveSession",
    "AsyncMembers",
    "AsyncModels",
    "AsyncPages",
    "AsyncProjects",
    "AsyncUsage",
    "Auth",
    "Balance",
    "Balances",
    "CatalogModel",
    "Channel",
    "Client",
    "ConfigureFailure",
    "ConfigureSuccess",
    "CreatedKey",
    "DeleteKeyResponse",
    "Entity",
    "FLUX_OPTION_NAMES",
    "FluxConnected",
    "FluxThresholds",
    "FluxWord",
    "GrantedToken",
    "Intent",
    "IntentSegment",
    "Intents",
    "Invite",
    "Invites",
    "KeyWithMember",
    "Keys",
    "Listen",
    "ListenMetadata",
    "ListenResponse",
    "ListenResults",
    "LiveSession",
    "Member",
    "MemberScopes",
    "Members",
    "ModelCatalog",
    "ModelInfo",
    "Models",
    "OPTION_NAMES",
    "Pages",
    "Paragraph",
    "Paragraphs",
    "Project",
    "ProjectDetails",
    "ProjectMember",
    "ProjectRequest",
    "Projects",
    "RequestAnswer",
    "RequestPage",
    "Resolution",
    "Search",
    "SearchHit",
    "Secret",
    "SegmentSummary",
    "SegmentTopics",
    "Sentence",
    "SentimentAverage",
    "SentimentSegment",
    "Sentiments",
    "SpeechStarted",
    "StreamError",
    "StreamingMetadata",
    "StreamingResult",
    "Summary",
    "TokenUsage",
    "Topic",
    "TopicSegment",
    "Topics",
    "TurnInfo",
    "Usage",
    "UsageBreakdown",
    "UsageFields",
    "UsageGroup",
    "UsageModel",
    "UsageRow",
    "UsageSummary",
    "Utterance",
    "UtteranceEnd",
    "ViewList",
    "Warning",
    "Word",
    "__version__",
    "stop_waking",
    "view_fields",
    "wait_finished",
]

@final
class ListenResponse:
    @property
    def metadata(self) -> ListenMetadata: ...
    @property
    def results(self) -> ListenResults: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def transcript(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ListenMetadata:
    @property
    def transaction_key(self) -> str | None: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def duration(self) -> float | None: ...
    @property
    def channels(self) -> int | None: ...
    @property
    def models(self) -> ViewList[str]: ...
    @property
    def model_info(self) -> dict[str, ModelInfo]: ...
    @property
    def summary_info(self) -> TokenUsage | None: ...
    @property
    def sentiment_info(self) -> TokenUsage | None: ...
    @property
    def topics_info(self) -> TokenUsage | None: ...
    @property
    def intents_info(self) -> TokenUsage | None: ...
    @property
    def tags(self) -> ViewList[str]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def warnings(self) -> ViewList[Warning]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ModelInfo:
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def arch(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class TokenUsage:
    @property
    def model_uuid(self) -> str | None: ...
    @property
    def input_tokens(self) -> int | None: ...
    @property
    def output_tokens(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Warning:
    @property
    def parameter(self) -> str | None: ...
    @property
    def type(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ListenResults:
    @property
    def channels(self) -> ViewList[Channel]: ...
    @property
    def utterances(self) -> ViewList[Utterance]: ...
    @property
    def summary(self) -> Summary | None: ...
    @property
    def topics(self) -> Topics | None: ...
    @property
    def intents(self) -> Intents | None: ...
    @property
    def sentiments(self) -> Sentiments | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Channel:
    @property
    def alternatives(self) -> ViewList[Alternative]: ...
    @property
    def detected_language(self) -> str | None: ...
    @property
    def language_confidence(self) -> float | None: ...
    @property
    def search(self) -> ViewList[Search]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Alternative:
    @property
    def transcript(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def words(self) -> ViewList[Word]: ...
    @property
    def paragraphs(self) -> Paragraphs | None: ...
    @property
    def entities(self) -> ViewList[Entity]: ...
    @property
    def summaries(self) -> ViewList[SegmentSummary]: ...
    @property
    def topics(self) -> ViewList[SegmentTopics]: ...
    @property
    def languages(self) -> ViewList[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Word:
    @property
    def word(self) -> str: ...
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...
    @property
    def confidence(self) -> float: ...
    @property
    def punctuated_word(self) -> str | None: ...
    @property
    def speaker(self) -> int | None: ...
    @property
    def speaker_confidence(self) -> float | None: ...
    @property
    def language(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Paragraphs:
    @property
    def transcript(self) -> str | None: ...
    @property
    def paragraphs(self) -> ViewList[Paragraph]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Paragraph:
    @property
    def sentences(self) -> ViewList[Sentence]: ...
    @property
    def speaker(self) -> int | None: ...
    @property
    def num_words(self) -> int | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Sentence:
    @property
    def text(self) -> str | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Entity:
    @property
    def label(self) -> str | None: ...
    @property
    def value(self) -> str | None: ...
    @property
    def raw_value(self) -> str | None: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SegmentSummary:
    @property
    def summary(self) -> str | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SegmentTopics:
    @property
    def text(self) -> str | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    @property
    def topics(self) -> ViewList[Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Search:
    @property
    def query(self) -> str | None: ...
    @property
    def hits(self) -> ViewList[SearchHit]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SearchHit:
    @property
    def confidence(self) -> float | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    @property
    def snippet(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Utterance:
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def channel(self) -> int | None: ...
    @property
    def transcript(self) -> str | None: ...
    @property
    def words(self) -> ViewList[Word]: ...
    @property
    def speaker(self) -> int | None: ...
    @property
    def id(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Summary:
    @property
    def result(self) -> str | None: ...
    @property
    def short(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Topics:
    @property
    def segments(self) -> ViewList[TopicSegment]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class TopicSegment:
    @property
    def text(self) -> str | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    @property
    def topics(self) -> ViewList[Topic]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Topic:
    @property
    def topic(self) -> str | None: ...
    @property
    def confidence_score(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Intents:
    @property
    def segments(self) -> ViewList[IntentSegment]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class IntentSegment:
    @property
    def text(self) -> str | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    @property
    def intents(self) -> ViewList[Intent]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Intent:
    @property
    def intent(self) -> str | None: ...
    @property
    def confidence_score(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Sentiments:
    @property
    def segments(self) -> ViewList[SentimentSegment]: ...
    @property
    def average(self) -> SentimentAverage | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SentimentSegment:
    @property
    def text(self) -> str | None: ...
    @property
    def start_word(self) -> int | None: ...
    @property
    def end_word(self) -> int | None: ...
    @property
    def sentiment(self) -> str | None: ...
    @property
    def sentiment_score(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SentimentAverage:
    @property
    def sentiment(self) -> str | None: ...
    @property
    def sentiment_score(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class StreamingResult:
    @property
    def type(self) -> str: ...
    @property
    def channel_index(self) -> ViewList[int]: ...
    @property
    def duration(self) -> float: ...
    @property
    def start(self) -> float: ...
    @property
    def is_final(self) -> bool | None: ...
    @property
    def speech_final(self) -> bool | None: ...
    @property
    def from_finalize(self) -> bool | None: ...
    @property
    def channel(self) -> Channel: ...
    @property
    def metadata(self) -> StreamingMetadata | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class StreamingMetadata:
    @property
    def request_id(self) -> str | None: ...
    @property
    def model_info(self) -> ModelInfo | None: ...
    @property
    def model_uuid(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UtteranceEnd:
    @property
    def type(self) -> str: ...
    @property
    def channel(self) -> ViewList[int]: ...
    @property
    def last_word_end(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class SpeechStarted:
    @property
    def type(self) -> str: ...
    @property
    def channel(self) -> ViewList[int]: ...
    @property
    def timestamp(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class StreamError:
    @property
    def type(self) -> str: ...
    @property
    def variant(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def code(self) -> str | None: ...
    @property
    def sequence_id(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class FluxConnected:
    @property
    def type(self) -> str: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def sequence_id(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class TurnInfo:
    @property
    def type(self) -> str: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def sequence_id(self) -> int | None: ...
    @property
    def event(self) -> str: ...
    @property
    def turn_index(self) -> int | None: ...
    @property
    def audio_window_start(self) -> float | None: ...
    @property
    def audio_window_end(self) -> float | None: ...
    @property
    def transcript(self) -> str: ...
    @property
    def words(self) -> ViewList[FluxWord]: ...
    @property
    def end_of_turn_confidence(self) -> float | None: ...
    @property
    def languages(self) -> ViewList[str]: ...
    @property
    def languages_hinted(self) -> ViewList[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class FluxWord:
    @property
    def word(self) -> str: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def start(self) -> float | None: ...
    @property
    def end(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ConfigureSuccess:
    @property
    def type(self) -> str: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def thresholds(self) -> FluxThresholds | None: ...
    @property
    def keyterms(self) -> ViewList[str]: ...
    @property
    def language_hints(self) -> ViewList[str]: ...
    @property
    def sequence_id(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class FluxThresholds:
    @property
    def eager_eot_threshold(self) -> float | None: ...
    @property
    def eot_threshold(self) -> float | None: ...
    @property
    def eot_timeout_ms(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ConfigureFailure:
    @property
    def type(self) -> str: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def sequence_id(self) -> int | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Project:
    @property
    def project_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Member:
    @property
    def member_id(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ApiKeyInfo:
    @property
    def api_key_id(self) -> str: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def scopes(self) -> ViewList[str]: ...
    @property
    def tags(self) -> ViewList[str]: ...
    @property
    def created(self) -> str | None: ...
    @property
    def expiration_date(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class KeyWithMember:
    @property
    def member(self) -> Member: ...
    @property
    def api_key(self) -> ApiKeyInfo: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class CreatedKey:
    @property
    def api_key_id(self) -> str: ...
    @property
    def key(self) -> Secret: ...
    @property
    def comment(self) -> str | None: ...
    @property
    def scopes(self) -> ViewList[str]: ...
    @property
    def tags(self) -> ViewList[str]: ...
    @property
    def expiration_date(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def secret(self) -> Secret: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class DeleteKeyResponse:
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class GrantedToken:
    @property
    def access_token(self) -> Secret: ...
    @property
    def expires_in(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ProjectDetails:
    @property
    def project_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def mip_opt_out(self) -> bool | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ApiMessage:
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ProjectMember:
    @property
    def member_id(self) -> str: ...
    @property
    def scopes(self) -> ViewList[str]: ...
    @property
    def email(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class MemberScopes:
    @property
    def scopes(self) -> ViewList[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Invite:
    @property
    def email(self) -> str: ...
    @property
    def scope(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Balance:
    @property
    def balance_id(self) -> str: ...
    @property
    def amount(self) -> float | None: ...
    @property
    def units(self) -> str | None: ...
    @property
    def purchase_order_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ModelCatalog:
    @property
    def stt(self) -> ViewList[CatalogModel]: ...
    @property
    def tts(self) -> ViewList[CatalogModel]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class CatalogModel:
    @property
    def name(self) -> str | None: ...
    @property
    def canonical_name(self) -> str | None: ...
    @property
    def architecture(self) -> str | None: ...
    @property
    def languages(self) -> ViewList[str]: ...
    @property
    def version(self) -> str | None: ...
    @property
    def uuid(self) -> str | None: ...
    @property
    def batch(self) -> bool | None: ...
    @property
    def streaming(self) -> bool | None: ...
    @property
    def formatted_output(self) -> bool | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class RequestPage:
    @property
    def page(self) -> int | None: ...
    @property
    def limit(self) -> int | None: ...
    @property
    def requests(self) -> ViewList[ProjectRequest]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class RequestAnswer:
    @property
    def request(self) -> ProjectRequest: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class ProjectRequest:
    @property
    def request_id(self) -> str: ...
    @property
    def project_uuid(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def api_key_id(self) -> str | None: ...
    @property
    def response(self) -> dict[str, Any]: ...
    @property
    def code(self) -> int | None: ...
    @property
    def deployment(self) -> str | None: ...
    @property
    def callback(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageSummary:
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...
    @property
    def resolution(self) -> Resolution | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Resolution:
    @property
    def units(self) -> str | None: ...
    @property
    def amount(self) -> float | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageFields:
    @property
    def tags(self) -> ViewList[str]: ...
    @property
    def models(self) -> ViewList[UsageModel]: ...
    @property
    def processing_methods(self) -> ViewList[str]: ...
    @property
    def features(self) -> ViewList[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageModel:
    @property
    def name(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def version(self) -> str | None: ...
    @property
    def model_id(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageBreakdown:
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...
    @property
    def resolution(self) -> Resolution | None: ...
    @property
    def results(self) -> ViewList[UsageRow]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageRow:
    @property
    def hours(self) -> float | None: ...
    @property
    def total_hours(self) -> float | None: ...
    @property
    def agent_hours(self) -> float | None: ...
    @property
    def tokens_in(self) -> float | None: ...
    @property
    def tokens_out(self) -> float | None: ...
    @property
    def tts_characters(self) -> float | None: ...
    @property
    def requests(self) -> float | None: ...
    @property
    def grouping(self) -> UsageGroup | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class UsageGroup:
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...
    @property
    def accessor(self) -> str | None: ...
    @property
    def endpoint(self) -> str | None: ...
    @property
    def feature_set(self) -> str | None: ...
    @property
    def models(self) -> ViewList[str] | None: ...
    @property
    def method(self) -> str | None: ...
    @property
    def tags(self) -> ViewList[str] | None: ...
    @property
    def deployment(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

@final
class Keys:
    """API keys of a project."""

    def create(
        self,
        project_id: str,
        *,
        comment: str,
        scopes: str | Sequence[str],
        tags: str | Sequence[str] | None = None,
        expiration_date: str | None = None,
        time_to_live_in_seconds: int | None = None,
    ) -> CreatedKey:
        """Creates a key; its secret is in the answer, shown only this once. Never retried
        once sent, so it cannot create two keys."""
    def list(
        self,
        project_id: str,
        *,
        status: Literal["active", "expired"] | None = None,
    ) -> list[KeyWithMember]:
        """The project's keys (never their secrets), optionally only active or expired ones."""
    def get(
        self,
        project_id: str,
        key_id: str,
    ) -> KeyWithMember:
        """One key and its member (never its secret)."""
    def delete(
        self,
        project_id: str,
        key_id: str,
    ) -> DeleteKeyResponse:
        """Deletes a key; the answer holds the API's message."""

@final
class Projects:
    """The projects the credentials can see."""

    def list(
        self,
    ) -> list[Project]:
        """The projects these credentials can see."""
    def get(
        self,
        project_id: str,
    ) -> ProjectDetails:
        """One project: its id, name and Model Improvement Program choice."""
    def update(
        self,
        project_id: str,
        *,
        name: str,
    ) -> ApiMessage:
        """Renames a project."""
    def delete(
        self,
        project_id: str,
    ) -> ApiMessage:
        """Deletes a project (its owner only)."""
    def leave(
        self,
        project_id: str,
    ) -> ApiMessage:
        """Removes the caller from a project (an owner cannot leave)."""

@final
class Auth:
    """Temporary tokens."""

    def grant_token(
        self,
        ttl_seconds: int | None = None,
    ) -> GrantedToken:
        """A temporary token for `Authorization: Bearer` on transcription calls, living
        `ttl_seconds` (1 to 3600; the API's default of 30 without it)."""

@final
class Members:
    """The members of a project and their scopes."""

    def list(
        self,
        project_id: str,
    ) -> list[ProjectMember]:
        """The members of a project and their scopes."""
    def remove(
        self,
        project_id: str,
        member_id: str,
    ) -> ApiMessage:
        """Removes a member from a project."""
    def get_scopes(
        self,
        project_id: str,
        member_id: str,
    ) -> MemberScopes:
        """A member's scopes."""
    def update_scopes(
        self,
        project_id: str,
        member_id: str,
        *,
        scope: str,
    ) -> ApiMessage:
        """Changes a member's scope."""

@final
class Invites:
    """Invitations to a project."""

    def list(
        self,
        project_id: str,
    ) -> list[Invite]:
        """The open invitations of a project."""
    def send(
        self,
        project_id: str,
        *,
        email: str,
        scope: str,
    ) -> ApiMessage:
        """Invites someone to a project by email. Never repeated once it may have
        arrived, so nobody gets two emails."""
    def delete(
        self,
        project_id: str,
        email: str,
    ) -> ApiMessage:
        """Withdraws the invitation sent to `email`."""

@final
class Usage:
    """The requests a project made and its usage."""

    def list_requests(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        page: int | None = None,
        accessor: str | None = None,
        request_id: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        status: Literal["succeeded", "failed"] | None = None,
    ) -> RequestPage:
        """A page of the requests a project made, newest first."""
    def requests(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        page: int | None = None,
        accessor: str | None = None,
        request_id: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        status: Literal["succeeded", "failed"] | None = None,
    ) -> Pages[ProjectRequest]:
        """Every request a project made that the filters select, newest first, fetched a
        page at a time as it is read (`limit` is the page size)."""
    def get_request(
        self,
        project_id: str,
        request_id: str,
    ) -> RequestAnswer:
        """One request a project made."""
    def summary(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        accessor: str | None = None,
        tag: str | None = None,
        model: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        grouping: Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"] | Sequence[Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"]] | None = None,
    ) -> UsageSummary:
        """A project's usage over a range of days."""
    def fields(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
    ) -> UsageFields:
        """What a project's usage can be filtered by: tags, models, methods, features."""
    def breakdown(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        accessor: str | None = None,
        tag: str | None = None,
        model: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        grouping: Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"] | Sequence[Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"]] | None = None,
    ) -> UsageBreakdown:
        """A project's usage broken down by `grouping`."""

@final
class Balances:
    """A project's balances."""

    def list(
        self,
        project_id: str,
    ) -> list[Balance]:
        """A project's balances."""
    def get(
        self,
        project_id: str,
        balance_id: str,
    ) -> Balance:
        """One balance of a project."""

@final
class Models:
    """The models Deepgram offers, and those a project can use."""

    def list(
        self,
        include_outdated: bool | None = None,
    ) -> ModelCatalog:
        """The models Deepgram offers."""
    def get(
        self,
        model_id: str,
    ) -> CatalogModel:
        """One model Deepgram offers."""
    def list_for_project(
        self,
        project_id: str,
        *,
        include_outdated: bool | None = None,
    ) -> ModelCatalog:
        """The models a project can use."""
    def get_for_project(
        self,
        project_id: str,
        model_id: str,
    ) -> CatalogModel:
        """One model a project can use."""

@final
class AsyncKeys:
    """API keys of a project."""

    def create(
        self,
        project_id: str,
        *,
        comment: str,
        scopes: str | Sequence[str],
        tags: str | Sequence[str] | None = None,
        expiration_date: str | None = None,
        time_to_live_in_seconds: int | None = None,
    ) -> Coroutine[Any, Any, CreatedKey]:
        """Creates a key; its secret is in the answer, shown only this once. Never retried
        once sent, so it cannot create two keys."""
    def list(
        self,
        project_id: str,
        *,
        status: Literal["active", "expired"] | None = None,
    ) -> Coroutine[Any, Any, list[KeyWithMember]]:
        """The project's keys (never their secrets), optionally only active or expired ones."""
    def get(
        self,
        project_id: str,
        key_id: str,
    ) -> Coroutine[Any, Any, KeyWithMember]:
        """One key and its member (never its secret)."""
    def delete(
        self,
        project_id: str,
        key_id: str,
    ) -> Coroutine[Any, Any, DeleteKeyResponse]:
        """Deletes a key; the answer holds the API's message."""

@final
class AsyncProjects:
    """The projects the credentials can see."""

    def list(
        self,
    ) -> Coroutine[Any, Any, list[Project]]:
        """The projects these credentials can see."""
    def get(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, ProjectDetails]:
        """One project: its id, name and Model Improvement Program choice."""
    def update(
        self,
        project_id: str,
        *,
        name: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Renames a project."""
    def delete(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Deletes a project (its owner only)."""
    def leave(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Removes the caller from a project (an owner cannot leave)."""

@final
class AsyncAuth:
    """Temporary tokens."""

    def grant_token(
        self,
        ttl_seconds: int | None = None,
    ) -> Coroutine[Any, Any, GrantedToken]:
        """A temporary token for `Authorization: Bearer` on transcription calls, living
        `ttl_seconds` (1 to 3600; the API's default of 30 without it)."""

@final
class AsyncMembers:
    """The members of a project and their scopes."""

    def list(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, list[ProjectMember]]:
        """The members of a project and their scopes."""
    def remove(
        self,
        project_id: str,
        member_id: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Removes a member from a project."""
    def get_scopes(
        self,
        project_id: str,
        member_id: str,
    ) -> Coroutine[Any, Any, MemberScopes]:
        """A member's scopes."""
    def update_scopes(
        self,
        project_id: str,
        member_id: str,
        *,
        scope: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Changes a member's scope."""

@final
class AsyncInvites:
    """Invitations to a project."""

    def list(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, list[Invite]]:
        """The open invitations of a project."""
    def send(
        self,
        project_id: str,
        *,
        email: str,
        scope: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Invites someone to a project by email. Never repeated once it may have
        arrived, so nobody gets two emails."""
    def delete(
        self,
        project_id: str,
        email: str,
    ) -> Coroutine[Any, Any, ApiMessage]:
        """Withdraws the invitation sent to `email`."""

@final
class AsyncUsage:
    """The requests a project made and its usage."""

    def list_requests(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        page: int | None = None,
        accessor: str | None = None,
        request_id: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        status: Literal["succeeded", "failed"] | None = None,
    ) -> Coroutine[Any, Any, RequestPage]:
        """A page of the requests a project made, newest first."""
    def requests(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        limit: int | None = None,
        page: int | None = None,
        accessor: str | None = None,
        request_id: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        status: Literal["succeeded", "failed"] | None = None,
    ) -> AsyncPages[ProjectRequest]:
        """Every request a project made that the filters select, newest first, fetched a
        page at a time as it is read (`limit` is the page size)."""
    def get_request(
        self,
        project_id: str,
        request_id: str,
    ) -> Coroutine[Any, Any, RequestAnswer]:
        """One request a project made."""
    def summary(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        accessor: str | None = None,
        tag: str | None = None,
        model: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        grouping: Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"] | Sequence[Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"]] | None = None,
    ) -> Coroutine[Any, Any, UsageSummary]:
        """A project's usage over a range of days."""
    def fields(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
    ) -> Coroutine[Any, Any, UsageFields]:
        """What a project's usage can be filtered by: tags, models, methods, features."""
    def breakdown(
        self,
        project_id: str,
        *,
        start: str | None = None,
        end: str | None = None,
        accessor: str | None = None,
        tag: str | None = None,
        model: str | None = None,
        deployment: Literal["hosted", "beta", "self-hosted"] | None = None,
        endpoint: Literal["listen", "read", "speak", "agent"] | None = None,
        method: Literal["sync", "async", "streaming"] | None = None,
        grouping: Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"] | Sequence[Literal["accessor", "endpoint", "feature_set", "models", "method", "tags", "deployment"]] | None = None,
    ) -> Coroutine[Any, Any, UsageBreakdown]:
        """A project's usage broken down by `grouping`."""

@final
class AsyncBalances:
    """A project's balances."""

    def list(
        self,
        project_id: str,
    ) -> Coroutine[Any, Any, list[Balance]]:
        """A project's balances."""
    def get(
        self,
        project_id: str,
        balance_id: str,
    ) -> Coroutine[Any, Any, Balance]:
        """One balance of a project."""

@final
class AsyncModels:
    """The models Deepgram offers, and those a project can use."""

    def list(
        self,
        include_outdated: bool | None = None,
    ) -> Coroutine[Any, Any, ModelCatalog]:
        """The models Deepgram offers."""
    def get(
        self,
        model_id: str,
    ) -> Coroutine[Any, Any, CatalogModel]:
        """One model Deepgram offers."""
    def list_for_project(
        self,
        project_id: str,
        *,
        include_outdated: bool | None = None,
    ) -> Coroutine[Any, Any, ModelCatalog]:
        """The models a project can use."""
    def get_for_project(
        self,
        project_id: str,
        model_id: str,
    ) -> Coroutine[Any, Any, CatalogModel]:
        """One model a project can use."""

# --- end of the generated section ---
