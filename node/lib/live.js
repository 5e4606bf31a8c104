'use strict';
// Live streaming: `client.listen.live(options)` and `client.listen.flux(options)` open dg-core's
// live session (through the native `LiveStream`) and resolve to a `LiveSession`. Everything a
// stream does is the core's: the bounded send buffer (`send` resolves once it took the chunk),
// keep-alive, parsing, `CloseStream` after the queued audio. This layer only gives it Node's
// shapes: async iteration over the events (parsed from the JSON the core gives), a `Writable`
// for `pipeline`, `stream(audio, { speed })` (the core's paced `send_source`), and an
// AbortSignal.

const { Writable } = require('node:stream');
const { fileURLToPath } = require('node:url');
const { AbortHandle, AudioSink } = require('./native.js');
const { split } = require('./call.js');
const { pump, isStream } = require('./upload.js');
const { AbortError, ConfigError } = require('./errors.js');
const { abortError, invalid, toError } = require('./failure.js');

/** `chunk` as bytes for the native layer; anything else is refused. */
function bytesOf(chunk) {
  // A Buffer is one: no view to make per chunk.
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalid('audio must be a Buffer, a Uint8Array (or another ArrayBuffer view) or an ArrayBuffer');
}

/**
 * An open live stream. `send(chunk)` queues audio (resolving once the core's bounded buffer
 * took it), `stream(audio, { speed })` sends a file, buffer or Readable at a pace (the core's),
 * `for await (const event of session)` reads the server's messages as plain objects,
 * `close()` sends `CloseStream` after the queued audio (the iteration then yields the rest and
 * ends when the server closes). It is also a `Writable`: piping audio into it sends it, and
 * ending it closes the stream. Leaving a `for await` early, `abort()`, `destroy()` or the
 * open call's AbortSignal close the socket at once.
 */
class LiveSession extends Writable {
  #native;
  /** Detaches the open call's AbortSignal listener. */
  #detach;
  /** Set once the signal fired: `{ reason }`. */
  #aborted;
  /** The `close()` under way or done. */
  #closing;

  /** Made by `client.listen.live` / `flux`, not by users. */
  constructor(native) {
    // Not destroyed after `end()`: the events still come after the audio has ended.
    super({ autoDestroy: false });
    this.#native = native;
  }

  /** The stream's request id (`dg-request-id` of the upgrade), if the server gave one. */
  get requestId() {
    return this.#native.requestId ?? undefined;
  }

  /** Queues a chunk of audio; resolves once the send buffer took it (waits while it is full). */
  async send(chunk) {
    this.#refuseAborted();
    const bytes = bytesOf(chunk);
    try {
      // Most chunks find room in the buffer at once: only a full one waits on a Promise.
      if (!this.#native.trySend(bytes)) await this.#native.send(bytes);
    } catch (e) {
      throw this.#error(e);
    }
  }

  /**
   * Sends `audio` (a file path or `file:` URL, read from disk; a `Buffer`/`Uint8Array`/
   * `ArrayBuffer`; or a `Readable` / async iterable of bytes) through dg's core at `speed` times
   * real time (`{ speed: 1 }`: as a microphone would), or as fast as the server takes it
   * without a speed. The pacing is the core's: it reads the byte rate from a WAV header, else
   * from the stream's `encoding` and `sampleRate`, and refuses a speed that is not a positive
   * number, or audio whose rate it cannot tell, with an `InvalidOptionsError`. Resolves to the
   * bytes sent; the stream stays open (`close()` it when done).
   */
  async stream(audio, options) {
    this.#refuseAborted();
    let { speed } = split(options);
    if (speed === null) speed = undefined;
    if (speed !== undefined && typeof speed !== 'number') throw invalid('`speed` must be a number (times real time)', 'speed');
    if (audio instanceof URL) audio = fileURLToPath(audio);
    if (audio instanceof ArrayBuffer) audio = new Uint8Array(audio);
    if (typeof audio === 'string' || audio instanceof Uint8Array) return this.#stream(audio, speed);
    if (isStream(audio)) {
      const sink = new AudioSink();
      const state = { error: undefined };
      const sending = this.#stream(sink, speed, () => state.error);
      const pumping = pump(audio, sink, state);
      try {
        const sent = await sending;
        await pumping;
        return sent;
      } catch (e) {
        // As stream.pipeline does: a source whose sending failed is not left half read.
        if (typeof audio.destroy === 'function') audio.destroy();
        throw e;
      }
    }
    throw invalid('the audio must be a file path, a file: URL, a Buffer/Uint8Array/ArrayBuffer, or a Readable');
  }

  /** The native `stream` of `audio` (a path, bytes or an AudioSink); `sourceError()` names what broke a Readable. */
  async #stream(audio, speed, sourceError = () => undefined) {
    try {
      return await this.#native.stream(audio, speed);
    } catch (e) {
      throw toError(e, e?.kind === 'aborted' ? this.#aborted?.reason : sourceError());
    }
  }

  /** Asks for the results of all audio so far (`Finalize`; a Flux stream refuses it). */
  async finalize() {
    this.#refuseAborted();
    try {
      await this.#native.finalize();
    } catch (e) {
      throw this.#error(e);
    }
  }

  /** Changes a Flux stream's settings (`{ eotThreshold: 0.8, keyterms: [...] }`), checked by the core. */
  async configure(settings) {
    this.#refuseAborted();
    try {
      await this.#native.configure(split(settings));
    } catch (e) {
      throw this.#error(e);
    }
  }

  /**
   * Sends `CloseStream` after the audio already queued; resolves once it is queued. Keep
   * iterating: the remaining results and `Metadata` come, then the iteration ends. Calling it
   * again returns the same Promise.
   */
  close() {
    this.#closing ??= (async () => {
      this.#refuseAborted();
      try {
        await this.#native.close();
      } catch (e) {
        throw this.#error(e);
      }
    })();
    return this.#closing;
  }

  /** Closes the socket at once, without waiting for results (as `destroy()` does). */
  abort() {
    this.destroy();
  }

  [Symbol.asyncIterator]() {
    let done = false;
    const end = () => {
      done = true;
      this.#detach?.();
      return { done: true, value: undefined };
    };
    const iterator = {
      next: async () => {
        if (done) return { done: true, value: undefined };
        let text;
        try {
          text = this.#native.tryNext() ?? (await this.#native.next());
        } catch (e) {
          end();
          throw this.#error(e);
        }
        if (text === null) return end();
        return { done: false, value: JSON.parse(text) };
      },
      // Leaving a `for await` early: the stream is not wanted any more.
      return: async () => {
        this.abort();
        return end();
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  _write(chunk, _encoding, callback) {
    this.send(chunk).then(() => callback(), callback);
  }

  _final(callback) {
    this.close().then(() => callback(), callback);
  }

  _destroy(error, callback) {
    this.#native.abort();
    this.#detach?.();
    callback(error);
  }

  /** Wires the open call's signal: its abort rejects reads with an `AbortError` and closes the socket. */
  _watch(signal, handle) {
    const onAbort = () => {
      this.#aborted = { reason: signal.reason };
      handle.abort();
      this.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.#detach = () => signal.removeEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
  }

  #refuseAborted() {
    if (this.#aborted) {
      throw new AbortError('the stream was aborted', { kind: 'aborted', requestSent: true }, { cause: this.#aborted.reason });
    }
  }

  #error(e) {
    return toError(e, e?.kind === 'aborted' ? this.#aborted?.reason : undefined);
  }
}

/** Opens a stream: `start(abortHandle)` is the native call. */
async function open(signal, start) {
  if (signal === undefined || signal === null) {
    try {
      return new LiveSession(await start(undefined));
    } catch (e) {
      throw toError(e);
    }
  }
  if (!(signal instanceof AbortSignal)) throw invalid('`signal` must be an AbortSignal', 'signal');
  if (signal.aborted) throw abortError(signal);
  const handle = new AbortHandle();
  // While connecting, the signal cancels the connection; once open, the session watches it.
  const onAbort = () => handle.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let native;
  try {
    native = await start(handle);
  } catch (e) {
    throw toError(e, e?.kind === 'aborted' ? signal.reason : undefined);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  const session = new LiveSession(native);
  session._watch(signal, handle);
  return session;
}

/**
 * The `settings` call option as the native side takes it: a plain object (read and checked by
 * dg's core, which rejects a bad one with a `ConfigError` naming it), or undefined.
 */
function liveSettings(settings) {
  if (settings === undefined || settings === null) return undefined;
  if (typeof settings !== 'object' || Array.isArray(settings)) {
    throw new ConfigError('`settings` must be an object of live settings', { kind: 'config', option: 'settings', requestSent: false });
  }
  return settings;
}

/** `client.listen`: live streams. */
class Listen {
  #native;

  constructor(native) {
    this.#native = native;
  }

  /**
   * Opens a `/v1/listen` stream (`{ model: 'nova-3', interimResults: true, ... }`); `{ signal }`
   * aborts it, `{ settings }` (`LiveSettings`: `reconnect`, `keepAliveMs`, ...) configures it.
   */
  async live(options, callOptions) {
    const listen = split(options);
    const { signal, settings } = split(callOptions);
    return open(signal, (abort) => this.#native.listenLive(listen, liveSettings(settings), abort));
  }

  /** Opens a Flux stream (`{ model: 'flux-general-en', eotThreshold: 0.7, ... }`); `{ signal, settings }` as for `live`. */
  async flux(options, callOptions) {
    const flux = split(options);
    const { signal, settings } = split(callOptions);
    return open(signal, (abort) => this.#native.listenFlux(flux, liveSettings(settings), abort));
  }
}

module.exports = { Listen, LiveSession };
