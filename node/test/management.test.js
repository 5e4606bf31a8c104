'use strict';
// Projects, keys and temporary tokens.

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, Secret, InvalidOptionsError, NotFoundError, AuthError } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { BUELLER_URL } = require('./support/audio.js');

describe('management', () => {
  let emulator;
  let client;

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
  });
  after(() => emulator.stop());

  it('creates, lists, gets and deletes a key', async () => {
    const created = await client.keys.create(emulator.projectId, {
      comment: 'node test key',
      scopes: ['usage:write'],
      tags: ['ci'],
      timeToLiveInSeconds: 3600,
    });
    assert.equal(created.comment, 'node test key');
    assert.deepEqual(created.scopes, ['usage:write']);
    assert.ok(created.key instanceof Secret);
    assert.match(created.key.reveal(), /^[0-9a-f]{40}$/);
    assert.ok(created.expiration_date, 'a key with a lifetime has an expiration date');

    const keys = await client.keys.list(emulator.projectId);
    const listed = keys.find((k) => k.api_key.api_key_id === created.api_key_id);
    assert.equal(listed.api_key.comment, 'node test key');
    assert.equal(typeof listed.member.email, 'string');
    assert.ok(!JSON.stringify(keys).includes(created.key.reveal()));

    const active = await client.keys.list(emulator.projectId, { status: 'active' });
    assert.ok(active.some((k) => k.api_key.api_key_id === created.api_key_id));
    const expired = await client.keys.list(emulator.projectId, { status: 'expired' });
    assert.ok(!expired.some((k) => k.api_key.api_key_id === created.api_key_id));

    const one = await client.keys.get(emulator.projectId, created.api_key_id);
    assert.equal(one.api_key.api_key_id, created.api_key_id);

    const deleted = await client.keys.delete(emulator.projectId, created.api_key_id);
    assert.equal(typeof deleted.message, 'string');
    await assert.rejects(client.keys.get(emulator.projectId, created.api_key_id), NotFoundError);
  });

  it('makes a key that works as a credential', async () => {
    const created = await client.keys.create(emulator.projectId, { comment: 'usable', scopes: 'usage:write' });
    const other = new DeepgramClient({ apiKey: created.key.reveal(), baseUrl: emulator.url });
    const answer = await other.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true });
    assert.match(answer.transcript, /^Yep/);
  });

  it('accepts a Date as an expiration date', async () => {
    const when = new Date(Date.now() + 86_400_000);
    when.setUTCMilliseconds(0);
    const created = await client.keys.create(emulator.projectId, { comment: 'dated', scopes: ['member'], expirationDate: when });
    assert.equal(new Date(created.expiration_date).getTime(), when.getTime());
  });

  it('validates a key request with the core, naming fields in camelCase', async () => {
    const before = await emulator.stats();
    const project = emulator.projectId;
    await assert.rejects(client.keys.create(project, { comment: 'x', scopes: [] }), InvalidOptionsError);
    await assert.rejects(client.keys.create(project, { scopes: ['member'] }), /missing field `comment`/);
    await assert.rejects(client.keys.create(project, { comment: 'x', scopes: ['member'], ttl: 5 }), /unknown field 'ttl'; the fields are: .*timeToLiveInSeconds/);
    await assert.rejects(
      client.keys.create(project, { comment: 'x', scopes: ['member'], timeToLiveInSeconds: 60, expirationDate: '2030-01-01T00:00:00Z' }),
      InvalidOptionsError,
    );
    await assert.rejects(client.keys.list(project, { status: 'sleeping' }), /`status`: unknown variant `sleeping`/);
    await assert.rejects(client.keys.get(project, ' '), InvalidOptionsError);
    assert.equal((await emulator.stats()).requests, before.requests);
  });

  it('grants a temporary token that works for transcription only', async () => {
    const granted = await client.auth.grantToken({ ttlSeconds: 60 });
    assert.ok(granted.access_token instanceof Secret);
    assert.ok(granted.expires_in > 0);
    const temporary = new DeepgramClient({ accessToken: granted.access_token, baseUrl: emulator.url });
    const answer = await temporary.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true });
    assert.match(answer.transcript, /^Yep/);
    await assert.rejects(temporary.projects.list(), AuthError);
    await assert.rejects(client.auth.grantToken({ ttlSeconds: 0 }), InvalidOptionsError);
    await assert.rejects(client.auth.grantToken({ ttlSeconds: -1 }), /`ttlSeconds`/);
    const fallback = await client.auth.grantToken();
    assert.ok(fallback.access_token.reveal().length > 0);
  });
});
