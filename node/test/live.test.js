'use strict';
// Live streaming through `client.listen`: dg-core's session in Node's idioms (Promise sends with
// backpressure, for await over the events, a Writable for pipeline, an AbortSignal), Flux
// turns and Configure, errors typed as everywhere else.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, AbortError, AuthError, ConfigError, InvalidOptionsError, NetworkError, ServerError } = require('..');
const { startEmulator } = require('./support/emulator.js');
const { PREAMBLE } = require('./support/audio.js');

const CHUNK = 8 * 1024;

function chunks() {
  const audio = fs.readFileSync(PREAMBLE);
  const out = [];
  for (let i = 0; i < audio.length; i += CHUNK) out.push(audio.subarray(i, i + CHUNK));
  return out;
}

async function collect(session) {
  const events = [];
  for await (const event of session) events.push(event);
  return events;
}

function finalText(events) {
  return events
    .filter((e) => e.type === 'Results' && e.is_final)
    .map((e) => e.channel.alternatives[0].transcript)
    .filter(Boolean)
    .join(' ');
}

describe('live streaming', () => {
  let emulator;
  let client;

  before(async () => {
    emulator = await startEmulator();
    client = new DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
  });
  after(() => emulator.stop());

  it('streams the preamble: the recorded transcript in final Results, Metadata last', async () => {
    const session = await client.listen.live({ model: 'nova-3', smartFormat: true });
    assert.equal(typeof session.requestId, 'string');
    assert.ok(session.requestId.length > 0);
    const reading = collect(session);
    for (const chunk of chunks()) await session.send(chunk);
    await session.close();
    const events = await reading;
    const text = finalText(events);
    assert.ok(text.startsWith('We, the people of The United States'), text);
    assert.ok(text.endsWith('United States Of America.'), text);
    assert.equal(events.at(-1).type, 'Metadata');
    assert.equal(Object.getPrototypeOf(events[0]), Object.prototype, 'plain objects');
    assert.equal(events.filter((e) => e.type === 'Results' && !e.is_final).length, 0, 'no interim results unasked');
  });

  it('gives interim results when asked', async () => {
    const session = await client.listen.live({ model: 'nova-3', interimResults: true });
    const reading = collect(session);
    for (const chunk of chunks()) await session.send(chunk);
    await session.finalize();
    await session.close();
    const events = await reading;
    assert.ok(events.some((e) => e.type === 'Results' && e.is_final === false), 'interim results');
    assert.ok(finalText(events).length > 0);
    assert.equal(events.at(-1).type, 'Metadata');
  });

  it('is a Writable: pipeline from a file sends it, and its end closes the stream', async () => {
    const session = await client.listen.live({ model: 'nova-3', smartFormat: true });
    const reading = collect(session);
    await pipeline(fs.createReadStream(PREAMBLE), session);
    const events = await reading;
    assert.ok(finalText(events).startsWith('We, the people'), finalText(events));
    assert.equal(events.at(-1).type, 'Metadata');
  });

  it('Flux: turns end with EndOfTurn transcripts, Configure is answered', async () => {
    const session = await client.listen.flux({ model: 'flux-general-en' });
    await session.configure({ eotThreshold: 0.8, keyterms: ['Deepgram'] });
    await assert.rejects(session.configure({ eotTimeoutMs: 50 }), (e) => e instanceof InvalidOptionsError && e.option === 'eotTimeoutMs');
    await assert.rejects(session.configure({ eotThreshhold: 0.8 }), (e) => e instanceof InvalidOptionsError && /eotThreshhold/.test(e.message));
    await assert.rejects(session.finalize(), InvalidOptionsError);
    const reading = collect(session);
    for (const chunk of chunks()) await session.send(chunk);
    await session.close();
    const events = await reading;
    assert.equal(events[0].type, 'Connected');
    const success = events.find((e) => e.type === 'ConfigureSuccess');
    assert.ok(success, 'ConfigureSuccess');
    assert.equal(success.thresholds.eot_threshold, 0.8);
    assert.deepEqual(success.keyterms, ['Deepgram']);
    const text = events
      .filter((e) => e.type === 'TurnInfo' && e.event === 'EndOfTurn')
      .map((e) => e.transcript)
      .join(' ');
    assert.ok(text.startsWith('We, the people') && text.endsWith('America.'), text);
    assert.deepEqual(
      events.map((e) => e.sequence_id),
      events.map((_, i) => i),
    );
  });

  it('refuses bad options before connecting, naming the option', async () => {
    const before = (await emulator.stats()).requests ?? null;
    await assert.rejects(client.listen.live({ smartFormatt: true }), (e) => e instanceof InvalidOptionsError && /smartFormatt/.test(e.message));
    await assert.rejects(client.listen.live({ model: 'nova-3', interimResults: 'yes' }), (e) => e instanceof InvalidOptionsError && e.option === 'interimResults');
    await assert.rejects(client.listen.flux({ eotThreshold: 0.7 }), (e) => e instanceof InvalidOptionsError && e.option === 'model');
    await assert.rejects(client.listen.flux({ model: 'flux-general-en', punctuate: true }), (e) => e instanceof InvalidOptionsError && /punctuate/.test(e.message));
    await assert.rejects(client.listen.live('nova-3'), InvalidOptionsError);
    await assert.rejects(client.listen.live({ model: 'nova-3' }, { signal: 'stop' }), (e) => e instanceof InvalidOptionsError && e.option === 'signal');
    if (before !== null) assert.equal((await emulator.stats()).requests, before, 'nothing was sent');
  });

  it('an AbortSignal closes the stream at once: reads and sends reject with AbortError', async () => {
    const controller = new AbortController();
    const session = await client.listen.live({ model: 'nova-3' }, { signal: controller.signal });
    await session.send(chunks()[0]);
    const iterator = session[Symbol.asyncIterator]();
    const pending = iterator.next();
    const reason = new Error('the user left');
    controller.abort(reason);
    await assert.rejects(pending, (e) => e instanceof AbortError && e.cause === reason);
    await assert.rejects(session.send(chunks()[1]), AbortError);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    assert.ok(session.destroyed);
  });

  it('an AbortSignal that fired before is refused without connecting', async () => {
    await assert.rejects(client.listen.live({ model: 'nova-3' }, { signal: AbortSignal.abort() }), AbortError);
  });

  it('leaving a for await early closes the socket and does not hang', async () => {
    const session = await client.listen.flux({ model: 'flux-general-en' });
    for (const chunk of chunks()) await session.send(chunk);
    let seen = 0;
    for await (const event of session) {
      seen += 1;
      if (event.type === 'TurnInfo') break;
    }
    assert.ok(seen >= 2);
    assert.ok(session.destroyed);
    await assert.rejects(session.send(chunks()[0]), InvalidOptionsError);
    // What had arrived before is still read, then the events end: no wait for the server.
    const rest = await collect(session);
    assert.ok(rest.every((e) => e.type === 'TurnInfo'), 'no error, no close');
  });

  it('a stream the server breaks ends the iteration with a typed error, after the events before', async () => {
    for (const closeCode of [1011, undefined]) {
      await emulator.fault({ path_prefix: '/v1/listen', cut_live_after_messages: 2, ...(closeCode ? { close_code: closeCode } : {}) });
      const session = await client.listen.live({ model: 'nova-3' });
      const events = [];
      const ended = (async () => {
        for await (const event of session) events.push(event);
      })().then(
        () => null,
        (e) => e,
      );
      let refused;
      try {
        for (const chunk of chunks()) await session.send(chunk);
        await session.close();
      } catch (e) {
        refused = e; // the cut comes while audio is still being sent
      }
      const error = await ended;
      // The core reports the close code it read (1011: ServerError) or, when its write of audio
      // broke first, the broken connection (NetworkError).
      assert.ok(error instanceof ServerError || error instanceof NetworkError, `${closeCode}: ${error}`);
      assert.ok(refused === undefined || refused instanceof InvalidOptionsError, `${refused}`);
      assert.ok(events.length <= 2 && events.every((e) => e.type === 'Results'), `${closeCode}: only what came before the cut`);
    }
  });

  it("settings.reconnect picks a dropped stream up: the final words are the REST transcript's, once each", async () => {
    await emulator.fault({ count: 1, path_prefix: '/v1/listen', cut_live_after_messages: 3 });
    const options = { model: 'nova-3', smartFormat: true };
    const session = await client.listen.live(options, { settings: { reconnect: true, replaySeconds: 20 } });
    const reading = collect(session);
    for (const chunk of chunks()) await session.send(chunk);
    await session.close();
    const events = await reading;
    const reconnected = events.filter((e) => e.type === 'dg.Reconnected');
    assert.equal(reconnected.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(reconnected[0].attempt, 1);
    assert.equal(typeof reconnected[0].replayed_seconds, 'number');
    const words = events
      .filter((e) => e.type === 'Results' && e.is_final)
      .flatMap((e) => e.channel.alternatives[0].words.map((w) => w.punctuated_word));
    const rest = await client.transcribeFile(PREAMBLE, options);
    assert.deepEqual(words, rest.results.channels[0].alternatives[0].words.map((w) => w.punctuated_word));
  });

  it('a bad setting is a ConfigError naming it (camelCase), before connecting', async () => {
    for (const [settings, option] of [
      [{ keepAliveMs: 20000 }, 'keepAliveMs'],
      [{ replaySeconds: 5 }, 'replaySeconds'],
      [{ reconnect: true, reconnectAttempts: 50 }, 'reconnectAttempts'],
      [{ keepAlive: 1000 }, 'keepAlive'],
    ]) {
      await assert.rejects(client.listen.live({ model: 'nova-3' }, { settings }), (e) => e instanceof ConfigError && e.option === option && e.requestSent === false);
    }
    await assert.rejects(client.listen.flux({ model: 'flux-general-en' }, { settings: { sendBuffer: 0 } }), (e) => e instanceof ConfigError && e.option === 'sendBuffer');
    await assert.rejects(client.listen.live({ model: 'nova-3' }, { settings: 'reconnect' }), (e) => e instanceof ConfigError && e.option === 'settings');
    // Good settings open the stream (Flux too).
    const session = await client.listen.flux({ model: 'flux-general-en' }, { settings: { keepAliveMs: 0, eventBuffer: 8 } });
    session.abort();
  });

  it('a wrong key is an AuthError, as for REST', async () => {
    const wrong = new DeepgramClient({ apiKey: 'not-a-real-key-0123456789', baseUrl: emulator.url, retries: 0 });
    await assert.rejects(wrong.listen.live({ model: 'nova-3' }), (e) => e instanceof AuthError && e.status === 401 && !e.message.includes('not-a-real-key'));
    await assert.rejects(wrong.listen.flux({ model: 'flux-general-en' }), AuthError);
  });
});
