// Public types of dg for Node.js. Answers are plain objects under the API's own (snake_case)
// names; every interface also admits fields this version does not know (`[field: string]:
// unknown`), which are kept as the API sent them.

import type { Readable } from 'node:stream';
import type { ListenOptions, OneOrMany } from './options';
import type { ClientOptions } from './settings';
import type {
  CreatedKey,
  DeleteKeyResponse,
  GrantedToken,
  KeyWithMember,
  ListenResponse,
  Project,
} from './models';

// Generated from tests/schema/ by scripts/gen-types.js: the client's options (settings.d.ts), the
// listen options (options.d.ts), the error classes (errors.d.ts) and the answers (models.d.ts).
export * from './settings';
export * from './options';
export * from './errors';
export * from './models';

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
  /** Key management. */
  readonly keys: Keys;
  /** Projects. */
  readonly projects: Projects;
  /** Temporary tokens. */
  readonly auth: Auth;
  /** Transcribes audio that Deepgram fetches from `url`. */
  transcribeUrl(url: string, options?: ListenOptions & CallOptions): Promise<ListenResponse>;
  /**
   * Transcribes a file path or `file:` URL (streamed from disk), a buffer (sent without a copy:
   * do not change it until the Promise settles), or a `Readable` / async iterable of bytes
   * (streamed with backpressure, never held whole; sent once, never retried).
   */
  transcribeFile(source: AudioSource, options?: ListenOptions & UploadOptions & CallOptions): Promise<ListenResponse>;
}

/** What `transcribeFile` reads. */
export type AudioSource = string | URL | Uint8Array | ArrayBuffer | Readable | AsyncIterable<Uint8Array | string>;

/** How a buffer or stream is sent. */
export interface UploadOptions {
  /** Its MIME type. Default: sniffed from a buffer's first bytes; `application/octet-stream` for a stream. */
  contentType?: string;
  /** A stream's length in bytes: sent as `Content-Length`, and a stream of another length fails. */
  contentLength?: number;
}

export declare class Keys {
  private constructor();
  /** Creates a key. Its secret is `key`, a `Secret`: the API shows it only this once. */
  create(projectId: string, request: CreateKeyRequest, options?: CallOptions): Promise<CreatedKey>;
  /** The keys of a project, never their secrets. */
  list(projectId: string, options?: ListKeysOptions & CallOptions): Promise<KeyWithMember[]>;
  /** One key and its member. */
  get(projectId: string, keyId: string, options?: CallOptions): Promise<KeyWithMember>;
  /** Deletes a key. */
  delete(projectId: string, keyId: string, options?: CallOptions): Promise<DeleteKeyResponse>;
}

export declare class Projects {
  private constructor();
  /** The projects these credentials can see. */
  list(options?: CallOptions): Promise<Project[]>;
}

export declare class Auth {
  private constructor();
  /** A temporary token for `/v1/listen` (`Authorization: Bearer`). */
  grantToken(options?: GrantTokenOptions & CallOptions): Promise<GrantedToken>;
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
// Projects, keys and tokens

/** The body of `keys.create` (camelCase; validated by dg's core). */
export interface CreateKeyRequest {
  /** What the key is for (required). */
  comment: string;
  /** Scopes or roles (at least one), e.g. `member`, `usage:write`. */
  scopes: OneOrMany<string>;
  tags?: OneOrMany<string>;
  /** When it expires: a `Date` or an RFC 3339 string. Not with `timeToLiveInSeconds`. */
  expirationDate?: Date | string;
  /** How long it lives, in seconds. Not with `expirationDate`. */
  timeToLiveInSeconds?: number;
}

export interface ListKeysOptions {
  status?: 'active' | 'expired';
}

export interface GrantTokenOptions {
  /** 1 to 3600 seconds; the API's default is 30. */
  ttlSeconds?: number;
}

