// Public types of dg for Node.js. Answers are plain objects under the API's own (snake_case)
// names; every interface also admits fields this version does not know (`[field: string]:
// unknown`), which are kept as the API sent them.

import type { Readable, Writable } from 'node:stream';
import type { FluxOptions, ListenOptions } from './options';
import type { ClientOptions, LiveSettings } from './settings';
import type {
  ConfigureFailure,
  ConfigureSuccess,
  FluxConnected,
  ListenMetadata,
  ListenResponse,
  SpeechStarted,
  StreamError,
  StreamingResult,
  TurnInfo,
  UtteranceEnd,
} from './models';
import type { CallGroups } from './calls';

// Generated from tests/schema/ by scripts/gen-types.js: the client's options (settings.d.ts), the
// listen options (options.d.ts), the error classes (errors.d.ts), the answers (models.d.ts) and
// the groups of management calls with their arguments (calls.d.ts).
export * from './settings';
export * from './options';
export * from './errors';
export * from './models';
export * from './calls';
// `usage.requests`, the paging iterator (hand-written).
export * from './pages';

// ---------------------------------------------------------------------------------------------
// Client

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call: the request is dropped and the Promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** A Deepgram client. Share one: calls run concurrently over one connection pool. */
export declare class DeepgramClient {
  /**
   * @throws {ConfigError} for an unusable configuration (no credentials, both `apiKey` and
   *   `accessToken`, a plain-http remote URL, ...); its `option` names the setting.
   */
  constructor(options?: ClientOptions);
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Transcribes audio that Deepgram fetches from `url`. */
  transcribeUrl(url: string, options?: ListenOptions & CallOptions): Promise<ListenResponse>;
  /**
   * Transcribes a file path or `file:` URL (streamed from disk), a buffer (sent without a copy:
   * do not change it until the Promise settles), or a `Readable` / async iterable of bytes
   * (streamed with backpressure, never held whole; sent once, never retried).
   */
  transcribeFile(source: AudioSource, options?: ListenOptions & UploadOptions & CallOptions): Promise<ListenResponse>;
  /** Live streams: `listen.live(options)` (`/v1/listen`) and `listen.flux(options)` (Flux). */
  readonly listen: Listen;
}

/** The groups of management calls (`keys`, `projects`, `auth`, ...), from calls.d.ts. */
export interface DeepgramClient extends CallGroups {}

/** What `transcribeFile` reads. */
export type AudioSource = string | URL | Uint8Array | ArrayBuffer | Readable | AsyncIterable<Uint8Array | string>;

/** How a buffer or stream is sent. */
export interface UploadOptions {
  /** Its MIME type. Default: sniffed from a buffer's first bytes; `application/octet-stream` for a stream. */
  contentType?: string;
  /** A stream's length in bytes: sent as `Content-Length`, and a stream of another length fails. */
  contentLength?: number;
}

/**
 * A secret (a created key, a temporary token): `reveal()` returns it; `String(secret)`,
 * `JSON.stringify` and `util.inspect` show `[redacted]`.
 */
export declare class Secret {
  private constructor();
  /** The secret itself. */
  reveal(): string;
  /** `[redacted]`. */
  toString(): string;
  /** `[redacted]`. */
  toJSON(): string;
}

// ---------------------------------------------------------------------------------------------
// Live streaming

/** `client.listen`: opens live streams. */
export interface Listen {
  /**
   * Opens a `/v1/listen` stream (`{ model: 'nova-3', interimResults: true }`). The options are
   * checked before connecting (`InvalidOptionsError` naming the option); a refused upgrade is
   * the same error as for a REST call (`AuthError`, ...).
   */
  live(options?: ListenOptions, call?: LiveCallOptions): Promise<LiveSession>;
  /** Opens a Flux stream (`{ model: 'flux-general-en' }`), turn-based; otherwise as `live`. */
  flux(options: FluxOptions, call?: LiveCallOptions): Promise<LiveSession>;
}

/** The second argument of `listen.live` / `listen.flux`. */
export interface LiveCallOptions extends CallOptions {
  /**
   * The stream's settings (`{ reconnect: true, keepAliveMs: 2000 }`), checked before
   * connecting: a bad one rejects with a `ConfigError` naming it.
   */
  settings?: LiveSettings;
}

/**
 * An open live stream; `for await` reads its events. It is also a `Writable`: audio piped
 * into it is sent, and ending it closes the stream (`close()`). Leaving a `for await` early,
 * `abort()`, `destroy()` or the open call's `signal` close the socket at once (after the
 * signal, reads and sends reject with an `AbortError`).
 */
export interface LiveSession extends Writable, AsyncIterable<LiveEvent> {
  /** The stream's request id (`dg-request-id` of the upgrade). */
  readonly requestId: string | undefined;
  /**
   * Queues a chunk of audio (a copy); resolves once dg's bounded send buffer took it, so
   * awaiting each send is the backpressure. Rejects once the stream is closed.
   */
  send(chunk: Uint8Array | ArrayBuffer | string): Promise<void>;
  /**
   * Sends `audio` (a file path or `file:` URL, read from disk; a buffer, sent without a copy:
   * do not change it until the Promise settles; or a `Readable` / async iterable of bytes)
   * through dg's core at `speed` times real time (`{ speed: 1 }`: as a microphone would), or as
   * fast as the server takes it when `speed` is unset. The core paces by the byte rate of a WAV
   * header, else of the stream's `encoding`, `sampleRate` and `channels`.
   * Resolves to the number of bytes sent; the stream stays open (`close()` it when done).
   *
   * @throws {InvalidOptionsError} for a speed that is not a positive number, or audio whose byte
   *   rate cannot be told (raw audio without `encoding` and `sampleRate`) when a speed is given.
   */
  stream(audio: AudioSource, options?: StreamOptions): Promise<number>;
  /** Asks for the results of all audio so far (`Finalize`); a Flux stream refuses it. */
  finalize(): Promise<void>;
  /** Changes a Flux stream's settings (`Configure`), answered by `ConfigureSuccess` or `ConfigureFailure`. */
  configure(settings: FluxConfigure): Promise<void>;
  /**
   * Sends `CloseStream` after the audio already queued; resolves once it is queued. The
   * iteration then yields the remaining events and ends when the server closes.
   */
  close(): Promise<void>;
  /** Closes the socket at once, without waiting for results. */
  abort(): void;
  [Symbol.asyncIterator](): AsyncIterator<LiveEvent>;
}

/** How `LiveSession.stream` sends. */
export interface StreamOptions {
  /** Times real time (`1`: as a microphone would; `10`: ten times faster). Unset: as fast as the server takes it. */
  speed?: number;
}

/** A Flux `Configure`: what is left unset keeps its value. Checked by dg's core before sending. */
export interface FluxConfigure {
  /** How confident the model must be that a turn ended (0.5 to 0.9). */
  eotThreshold?: number;
  /** The confidence for an early `EagerEndOfTurn` (0.3 to 0.9, at most `eotThreshold`). */
  eagerEotThreshold?: number;
  /** Milliseconds of silence after which a turn ends whatever the confidence (500 to 10000). */
  eotTimeoutMs?: number;
  /** The key terms from now on (replacing the current ones). */
  keyterms?: string[];
  /** The language hints from now on (`flux-general-multi`). */
  languageHints?: string[];
}

/**
 * A message of a live stream, as the server sent it (plain objects under the API's names),
 * told apart by `type`. A message type this version does not know also comes as its plain
 * object, with its own `type`.
 */
export type LiveEvent =
  | (StreamingResult & { type: 'Results' })
  | (ListenMetadata & { type: 'Metadata' })
  | (UtteranceEnd & { type: 'UtteranceEnd' })
  | (SpeechStarted & { type: 'SpeechStarted' })
  | (StreamError & { type: 'Error' })
  | (FluxConnected & { type: 'Connected' })
  | (TurnInfo & { type: 'TurnInfo' })
  | (ConfigureSuccess & { type: 'ConfigureSuccess' })
  | (ConfigureFailure & { type: 'ConfigureFailure' })
  | Reconnected;

/**
 * dg's own event (not the server's): with `settings.reconnect`, a dropped stream was picked up
 * on a new connection, the audio no final covered sent again.
 */
export interface Reconnected {
  type: 'dg.Reconnected';
  /** Which attempt connected (1 for the first). */
  attempt: number;
  /** The new connection's request id. */
  request_id: string | null;
  /** Seconds of audio sent again. */
  replayed_seconds: number;
}
