'use strict';
// No secret (API key, access token, created key, granted token) shows in a message, a stack,
// util.inspect or JSON.stringify of the client, a key, a token or an error.

const assert = require('node:assert/strict');
const { inspect } = require('node:util');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { BUELLER_URL } = require('./support/audio.js');

const CANARY_KEY = 'canary-api-key-5f0c1d2e3a4b';
const CANARY_TOKEN = 'canary-access-token-9a8b7c6d';

/** Every way a value gets printed, none of which may contain `secret`. */
function assertHidden(value, secret) {
  const renderings = {
    inspect: inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    json: JSON.stringify(value) ?? '',
    string: String(value),
  };
  if (value instanceof Error) {
    renderings.message = value.message;
    renderings.stack = value.stack;
    renderings.errorJson = JSON.stringify(value, Object.getOwnPropertyNames(value));
  }
  for (const [how, text] of Object.entries(renderings)) {
    assert.ok(!text.includes(secret), `the secret shows in ${how}: ${text}`);
  }
}

describe('secrets', () => {
  let emulator;
  let client;

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
  });
  after(() => emulator.stop());

  it('a client and its errors never show its API key', async () => {
    const wrong = new DeepgramClient({ apiKey: CANARY_KEY, baseUrl: emulator.url });
    assertHidden(wrong, CANARY_KEY);
    assertHidden(wrong.keys, CANARY_KEY);
    const error = await wrong.projects.list().catch((e) => e);
    assert.equal(error.status, 401);
    assertHidden(error, CANARY_KEY);
    const bad = (() => {
      try {
        return new DeepgramClient({ apiKey: `${CANARY_KEY}\n`, baseUrl: emulator.url, retries: -1 });
      } catch (e) {
        return e;
      }
    })();
    assertHidden(bad, CANARY_KEY);
  });

  it('a client never shows its access token', async () => {
    const temporary = new DeepgramClient({ accessToken: CANARY_TOKEN, baseUrl: emulator.url });
    assertHidden(temporary, CANARY_TOKEN);
    const error = await temporary.transcribeUrl(BUELLER_URL).catch((e) => e);
    assert.equal(error.status, 401);
    assertHidden(error, CANARY_TOKEN);
  });

  it("a created key's secret shows only through reveal()", async () => {
    const created = await client.keys.create(emulator.projectId, { comment: 'secret test', scopes: ['member'] });
    const secret = created.key.reveal();
    assert.match(secret, /^[0-9a-f]{40}$/);
    assertHidden(created, secret);
    assertHidden(created.key, secret);
    assert.equal(`${created.key}`, '[redacted]');
    assert.equal(JSON.parse(JSON.stringify(created)).key, '[redacted]');
    assert.equal(inspect(created.key), 'Secret [redacted]');
    assert.deepEqual(Object.keys(created.key), []);
  });

  it("a granted token shows only through reveal(), and a client made from it hides it", async () => {
    const granted = await client.auth.grantToken({ ttlSeconds: 30 });
    const token = granted.access_token.reveal();
    assert.ok(token.length > 20);
    assertHidden(granted, token);
    const temporary = new DeepgramClient({ accessToken: granted.access_token, baseUrl: emulator.url });
    assertHidden(temporary, token);
    const error = await temporary.keys.list(emulator.projectId).catch((e) => e);
    assert.ok(error.status === 401 || error.status === 403, String(error));
    assertHidden(error, token);
  });
});
