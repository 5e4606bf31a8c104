'use strict';
// DeepgramClient: the public API over the native client. Each method only routes its
// arguments to the native call that matches them; options are validated by the Rust core.

const { fileURLToPath } = require('node:url');
const { NativeClient, AudioSink, Secret } = require('./native.js');
const { call } = require('./call.js');
const { parseAnswer } = require('./listen.js');
const { pump, isStream } = require('./upload.js');
const { invalid, toError } = require('./failure.js');

const RUNTIME = `node/${process.versions.node}`;

/** A credential given as a `Secret` (e.g. a granted token) is read only here. */
function reveal(value) {
  return value instanceof Secret ? value.reveal() : value;
}

function split(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw invalid('options must be an object');
  return options;
}

/** Key management: `client.keys`. */
class Keys {
  #native;

  constructor(native) {
    this.#native = native;
  }

  /** Creates a key; its secret is `key.key`, a `Secret` (read it with `.reveal()`). */
  async create(projectId, request, options) {
    const { signal } = split(options);
    const fields = split(request);
    const { expirationDate } = fields;
    const body = expirationDate instanceof Date ? { ...fields, expirationDate: expirationDate.toISOString() } : fields;
    return call(signal, (abort) => this.#native.createKey(projectId, body, abort));
  }

  /** The keys of a project, never their secrets; `{status: 'active' | 'expired'}` filters. */
  async list(projectId, options) {
    const { signal, ...rest } = split(options);
    return call(signal, (abort) => this.#native.listKeys(projectId, rest, abort));
  }

  /** One key and its member. */
  async get(projectId, keyId, options) {
    const { signal } = split(options);
    return call(signal, (abort) => this.#native.getKey(projectId, keyId, abort));
  }

  /** Deletes a key; resolves to the API's `{message}`. */
  async delete(projectId, keyId, options) {
    const { signal } = split(options);
    return call(signal, (abort) => this.#native.deleteKey(projectId, keyId, abort));
  }
}

/** Projects: `client.projects`. */
class Projects {
  #native;

  constructor(native) {
    this.#native = native;
  }

  /** The projects these credentials can see. */
  async list(options) {
    const { signal } = split(options);
    return call(signal, (abort) => this.#native.listProjects(abort));
  }
}

/** Temporary tokens: `client.auth`. */
class Auth {
  #native;

  constructor(native) {
    this.#native = native;
  }

  /** A temporary token (`{ttlSeconds}`: 1 to 3600, default 30); `access_token` is a `Secret`. */
  async grantToken(options) {
    const { signal, ...rest } = split(options);
    return call(signal, (abort) => this.#native.grantToken(rest, abort));
  }
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
    /** Key management. */
    this.keys = new Keys(this.#native);
    /** Projects. */
    this.projects = new Projects(this.#native);
    /** Temporary tokens. */
    this.auth = new Auth(this.#native);
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
