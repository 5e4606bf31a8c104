'use strict';
// DeepgramClient: the public API over the native client. Each method only routes its
// arguments to the native call that matches them; options are validated by the Rust core. The
// management calls' groups (`client.keys`, ...) are generated into calls.js.

const { fileURLToPath } = require('node:url');
const { NativeClient, AudioSink, Secret } = require('./native.js');
const { call, split } = require('./call.js');
const { groups } = require('./calls.js');
const { addPaging } = require('./pages.js');
const { parseAnswer } = require('./listen.js');
const { pump, isStream } = require('./upload.js');
const { Listen } = require('./live.js');
const { invalid, toError } = require('./failure.js');

const RUNTIME = `node/${process.versions.node}`;

/** A credential given as a `Secret` (e.g. a granted token) is read only here. */
function reveal(value) {
  return value instanceof Secret ? value.reveal() : value;
}

/** A Deepgram client. Cheap to share: every call may run concurrently over one pool. */
class DeepgramClient {
  #native;

  /**
   * `{apiKey, accessToken, baseUrl, timeoutMs, connectTimeoutMs, retries}`; without
   * credentials, `DEEPGRAM_ACCESS_TOKEN` or `DEEPGRAM_API_KEY` is used; both `apiKey` and
   * `accessToken` is refused. Names, defaults and checks are the core's: throws a `ConfigError`
   * (its `option` naming the setting) for an unusable configuration.
   */
  constructor(options) {
    const { apiKey, accessToken, ...rest } = split(options);
    const settings = { ...rest, apiKey: reveal(apiKey), accessToken: reveal(accessToken) };
    try {
      this.#native = new NativeClient(settings, RUNTIME);
    } catch (e) {
      throw toError(e);
    }
    // The groups of management calls (`keys`, `projects`, ...), generated from the core's table.
    Object.assign(this, groups(this.#native));
    // `usage.requests`, the paging iterator (hand-written: lib/pages.js).
    addPaging(this.usage, this.#native);
    /** Live streams: `listen.live(options)` (`/v1/listen`) and `listen.flux(options)` (Flux). */
    this.listen = new Listen(this.#native);
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /** Transcribes audio that Deepgram fetches from `url`. */
  async transcribeUrl(url, options) {
    const { signal, ...listen } = split(options);
    return parseAnswer(await call(signal, (abort) => this.#native.transcribeUrl(url, listen, abort)));
  }

  /**
   * Transcribes a file path (or `file:` URL), streamed from disk; a `Buffer`/`Uint8Array`/
   * `ArrayBuffer`, sent without a copy (do not change it until this settles); or a `Readable`
   * (any async iterable of bytes), streamed with backpressure and never held whole.
   * `contentType` names a buffer's or stream's type (else sniffed / octet-stream) and
   * `contentLength` a stream's length (then enforced); a file's are read from the file.
   */
  async transcribeFile(source, options) {
    const { signal, contentType, contentLength, ...listen } = split(options);
    const native = this.#native;
    if (typeof source === 'string' || source instanceof URL) {
      if (contentType !== undefined || contentLength !== undefined) {
        throw invalid(
          "`contentType` and `contentLength` are for buffers and streams: a file's are read from the file",
          contentType !== undefined ? 'contentType' : 'contentLength',
        );
      }
      const path = source instanceof URL ? fileURLToPath(source) : source;
      return parseAnswer(await call(signal, (abort) => native.transcribeFile(path, listen, abort)));
    }
    if (source instanceof ArrayBuffer) source = new Uint8Array(source);
    if (source instanceof Uint8Array) {
      if (contentLength !== undefined) throw invalid('`contentLength` is for streams: a buffer has its own', 'contentLength');
      return parseAnswer(await call(signal, (abort) => native.transcribeBytes(source, contentType, listen, abort)));
    }
    if (isStream(source)) {
      const sink = new AudioSink();
      const state = { error: undefined };
      const request = call(
        signal,
        (abort) => native.transcribeStream(sink, contentLength, contentType, listen, abort),
        () => state.error,
      );
      const pumping = pump(source, sink, state);
      try {
        const answer = parseAnswer(await request);
        await pumping;
        return answer;
      } catch (e) {
        // As stream.pipeline does: a source whose upload failed is not left half read.
        if (typeof source.destroy === 'function') source.destroy();
        throw e;
      }
    }
    throw invalid('the audio must be a file path, a file: URL, a Buffer/Uint8Array/ArrayBuffer, or a Readable');
  }
}

module.exports = { DeepgramClient };
