// Public types of dg for Node.js. Answers are plain objects under the API's own (snake_case)
// names; every interface also admits fields this version does not know (`[field: string]:
// unknown`), which are kept as the API sent them.

import type { Readable } from 'node:stream';
import type { ListenOptions, OneOrMany } from './options';

// Generated from tests/schema/ by scripts/gen-types.js: the listen options (options.d.ts) and
// the error classes (errors.d.ts).
export * from './options';
export * from './errors';

// ---------------------------------------------------------------------------------------------
// Client

/** Options of `new DeepgramClient()`. */
export interface ClientOptions {
  /** An API key (`Authorization: Token`). Default: `DEEPGRAM_API_KEY`. */
  apiKey?: string | Secret;
  /**
   * A temporary token (`Authorization: Bearer`, `/v1/listen` only), e.g. `grantToken()`'s
   * `access_token`. Give `apiKey` or `accessToken`, not both (a `ConfigError`). Default:
   * `DEEPGRAM_ACCESS_TOKEN`, which wins over `DEEPGRAM_API_KEY`.
   */
  accessToken?: string | Secret;
  /** `https://…`, or `http://` to a loopback host. Default `https://api.deepgram.com`. */
  baseUrl?: string;
  /** Overall time for one attempt, in ms (uploads get more, by their size). Default 600000. */
  timeoutMs?: number;
  /** Time to connect, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Retries of a failed request that is safe to repeat. Default 2. */
  retries?: number;
}

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
// Answers of a transcription

/** The answer of `POST /v1/listen`: `metadata` and `results`, or only `request_id` (with `callback`). */
export interface ListenResponse {
  metadata?: ListenMetadata;
  results?: ListenResults;
  /** The answer of a `callback` request. */
  request_id?: string;
  /** The first channel's best transcript (not enumerable: not part of the JSON). */
  readonly transcript: string | undefined;
  [field: string]: unknown;
}

export interface ListenMetadata {
  transaction_key?: string;
  request_id?: string;
  /** SHA-256 of the audio, hex. */
  sha256?: string;
  /** RFC 3339. */
  created?: string;
  /** Seconds. */
  duration?: number;
  channels?: number;
  models?: string[];
  model_info?: Record<string, ModelInfo>;
  summary_info?: TokenUsage;
  sentiment_info?: TokenUsage;
  topics_info?: TokenUsage;
  intents_info?: TokenUsage;
  tags?: string[];
  extra?: Record<string, unknown>;
  warnings?: Warning[];
  [field: string]: unknown;
}

export interface ModelInfo {
  name: string;
  version: string;
  arch: string;
  [field: string]: unknown;
}

export interface TokenUsage {
  model_uuid: string;
  input_tokens: number;
  output_tokens: number;
  [field: string]: unknown;
}

export interface Warning {
  parameter?: string;
  type?: string;
  message?: string;
  [field: string]: unknown;
}

export interface ListenResults {
  channels: Channel[];
  utterances?: Utterance[];
  summary?: Summary;
  topics?: Topics;
  intents?: Intents;
  sentiments?: Sentiments;
  [field: string]: unknown;
}

export interface Channel {
  alternatives: Alternative[];
  detected_language?: string;
  language_confidence?: number;
  search?: Search[];
  [field: string]: unknown;
}

export interface Alternative {
  transcript: string;
  confidence: number;
  words: Word[];
  paragraphs?: Paragraphs;
  entities?: Entity[];
  summaries?: SegmentSummary[];
  topics?: SegmentTopics[];
  languages?: string[];
  [field: string]: unknown;
}

export interface Word {
  word: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  confidence: number;
  punctuated_word?: string;
  speaker?: number;
  speaker_confidence?: number;
  language?: string;
  [field: string]: unknown;
}

export interface Paragraphs {
  transcript: string;
  paragraphs: Paragraph[];
  [field: string]: unknown;
}

export interface Paragraph {
  sentences: Sentence[];
  speaker?: number;
  num_words: number;
  start: number;
  end: number;
  [field: string]: unknown;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  [field: string]: unknown;
}

export interface Entity {
  label: string;
  value: string;
  raw_value?: string;
  confidence: number;
  start_word: number;
  end_word: number;
  [field: string]: unknown;
}

export interface SegmentSummary {
  summary: string;
  start_word: number;
  end_word: number;
  [field: string]: unknown;
}

export interface SegmentTopics {
  text: string;
  start_word: number;
  end_word: number;
  topics: unknown[];
  [field: string]: unknown;
}

export interface Search {
  query: string;
  hits: SearchHit[];
  [field: string]: unknown;
}

export interface SearchHit {
  confidence: number;
  start: number;
  end: number;
  snippet: string;
  [field: string]: unknown;
}

export interface Utterance {
  start: number;
  end: number;
  confidence: number;
  channel: number;
  transcript: string;
  words: Word[];
  speaker?: number;
  id?: string;
  [field: string]: unknown;
}

export interface Summary {
  /** `success`, or why there is no summary. */
  result: string;
  short?: string;
  [field: string]: unknown;
}

export interface Topics {
  segments: TopicSegment[];
  [field: string]: unknown;
}

export interface TopicSegment {
  text: string;
  start_word: number;
  end_word: number;
  topics: Topic[];
  [field: string]: unknown;
}

export interface Topic {
  topic: string;
  confidence_score: number;
  [field: string]: unknown;
}

export interface Intents {
  segments: IntentSegment[];
  [field: string]: unknown;
}

export interface IntentSegment {
  text: string;
  start_word: number;
  end_word: number;
  intents: Intent[];
  [field: string]: unknown;
}

export interface Intent {
  intent: string;
  confidence_score: number;
  [field: string]: unknown;
}

export interface Sentiments {
  segments: SentimentSegment[];
  average?: SentimentAverage;
  [field: string]: unknown;
}

export interface SentimentSegment {
  text: string;
  start_word: number;
  end_word: number;
  sentiment: string;
  sentiment_score: number;
  [field: string]: unknown;
}

export interface SentimentAverage {
  sentiment: string;
  sentiment_score: number;
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Projects, keys and tokens

export interface Project {
  project_id: string;
  name: string;
  [field: string]: unknown;
}

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

/** A new key. `key` is its secret: shown only this once, as a `Secret`. */
export interface CreatedKey {
  api_key_id: string;
  key: Secret;
  comment: string;
  scopes: string[];
  tags?: string[];
  expiration_date?: string;
  created?: string;
  [field: string]: unknown;
}

export interface Member {
  member_id: string;
  email: string;
  first_name?: string;
  last_name?: string;
  [field: string]: unknown;
}

export interface ApiKeyInfo {
  api_key_id: string;
  comment: string;
  scopes: string[];
  tags?: string[];
  created?: string;
  expiration_date?: string;
  [field: string]: unknown;
}

export interface KeyWithMember {
  member: Member;
  api_key: ApiKeyInfo;
  [field: string]: unknown;
}

export interface DeleteKeyResponse {
  message: string;
  [field: string]: unknown;
}

/** A temporary token: pass `access_token` as `accessToken` to a new client. */
export interface GrantedToken {
  access_token: Secret;
  /** Seconds until it expires. */
  expires_in?: number;
  [field: string]: unknown;
}

