'use strict';
// `usage.requests`: the paging iterator over the core's RequestPages, and usage under a key's tag.

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, AbortError, InvalidOptionsError } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { PREAMBLE } = require('./support/audio.js');

/** The requests `options` selects, by iterating `usage.requests` to its end. */
async function all(client, projectId, options) {
  const seen = [];
  for await (const request of client.usage.requests(projectId, options)) seen.push(request);
  return seen;
}

describe('usage.requests', () => {
  let emulator;
  let client;
  /** The request ids the transcriptions were answered with. */
  const made = [];

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
    for (let i = 0; i < 5; i++) {
      const answer = await client.transcribeFile(PREAMBLE);
      made.push(answer.metadata.request_id);
    }
    assert.equal(new Set(made).size, 5);
  });
  after(() => emulator.stop());

  it('yields every request once, a page of 2 at a time', async () => {
    const before = (await emulator.stats()).requests;
    const seen = await all(client, emulator.projectId, { limit: 2 });
    const ids = seen.map((r) => r.request_id);
    assert.equal(ids.length, made.length, `${ids}`);
    assert.deepEqual([...ids].sort(), [...made].sort());
    // Typed as the API sends it: the key that made it, the status it got.
    assert.equal(seen[0].code, 200);
    assert.equal(typeof seen[0].api_key_id, 'string');
    // Three pages of 2, 2 and 1: the short page is the end (the core's rule).
    const pages = (await emulator.stats()).requests - before;
    assert.ok(pages >= 3 && pages <= 4, `${pages} pages asked for`);
    // Other page sizes see the same requests.
    for (const limit of [1, 5, 10]) {
      const again = (await all(client, emulator.projectId, { limit })).map((r) => r.request_id);
      assert.deepEqual([...again].sort(), [...made].sort(), `limit ${limit}`);
    }
  });

  it('refuses a bad filter before anything is sent, naming it in camelCase', async () => {
    const before = await emulator.stats();
    const iterator = client.usage.requests(emulator.projectId, { limit: 0 });
    await assert.rejects(iterator.next(), (e) => e instanceof InvalidOptionsError && e.kind === 'invalid_options');
    await assert.rejects(all(client, emulator.projectId, { requestId: 'x', status: 'pending' }), /`status`/);
    await assert.rejects(all(client, emulator.projectId, { pageSize: 2 }), /unknown field 'pageSize'/);
    assert.equal((await emulator.stats()).requests, before.requests);
  });

  it('ends with an AbortError once the signal fires', async () => {
    // Between pages: the request already in memory is not given after the abort.
    const controller = new AbortController();
    const iterator = client.usage.requests(emulator.projectId, { limit: 2, signal: controller.signal });
    const first = await iterator.next();
    assert.equal(first.done, false);
    controller.abort(new Error('enough'));
    await assert.rejects(iterator.next(), (e) => e instanceof AbortError && e.kind === 'aborted' && e.cause?.message === 'enough');
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });

    // While a page is on its way: the page is dropped at once.
    await emulator.fault({ count: 1, path_prefix: `/v1/projects/${emulator.projectId}/requests`, delay_ms: 5000 });
    const slow = new AbortController();
    const started = Date.now();
    setTimeout(() => slow.abort(), 100);
    await assert.rejects(all(client, emulator.projectId, { signal: slow.signal }), AbortError);
    assert.ok(Date.now() - started < 4000, 'the abort did not wait for the page');

    // A signal aborted before the iteration starts: nothing is asked for.
    const before = await emulator.stats();
    await assert.rejects(all(client, emulator.projectId, { signal: AbortSignal.abort() }), AbortError);
    assert.equal((await emulator.stats()).requests, before.requests);
  });

  it("shows a tagged key's request under its tag, and not under another", async () => {
    const key = await client.keys.create(emulator.projectId, { comment: 'tagged', scopes: ['member'], tags: ['pages-red'] });
    const tagged = new DeepgramClient({ apiKey: key.key.reveal(), baseUrl: emulator.url });
    const id = (await tagged.transcribeFile(PREAMBLE)).metadata.request_id;
    const requests = (tag) => client.usage.breakdown(emulator.projectId, { tag }).then((b) => b.results.reduce((n, row) => n + (row.requests ?? 0), 0));
    assert.equal(await requests('pages-red'), 1);
    assert.equal(await requests('pages-blue'), 0);
    const listed = (await all(client, emulator.projectId, { limit: 3 })).find((r) => r.request_id === id);
    assert.equal(listed?.api_key_id, key.api_key_id);
  });
});
