'use strict';
// Many calls in flight without blocking the event loop, and cancellation by AbortSignal.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, AbortError, InvalidOptionsError } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { BUELLER_URL, wavHeader } = require('./support/audio.js');

const OPTIONS = { model: 'nova-3', smartFormat: true };

describe('concurrency and cancellation', () => {
  let emulator;
  let client;

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
  });
  after(() => emulator.stop());

  it('runs many calls at once while timers keep firing', async () => {
    const calls = 64;
    await emulator.fault({ path_prefix: '/v1/listen', delay_ms: 300, count: calls });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const answers = await Promise.all(Array.from({ length: calls }, () => client.transcribeUrl(BUELLER_URL, OPTIONS)));
    clearInterval(timer);
    assert.equal(new Set(answers.map((a) => a.metadata.request_id)).size, calls);
    for (const answer of answers) assert.match(answer.transcript, /^Yep/);
    // A client that waited on the JS thread would have starved the timer while all 64 calls slept.
    assert.ok(ticks > 0, 'the event loop was blocked');
  });

  it('mixes transcriptions and key calls in flight', async () => {
    const work = [];
    for (let i = 0; i < 100; i++) {
      work.push(client.transcribeUrl(BUELLER_URL, OPTIONS).then((a) => a.transcript));
      work.push(client.keys.list(emulator.projectId).then((k) => k.length));
    }
    const results = await Promise.all(work);
    assert.equal(results.length, 200);
    assert.ok(results.every((r) => (typeof r === 'string' ? r.startsWith('Yep') : r >= 0)));
  });

  it('rejects at once, sending nothing, when the signal has already fired', async () => {
    const before = await emulator.stats();
    const reason = new Error('changed my mind');
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { signal: AbortSignal.abort(reason) }), (e) => {
      assert.ok(e instanceof AbortError);
      assert.equal(e.kind, 'aborted');
      assert.equal(e.requestSent, false);
      assert.equal(e.cause, reason);
      return true;
    });
    assert.equal((await emulator.stats()).requests, before.requests);
    await assert.rejects(client.projects.list({ signal: 'soon' }), InvalidOptionsError);
  });

  it('drops a request in flight when its signal fires', { timeout: 5000 }, async () => {
    // Without cancellation these would wait the whole 20 s delay and the test would time out.
    await emulator.fault({ path_prefix: '/v1/listen', delay_ms: 20000 });
    await emulator.fault({ path_prefix: '/v1/projects', delay_ms: 20000 });
    const controller = new AbortController();
    const pending = [client.transcribeUrl(BUELLER_URL, { ...OPTIONS, signal: controller.signal }), client.keys.list(emulator.projectId, { signal: controller.signal })];
    setTimeout(() => controller.abort(), 100);
    // Both are awaited together: awaiting one at a time leaves the other's rejection unhandled.
    await Promise.all(
      pending.map((p) => assert.rejects(p, (e) => e instanceof AbortError && e.cause === controller.signal.reason)),
    );
  });

  it('stops reading a streamed source when its upload is aborted', { timeout: 5000 }, async () => {
    let released;
    const done = new Promise((resolve) => {
      released = resolve;
    });
    let chunks = 0;
    async function* endless() {
      try {
        yield wavHeader(1 << 30);
        for (;;) {
          chunks++;
          yield Buffer.alloc(64 * 1024);
        }
      } finally {
        released();
      }
    }
    const controller = new AbortController();
    const upload = client.transcribeFile(endless(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(upload, AbortError);
    await done;
    const read = chunks;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(chunks, read, 'the source was still being read after the abort');
  });

  // Every Promise is settled through one threadsafe function per JS thread (settle.rs), which
  // must hold the event loop open exactly while a call is under way.
  it('keeps the process alive while a call is under way, and lets it exit once idle', { timeout: 20000 }, async () => {
    const script = `
      const { DeepgramClient } = require(${JSON.stringify(path.join(__dirname, '..'))});
      const client = new DeepgramClient({ apiKey: process.argv[1], baseUrl: process.argv[2] });
      // Nothing else keeps the loop alive while these wait on the server.
      client.keys.list(process.argv[3]).then((keys) => {
        console.log('first', keys.length > 0);
        return client.transcribeUrl(process.argv[4], { model: 'nova-3' });
      }).then((answer) => console.log('second', answer.transcript.slice(0, 3)));
    `;
    await emulator.fault({ path_prefix: '/v1/projects', delay_ms: 300, count: 1 });
    const started = Date.now();
    const run = await new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-e', script, emulator.ownerKey, emulator.url, emulator.projectId, BUELLER_URL],
        { timeout: 15000 },
        (error, stdout, stderr) => resolve({ code: error?.code ?? 0, signal: error?.signal, stdout, stderr }),
      );
    });
    // Exited by itself (not killed by the timeout), after both calls settled.
    assert.equal(run.signal ?? null, null, run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'first true\nsecond Yep\n');
    assert.ok(Date.now() - started >= 300, 'the delayed call did not run');
  });
});
