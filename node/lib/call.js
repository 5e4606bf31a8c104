'use strict';
// Runs one native call: wires an AbortSignal to an AbortHandle (dropping the Rust future, and
// with it the request) and turns failures into DeepgramErrors; and reads a call's arguments.

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

/** A call's options or request object (`{}` for none); anything else is refused. */
function split(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalid('options must be an object');
  return options;
}

/** `args` with each of `names` that holds a `Date` as its RFC 3339 text. */
function withDates(args, names) {
  const dated = names.filter((name) => args[name] instanceof Date);
  if (dated.length === 0) return args;
  return { ...args, ...Object.fromEntries(dated.map((name) => [name, args[name].toISOString()])) };
}

module.exports = { call, split, withDates };
