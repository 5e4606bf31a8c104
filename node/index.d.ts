// Public types of dg for Node.js. Answers are plain objects under the API's own (snake_case)
// names; every interface also admits fields this version does not know (`[field: string]:
// unknown`), which are kept as the API sent them.

import type { Readable } from 'node:stream';
import type { ListenOptions } from './options';
import type { ClientOptions } from './settings';
import type { ListenResponse } from './models';
import type { CallGroups } from './calls';

// Generated from tests/schema/ by scripts/gen-types.js: the client's options (settings.d.ts), the
// listen options (options.d.ts), the error classes (errors.d.ts), the answers (models.d.ts) and
// the groups of management calls with their arguments (calls.d.ts).
export * from './settings';
export * from './options';
export * from './errors';
export * from './models';
export * from './calls';

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
