'use strict';
// Runs one native call: wires an AbortSignal to an AbortHandle (dropping the Rust future, and
// with it the request) and turns failures into DeepgramErrors.

const { AbortHandle } = require('./native.js');
const { abortError, invalid, toError } = require('./failure.js');

/**
 * `start(abortHandle)` starts the native call and returns its Promise. `sourceError()` names
 * what broke a streamed source, to become the error's `cause`.
 */
async function call(signal, start, sourceError = () => undefined) {
  if (signal === undefined || signal === null) {
    try {
      return await start(undefined);
    } catch (e) {
      throw toError(e, sourceError());
    }
  }
  if (!(signal instanceof AbortSignal)) throw invalid('`signal` must be an AbortSignal', 'signal');
  if (signal.aborted) throw abortError(signal);
  const handle = new AbortHandle();
  const onAbort = () => handle.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await start(handle);
  } catch (e) {
    throw toError(e, e?.kind === 'aborted' ? signal.reason : sourceError());
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

module.exports = { call };
