'use strict';
// The error classes, and the conversion of the native layer's failures (Errors with `kind`,
// `status`, `apiCode`, `requestId`, ... properties) into them.

/** Every error this package throws or rejects with. */
class DeepgramError extends Error {
  constructor(message, info = {}, options = undefined) {
    super(message, options);
    /** The core's error kind (`Auth`, `NotFound`, ..., or `Aborted`). */
    this.kind = info.kind;
    /** The HTTP status, when the API answered. */
    this.status = info.status;
    /** The API's error code (`INVALID_AUTH`, `FORBIDDEN`, ...). */
    this.code = info.apiCode;
    /** The request id the API gave the failure (quote it to Deepgram support). */
    this.requestId = info.requestId;
    /** The API's `details`, when it gave some. */
    this.details = info.details;
  }
}

/** Options or arguments the API would reject, or an unusable configuration; nothing was sent. */
class InvalidOptionsError extends DeepgramError {}
/** 401: missing, wrong, expired or revoked credentials. */
class AuthError extends DeepgramError {}
/** 403: the credentials lack a scope the call needs. */
class PermissionDeniedError extends DeepgramError {}
/** 404: no such project or key. */
class NotFoundError extends DeepgramError {}
/** 402: the account cannot pay for the request. */
class PaymentRequiredError extends DeepgramError {}
/** 400, 413, 415 and other answers about the request itself. */
class BadRequestError extends DeepgramError {}
/** 5xx. */
class ServerError extends DeepgramError {}
/**
 * The connect or overall timeout fired. `requestSent` is false when connecting timed out (the
 * server never got the request), true when it may have got it (see `NetworkError`).
 */
class TimeoutError extends DeepgramError {
  constructor(message, info = {}, options = undefined) {
    super(message, info, options);
    /** Whether the server may have received the request (the core's `request_sent`). */
    this.requestSent = info.requestSent;
  }
}

/**
 * The connection failed or broke, or a streamed source failed (see `cause`). `requestSent` is
 * false when the request provably never reached the server in full (nothing listening, a
 * failed TLS handshake, a source that failed mid-upload) and true when it may have arrived and
 * been acted on. After `keys.create`: false means the key was not created (creating it again is
 * safe), true means it may have been created anyway (look for it with `keys.list` first).
 */
class NetworkError extends DeepgramError {
  constructor(message, info = {}, options = undefined) {
    super(message, info, options);
    /** Whether the server may have received the request (the core's `request_sent`). */
    this.requestSent = info.requestSent;
  }
}

/** 429, after the client's retries. */
class RateLimitError extends DeepgramError {
  constructor(message, info = {}, options = undefined) {
    super(message, info, options);
    /** How long the API asked to wait, in milliseconds, when it said. */
    this.retryAfterMs = info.retryAfterMs;
  }
}

/** A local file could not be opened or read. */
class FileError extends DeepgramError {
  constructor(message, info = {}, options = undefined) {
    super(message, info, options);
    /** The file. */
    this.path = info.path;
  }
}

/**
 * An answer that could not be decoded. When a key was created but its answer could not be
 * read, `rawAnswer` holds the whole answer (the key's secret included) as a `Secret`.
 */
class DecodeError extends DeepgramError {
  constructor(message, info = {}, options = undefined) {
    super(message, info, options);
    if (info.rawAnswer !== undefined) {
      /** The raw answer of a created key, as a `Secret`. */
      this.rawAnswer = info.rawAnswer;
    }
  }
}

/** The call's `AbortSignal` fired; `cause` is the signal's reason. */
class AbortError extends DeepgramError {}

const byKind = {
  InvalidOptions: InvalidOptionsError,
  Auth: AuthError,
  PermissionDenied: PermissionDeniedError,
  NotFound: NotFoundError,
  PaymentRequired: PaymentRequiredError,
  RateLimited: RateLimitError,
  BadRequest: BadRequestError,
  Server: ServerError,
  Timeout: TimeoutError,
  Network: NetworkError,
  Io: FileError,
  Decode: DecodeError,
  Aborted: AbortError,
};

const classes = [DeepgramError, ...new Set(Object.values(byKind))];
for (const cls of classes) {
  // On the prototype, so `name` is not an own field printed with every error.
  Object.defineProperty(cls.prototype, 'name', { value: cls.name, writable: true, configurable: true });
}

/** A failure of the native layer (anything else thrown there is a bad argument). */
function isFailure(value) {
  return value instanceof Error && typeof value.kind === 'string';
}

/**
 * The `DeepgramError` for what a native call threw or rejected with. `cause` is attached:
 * the signal's reason for an abort, or the stream's error when a streamed source failed.
 */
function toError(thrown, cause = undefined) {
  if (thrown instanceof DeepgramError) return thrown;
  const options = cause === undefined ? undefined : { cause };
  if (isFailure(thrown)) {
    const Class = byKind[thrown.kind] ?? DeepgramError;
    return new Class(thrown.message, thrown, options);
  }
  // napi's own argument checks ("Failed to convert JavaScript value ... into rust type").
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new InvalidOptionsError(message, { kind: 'InvalidOptions' }, { cause: thrown });
}

function abortError(signal) {
  return new AbortError('the request was aborted', { kind: 'Aborted' }, { cause: signal.reason });
}

function invalid(message) {
  return new InvalidOptionsError(message, { kind: 'InvalidOptions' });
}

module.exports = {
  DeepgramError,
  InvalidOptionsError,
  AuthError,
  PermissionDeniedError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  BadRequestError,
  ServerError,
  TimeoutError,
  NetworkError,
  FileError,
  DecodeError,
  AbortError,
  toError,
  abortError,
  invalid,
};
