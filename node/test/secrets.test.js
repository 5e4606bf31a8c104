'use strict';
// No secret (API key, access token, created key, granted token) shows in a message, a stack,
// util.inspect or JSON.stringify of the client, a key, a token or an error.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
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

  it('nothing a program prints holds the canary key or a secret it created', async () => {
    // support/canary-child.js, with the canary as the owner key of its own emulator, succeeds
    // and fails every way (401, bad options, no server) and prints every rendering it can.
    const canary = 'canary0node0key0ffffffffffffffffffffffff';
    const own = await startEmulator({ adminKey: canary });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-canary-'));
    const revealedFile = path.join(dir, 'revealed');
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DEEPGRAM_')));
    // NODE_DEBUG: Node's own modules log what they do, too.
    Object.assign(env, { DEEPGRAM_API_KEY: canary, NODE_DEBUG: 'net,http,fs,timer,stream,child_process' });
    const child = path.join(__dirname, 'support', 'canary-child.js');
    let run;
    try {
      run = await new Promise((resolve) => {
        execFile(process.execPath, [child, own.url, own.projectId, revealedFile], { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
          resolve({ code: error?.code ?? 0, stdout, stderr }),
        );
      });
    } finally {
      await own.stop();
    }
    const revealed = fs.readFileSync(revealedFile, 'utf8').split('\n');
    fs.rmSync(dir, { recursive: true, force: true });
    const output = run.stdout + run.stderr;
    // It ran to its end, the unhandled 401, so everything it prints was printed.
    assert.equal(run.code, 1, output);
    assert.match(run.stderr, /AuthError[^]*status: 401[^]*$/);
    for (const shown of ['[redacted]', 'Yep', 'NetworkError', 'InvalidOptionsError', 'ConfigError', 'Trace: the call failed', '(node:']) {
      assert.ok(output.includes(shown), `${shown} is missing from what the program printed`);
    }
    // The created key's and the granted token's secrets.
    assert.equal(revealed.length, 2);
    for (const secret of [canary, ...revealed]) {
      assert.ok(secret.length >= 32);
      // Half of it, so a truncated secret (an excerpt, a prefix) counts too.
      assert.ok(!output.includes(secret.slice(0, secret.length / 2)), `a secret leaked in:\n${output}`);
    }
  });
});
