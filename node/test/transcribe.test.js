'use strict';
// Transcription: every kind of source, options in camelCase (validated by the core), and the
// answer as plain objects.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { Readable } = require('node:stream');
const { pathToFileURL } = require('node:url');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, InvalidOptionsError, BadRequestError, FileError } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { PREAMBLE, BUELLER_URL, fixtures } = require('./support/audio.js');

const PREAMBLE_START = 'We, the people of The United States';

describe('transcription', () => {
  let emulator;
  let client;

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
  });
  after(() => emulator.stop());

  it('transcribes a URL into the recorded answer, every field kept', async () => {
    const answer = await client.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true });
    assert.match(answer.transcript, /^Yep\. I said it before/);
    const recorded = JSON.parse(
      fs.readFileSync(
        `${fixtures}/responses/c4e1c0031174878d8f0e3dbd87916ee16d56f1c610ac525af5712ea37226a455-29e7c8100617f70da4ae9da1921cb5071a01219f4780ca70930b0a370ed2163a-response.json`,
        'utf8',
      ),
    );
    assert.deepEqual(answer.results, recorded.results);
    assert.deepEqual(Object.keys(answer.metadata).sort(), Object.keys(recorded.metadata).sort());
  });

  it('gives plain objects whose transcript getter is not part of the JSON', async () => {
    const answer = await client.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true });
    assert.equal(Object.getPrototypeOf(answer), Object.prototype);
    assert.equal(answer.transcript, answer.results.channels[0].alternatives[0].transcript);
    assert.ok(!Object.keys(answer).includes('transcript'));
    assert.equal(JSON.parse(JSON.stringify(answer)).transcript, undefined);
  });

  it('streams a file from a path or a file: URL', async () => {
    for (const source of [PREAMBLE, pathToFileURL(PREAMBLE)]) {
      const answer = await client.transcribeFile(source, { model: 'nova-3', smartFormat: true });
      assert.ok(answer.transcript.startsWith(PREAMBLE_START), answer.transcript);
      assert.equal(answer.metadata.sha256, '95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9');
    }
  });

  it('sends a Buffer, a Uint8Array and an ArrayBuffer', async () => {
    const bytes = fs.readFileSync(PREAMBLE);
    const copy = new Uint8Array(bytes);
    for (const source of [bytes, copy, copy.buffer]) {
      const answer = await client.transcribeFile(source, { model: 'nova-3', smartFormat: true });
      assert.ok(answer.transcript.startsWith(PREAMBLE_START), answer.transcript);
    }
  });

  it('streams a Readable, with or without a length, and an async generator', async () => {
    const size = fs.statSync(PREAMBLE).size;
    const fromFile = fs.createReadStream(PREAMBLE, { highWaterMark: 16 * 1024 });
    let answer = await client.transcribeFile(fromFile, { model: 'nova-3', smartFormat: true, contentType: 'audio/wav' });
    assert.ok(answer.transcript.startsWith(PREAMBLE_START));
    answer = await client.transcribeFile(fs.createReadStream(PREAMBLE), { model: 'nova-3', contentLength: size });
    assert.equal(answer.metadata.sha256, '95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9');
    const bytes = fs.readFileSync(PREAMBLE);
    async function* pieces() {
      for (let at = 0; at < bytes.length; at += 100_000) yield bytes.subarray(at, at + 100_000);
    }
    answer = await client.transcribeFile(pieces(), { model: 'nova-3', smartFormat: true });
    assert.ok(answer.transcript.startsWith(PREAMBLE_START));
  });

  it('fails a stream shorter than its contentLength instead of sending it short', async () => {
    const size = fs.statSync(PREAMBLE).size;
    await assert.rejects(
      client.transcribeFile(fs.createReadStream(PREAMBLE), { contentLength: size + 10 }),
      (e) => e.kind === 'network' && /ended after/.test(e.message),
    );
  });

  it('passes the error of a failing stream as the cause, and stops reading it', async () => {
    const boom = new Error('disk on fire');
    const source = new Readable({
      read() {
        this.destroy(boom);
      },
    });
    await assert.rejects(client.transcribeFile(source), (e) => e.cause === boom && e.message.includes('disk on fire'));
  });

  it('sends options in camelCase, list options as repeated keys', async () => {
    const answer = await client.transcribeFile(PREAMBLE, {
      model: 'nova-3',
      smartFormat: true,
      keyterm: ['preamble', 'constitution'],
      tag: ['a', 'b'],
      extra: ['first:1', 'second:2'],
    });
    assert.deepEqual(answer.metadata.tags, ['a', 'b']);
    assert.deepEqual(answer.metadata.extra, { first: '1', second: '2' });
  });

  it('takes one string for a list option', async () => {
    const answer = await client.transcribeFile(PREAMBLE, { model: 'nova-3', smartFormat: true, tag: 'solo' });
    assert.deepEqual(answer.metadata.tags, ['solo']);
  });

  it('refuses an unknown option (or a snake_case name) before sending anything, naming it', async () => {
    const before = await emulator.stats();
    await assert.rejects(client.transcribeFile(PREAMBLE, { smartFormatt: true }), (e) => {
      assert.ok(e instanceof InvalidOptionsError);
      assert.equal(e.option, 'smartFormatt');
      assert.equal(e.requestSent, false);
      assert.match(e.message, /unknown option 'smartFormatt'/);
      return true;
    });
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { smartFormat: 'yes' }), (e) => {
      assert.ok(e instanceof InvalidOptionsError);
      assert.equal(e.option, 'smartFormat');
      assert.match(e.message, /^invalid options: `smartFormat`: invalid type/);
      return true;
    });
    // One spelling: the camelCase names of tests/schema/listen-options.json.
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { smart_format: true }), InvalidOptionsError);
    const after = await emulator.stats();
    assert.equal(after.requests, before.requests);
  });

  it('validates option values with the core, naming options in camelCase', async () => {
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { model: 'nova-2', keyterm: ['x'] }), InvalidOptionsError);
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { encoding: 'linear16' }), (e) => {
      assert.ok(e instanceof InvalidOptionsError);
      assert.match(e.message, /`sampleRate`/);
      assert.doesNotMatch(e.message, /sample_rate/);
      return true;
    });
    await assert.rejects(client.transcribeUrl(BUELLER_URL, { keyterm: ['ok', 7] }), /`keyterm`: invalid type: integer `7`/);
  });

  it('rejects what is not audio with the API error, and a missing file with a FileError', async () => {
    await assert.rejects(client.transcribeFile(Buffer.from('this is not audio at all')), BadRequestError);
    await assert.rejects(client.transcribeFile('/nonexistent/dg-node.wav'), (e) => {
      assert.ok(e instanceof FileError);
      assert.equal(e.path, '/nonexistent/dg-node.wav');
      return true;
    });
    await assert.rejects(client.transcribeFile(42), InvalidOptionsError);
    await assert.rejects(client.transcribeFile(PREAMBLE, { contentType: 'audio/wav' }), InvalidOptionsError);
  });
});
