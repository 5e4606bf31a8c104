'use strict';
// The native layer's failures (Errors with the core's record in `kind`, `status`, `apiCode`,
// `requestId`, ... properties) as the generated error classes of errors.js.

const { AbortError, DeepgramError, InvalidOptionsError, classByKind } = require('./errors.js');

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
    const Class = classByKind[thrown.kind] ?? DeepgramError;
    return new Class(thrown.message, thrown, options);
  }
  // napi's own argument checks ("Failed to convert JavaScript value ... into rust type").
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new InvalidOptionsError(message, { kind: 'invalid_options' }, { cause: thrown });
}

/** The error of a call whose signal had fired before it started: nothing was sent. */
function abortError(signal) {
  return new AbortError('the request was aborted', { kind: 'aborted', requestSent: false }, { cause: signal.reason });
}

/** An argument refused by the JS layer (before the native call), naming `option` if given. */
function invalid(message, option = undefined) {
  return new InvalidOptionsError(message, { kind: 'invalid_options', option });
}

module.exports = { toError, abortError, invalid };
