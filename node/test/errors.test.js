'use strict';
// The error classes as Node shows them: the fields' JavaScript names, the JS layer's own
// DecodeError, a created key's raw answer as a Secret, the constructor's ConfigError and the
// environment. Which failure makes which class, for every kind, is the conformance suite's
// (conformance.test.js).

const assert = require('node:assert/strict');
const net = require('node:net');
const { describe, it, before, after } = require('node:test');

const dg = require('..');
const { startEmulator } = require('./support/emulator.js');
const { BUELLER_URL } = require('./support/audio.js');

const UNKNOWN_PROJECT = '00000000-0000-4000-8000-000000000000';

/** Runs `fn` with these environment variables (undefined: unset), then restores them. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return await fn();
  } finally {
    set(saved);
  }
}

/** A loopback port nothing listens on (bound once by the OS, then released). */
async function unusedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Asserts `promise` rejects with an instance of `Class` (and so of DeepgramError), returns it. */
async function failure(promise, Class) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Class, `expected ${Class.name}, got ${e?.name}: ${e?.message}`);
    assert.ok(e instanceof dg.DeepgramError);
    assert.ok(e instanceof Error);
    assert.equal(e.name, Class.name);
    assert.ok(e.stack.includes(Class.name));
    return e;
  }
  assert.fail(`expected ${Class.name}, but it succeeded`);
}

describe('errors', () => {
  let emulator;
  let client;
  let once; // a client that does not retry, to see each fault's own error

  before(async () => {
    emulator = await startEmulator();
    client = new dg.DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
    once = new dg.DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url, retries: 0 });
  });
  after(() => emulator.stop());

  it('AuthError for a wrong key, with status, code and request id', async () => {
    const wrong = new dg.DeepgramClient({ apiKey: 'not-a-real-key', baseUrl: emulator.url });
    const e = await failure(wrong.projects.list(), dg.AuthError);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'INVALID_AUTH');
    assert.equal(e.kind, 'auth');
    assert.equal(e.requestSent, true);
    assert.match(e.requestId, /^[0-9a-f-]{36}$/);
  });

  it('BadRequestError for the modern error shape, with details', async () => {
    await emulator.fault({ path_prefix: '/v1/listen', error: 'invalid_json' });
    const e = await failure(client.transcribeUrl(BUELLER_URL), dg.BadRequestError);
    assert.equal(e.code, 'INVALID_JSON');
    assert.match(e.details, /Json deserialize error/);
  });

  it('RateLimitError for 429 once retries are spent, with the wait asked for', async () => {
    await emulator.fault({ path_prefix: '/v1/projects', status: 429, retry_after: 3 });
    const e = await failure(once.projects.list(), dg.RateLimitError);
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 3000);
  });

  it('keys.create that could not connect: NetworkError with requestSent false', async () => {
    const nowhere = new dg.DeepgramClient({ apiKey: 'k', baseUrl: `http://127.0.0.1:${await unusedPort()}`, retries: 0 });
    const e = await failure(nowhere.keys.create('p1', { comment: 'never', scopes: ['member'] }), dg.NetworkError);
    assert.equal(e.requestSent, false);
    assert.match(e.message, /could not connect/);
    assert.match(e.message, /the key was not created/);
  });

  it('keys.create that timed out after the request went out: TimeoutError with requestSent true', async () => {
    const impatient = new dg.DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url, timeoutMs: 100 });
    await emulator.fault({ path_prefix: `/v1/projects/${emulator.projectId}/keys`, delay_ms: 2000 });
    const e = await failure(impatient.keys.create(emulator.projectId, { comment: 'slow', scopes: ['member'] }), dg.TimeoutError);
    assert.equal(e.requestSent, true);
    assert.match(e.message, /the key may have been created anyway/);
  });

  it('DecodeError for a success that is not JSON', async () => {
    await emulator.fault({ path_prefix: '/v1/listen', status: 200, body: '<html>proxy page</html>' });
    let e = await failure(client.transcribeUrl(BUELLER_URL), dg.DecodeError);
    assert.match(e.message, /<html>/);
    await emulator.fault({ path_prefix: '/v1/listen', status: 200, body: '[1, 2]' });
    e = await failure(client.transcribeUrl(BUELLER_URL), dg.DecodeError);
    assert.match(e.message, /not a JSON object/);
    await emulator.fault({ path_prefix: '/v1/projects', status: 200, body: '{"projects": 7}' });
    await failure(client.projects.list(), dg.DecodeError);
  });

  it('KeyCreatedUndecodableError (a DecodeError) keeps the raw answer of a created key as a Secret', async () => {
    const raw = '{"api_key_id": 5, "key": "0123456789abcdef0123456789abcdef01234567"}';
    await emulator.fault({ path_prefix: '/v1/projects', status: 200, body: raw });
    const e = await failure(client.keys.create(emulator.projectId, { comment: 'c', scopes: ['member'] }), dg.KeyCreatedUndecodableError);
    assert.ok(e instanceof dg.DecodeError);
    assert.equal(e.kind, 'key_created_undecodable');
    assert.ok(e.rawAnswer instanceof dg.Secret);
    assert.equal(e.rawAnswer.reveal(), raw);
    assert.ok(!e.message.includes('0123456789abcdef'));
  });

  it('FileError for a file that cannot be read', async () => {
    const e = await failure(client.transcribeFile('/nonexistent/x.wav'), dg.FileError);
    assert.equal(e.kind, 'io');
    assert.equal(e.path, '/nonexistent/x.wav');
    assert.equal(e.requestSent, false);
  });

  it('ConfigError for a bad configuration, thrown by the constructor, naming the setting', async () => {
    await withEnv({ DEEPGRAM_API_KEY: undefined, DEEPGRAM_ACCESS_TOKEN: undefined }, () => {
      assert.throws(
        () => new dg.DeepgramClient(),
        (e) => e instanceof dg.ConfigError && e.kind === 'config' && e.option === 'apiKey' && /no credentials/.test(e.message),
      );
      // Both credentials: refused, never a silent choice.
      assert.throws(
        () => new dg.DeepgramClient({ apiKey: 'k-123456789', accessToken: 't-123456789' }),
        (e) => e instanceof dg.ConfigError && e.option === 'accessToken' && e.requestSent === false && /`apiKey` or `accessToken`, not both/.test(e.message),
      );
      assert.throws(() => new dg.DeepgramClient({ apiKey: 'k', baseUrl: 'http://api.deepgram.com' }), /plain http/);
      assert.throws(() => new dg.DeepgramClient({ apiKey: 'k', timeoutMs: -5 }), /`timeoutMs`/);
      assert.throws(() => new dg.DeepgramClient({ apiKey: 'k', retries: 1.5 }), /`retries`/);
      assert.throws(() => new dg.DeepgramClient({ apikey: 'k' }), /unknown setting 'apikey'; did you mean 'apiKey'\?/);
    });
  });

  it('reads DEEPGRAM_API_KEY and DEEPGRAM_ACCESS_TOKEN when no credentials are given', async () => {
    await withEnv({ DEEPGRAM_API_KEY: emulator.ownerKey, DEEPGRAM_ACCESS_TOKEN: undefined }, async () => {
      const fromEnv = new dg.DeepgramClient({ baseUrl: emulator.url });
      assert.ok((await fromEnv.projects.list()).length > 0);
    });
    await withEnv({ DEEPGRAM_API_KEY: emulator.ownerKey, DEEPGRAM_ACCESS_TOKEN: 'not-a-token' }, async () => {
      const tokenWins = new dg.DeepgramClient({ baseUrl: emulator.url });
      await failure(tokenWins.projects.list(), dg.AuthError);
    });
  });
});
