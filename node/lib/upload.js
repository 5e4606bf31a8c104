'use strict';
// Pumps a Readable (or any async iterable of bytes) into an AudioSink. A chunk is copied into
// the sink's bounded queue; when the queue is full the pump waits for room and stops reading
// the source, so at most the queue (about 1 MiB) is held, whatever the source's size.

/**
 * Resolves (never rejects) when the source is drained or the upload is over. A source that
 * fails ends the upload with its message; the failure is kept in `state.error`.
 */
async function pump(source, sink, state) {
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!(bytes instanceof Uint8Array)) {
        throw new TypeError(`the audio stream yielded ${typeof chunk}, not bytes`);
      }
      if (!sink.tryWrite(bytes)) await sink.write(bytes);
    }
    sink.end();
  } catch (error) {
    // Writes fail once the upload is over (answered, failed or aborted): the request's outcome
    // is the answer then, and leaving the loop has destroyed the source.
    if (sink.closed) return;
    state.error = error;
    await sink.fail(String(error?.message ?? error));
  }
}

function isStream(source) {
  return source !== null && typeof source === 'object' && typeof source[Symbol.asyncIterator] === 'function';
}

module.exports = { pump, isStream };
