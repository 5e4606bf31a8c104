'use strict';
// Live streaming through `client.listen`: dg-core's session in Node's idioms (Promise sends with
// backpressure, for await over the events, a Writable for pipeline, the core's paced
// `stream(audio, { speed })`, an AbortSignal), Flux turns and Configure, errors typed as
// everywhere else; the emulator's live-stream counts show a close reaching the socket. What
// every language shares (the recorded transcripts, interim results, Finalize, options and
// settings refused, a 1008 close, drops with and without reconnection) is in the conformance
// cases (tests/conformance/cases/live.json), which conformance.test.js runs.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { inspect } = require('node:util');
const { describe, it, before, after } = require('node:test');

const { DeepgramClient, AbortError, AuthError, ClosedError, ConfigError, DeepgramError, InvalidOptionsError, NetworkError, ServerError } = require('..');
const { startEmulator, root } = require('./support/emulator.js');
const { PREAMBLE } = require('./support/audio.js');

const CHUNK = 8 * 1024;
/** The preamble's recorded transcript (nova-3, smart_format), as the conformance case has it. */
const RECORDED = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'conformance', 'cases', 'live.json'), 'utf8')).find(
  (c) => c.name === 'live_preamble_gives_the_recorded_words_then_metadata',
).expect.ok.transcript;
/** The preamble is 22.05 kHz mono 16-bit PCM: bytes per second. */
const PREAMBLE_RATE = 22050 * 2;

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

  it('stream(path, { speed: 10 }) sends the preamble at ten times real time: the recorded transcript', async () => {
    const session = await client.listen.live({ model: 'nova-3', smartFormat: true });
    assert.equal(typeof session.requestId, 'string');
    assert.ok(session.requestId.length > 0);
    const reading = collect(session);
    const started = performance.now();
    const sent = await session.stream(PREAMBLE, { speed: 10 });
    const elapsed = (performance.now() - started) / 1000;
    assert.equal(sent, fs.statSync(PREAMBLE).size);
    // 19.1 s of audio at ten times real time: about 1.9 s, never faster.
    const seconds = sent / PREAMBLE_RATE / 10;
    assert.ok(elapsed >= seconds * 0.95, `sent in ${elapsed} s, faster than ${seconds} s`);
    assert.ok(elapsed < seconds + 5, `sent in ${elapsed} s`);
    assert.ok(!session.destroyed, 'the stream stays open');
    await session.close();
    const events = await reading;
    assert.equal(finalText(events), RECORDED);
    assert.equal(events.at(-1).type, 'Metadata');
    assert.equal(Object.getPrototypeOf(events[0]), Object.prototype, 'plain objects');
  });

  it('stream() takes a Buffer and a Readable, as fast as the server takes them, one after the other', async () => {
    const audio = fs.readFileSync(PREAMBLE);
    const half = 44 + Math.floor((audio.length - 44) / 4) * 2;
    const session = await client.listen.live({ model: 'nova-3', smartFormat: true });
    const reading = collect(session);
    const started = performance.now();
    assert.equal(await session.stream(audio.subarray(0, half)), half);
    assert.equal(await session.stream(fs.createReadStream(PREAMBLE, { start: half, highWaterMark: 4096 })), audio.length - half);
    assert.ok(performance.now() - started < 5000, 'not paced');
    await session.close();
    const events = await reading;
    assert.equal(finalText(events), RECORDED);
  });

  it('stream() refuses a bad speed (the core) and pacing audio whose rate it cannot tell; the stream stays usable', async () => {
    const raw = fs.readFileSync(PREAMBLE).subarray(44, 44 + PREAMBLE_RATE); // one second, no header
    const session = await client.listen.live({ model: 'nova-3' });
    const reading = collect(session);
    for (const speed of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(session.stream(raw, { speed }), (e) => e instanceof InvalidOptionsError && /speed/.test(e.message), `${speed}`);
    }
    await assert.rejects(session.stream(raw, { speed: '2' }), (e) => e instanceof InvalidOptionsError && e.option === 'speed');
    await assert.rejects(session.stream(raw, { speed: 4 }), (e) => e instanceof InvalidOptionsError && /cannot pace/.test(e.message));
    await assert.rejects(session.stream(42), InvalidOptionsError);
    // Nothing was sent: the stream takes the preamble as if first.
    assert.equal(await session.stream(fs.readFileSync(PREAMBLE)), fs.statSync(PREAMBLE).size);
    await session.close();
    const events = await reading;
    assert.equal(finalText(events), RECORDED);

    // The stream's own `encoding` and `sampleRate` say the rate of raw audio: then it is paced.
    const told = await client.listen.live({ model: 'nova-3', encoding: 'linear16', sampleRate: 22050 });
    const started = performance.now();
    assert.equal(await told.stream(raw, { speed: 4 }), raw.length);
    const elapsed = (performance.now() - started) / 1000;
    assert.ok(elapsed >= 0.25 * 0.95, `one second at speed 4 took ${elapsed} s`);
    told.abort();
  });

  it("a Readable that fails mid-stream rejects stream() with its error as the cause, and is destroyed", async () => {
    const failure = new Error('the microphone went away');
    const audio = fs.readFileSync(PREAMBLE);
    const source = Readable.from(
      (async function* () {
        yield audio.subarray(0, 64 * 1024);
        throw failure;
      })(),
    );
    const session = await client.listen.live({ model: 'nova-3' });
    await assert.rejects(session.stream(source), (e) => e instanceof NetworkError && e.cause === failure && /microphone/.test(e.message));
    assert.ok(source.destroyed);
    session.abort();
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
    await assert.rejects(client.listen.flux({ model: 'flux-general-en', punctuate: true }), (e) => e instanceof InvalidOptionsError && /punctuate/.test(e.message));
    await assert.rejects(client.listen.live('nova-3'), InvalidOptionsError);
    await assert.rejects(client.listen.live({ model: 'nova-3' }, { signal: 'stop' }), (e) => e instanceof InvalidOptionsError && e.option === 'signal');
    if (before !== null) assert.equal((await emulator.stats()).requests, before, 'nothing was sent');
  });

  it('an AbortSignal closes the socket at once (the emulator sees it within a second): reads, sends and stream() reject with AbortError', async () => {
    const own = await startEmulator();
    try {
      const owned = new DeepgramClient({ apiKey: own.ownerKey, baseUrl: own.url });
      const controller = new AbortController();
      const session = await owned.listen.live({ model: 'nova-3' }, { signal: controller.signal });
      await session.send(chunks()[0]);
      const iterator = session[Symbol.asyncIterator]();
      const pending = iterator.next();
      const streaming = session.stream(PREAMBLE, { speed: 1 });
      assert.equal((await own.stats()).live_streams_open, 1);
      const reason = new Error('the user left');
      controller.abort(reason);
      // Both are watched before either is awaited: each may reject as soon as the abort lands.
      await Promise.all([
        assert.rejects(pending, (e) => e instanceof AbortError && e.cause === reason),
        assert.rejects(streaming, (e) => e instanceof AbortError && e.cause === reason),
      ]);
      await own.liveStreamsClosed(1000);
      await assert.rejects(session.send(chunks()[1]), AbortError);
      await assert.rejects(session.stream(PREAMBLE), AbortError);
      assert.deepEqual(await iterator.next(), { done: true, value: undefined });
      assert.ok(session.destroyed);
      assert.equal((await own.stats()).live_streams_opened, 1);
    } finally {
      await own.stop();
    }
  });

  it('an AbortSignal that fired before is refused without connecting', async () => {
    await assert.rejects(client.listen.live({ model: 'nova-3' }, { signal: AbortSignal.abort() }), AbortError);
  });

  it('leaving a for await early closes the socket (the emulator sees it within a second) and does not hang', async () => {
    const own = await startEmulator();
    try {
      const owned = new DeepgramClient({ apiKey: own.ownerKey, baseUrl: own.url });
      const session = await owned.listen.flux({ model: 'flux-general-en' });
      for (const chunk of chunks()) await session.send(chunk);
      let seen = 0;
      for await (const event of session) {
        seen += 1;
        if (event.type === 'TurnInfo') break;
      }
      assert.ok(seen >= 2);
      assert.ok(session.destroyed);
      await own.liveStreamsClosed(1000);
      assert.equal((await own.stats()).live_streams_opened, 1);
      await assert.rejects(session.send(chunks()[0]), ClosedError);
      // What had arrived before is still read, then the events end: no wait for the server.
      const rest = await collect(session);
      assert.ok(rest.every((e) => e.type === 'TurnInfo'), 'no error, no close');
    } finally {
      await own.stop();
    }
  });

  it('100 concurrent sessions from one process each stream audio and read to the end; none is left open', async () => {
    const own = await startEmulator();
    try {
      const owned = new DeepgramClient({ apiKey: own.ownerKey, baseUrl: own.url });
      const audio = fs.readFileSync(PREAMBLE).subarray(0, 44 + 2 * PREAMBLE_RATE); // two seconds
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const session = await owned.listen.live({ model: 'nova-3', smartFormat: true });
          const reading = collect(session);
          const sent = await session.stream(audio);
          await session.close();
          return { sent, events: await reading, requestId: session.requestId };
        }),
      );
      for (const { sent, events } of outcomes) {
        assert.equal(sent, audio.length);
        assert.equal(events.at(-1).type, 'Metadata');
        assert.ok(finalText(events).startsWith('We, the people'), finalText(events));
      }
      assert.equal(new Set(outcomes.map((o) => o.requestId)).size, 100, 'a request id each');
      assert.equal((await own.stats()).live_streams_opened, 100);
      await own.liveStreamsClosed(1000);
    } finally {
      await own.stop();
    }
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
      assert.ok(refused === undefined || refused instanceof ClosedError, `${refused}`);
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

  it('no key shows in a session, its client, or the errors of streams opened with a key', async () => {
    // A key the emulator accepts (its owner key) and one it refuses.
    const accepted = crypto.randomBytes(20).toString('hex');
    const refused = crypto.randomBytes(20).toString('hex');
    const own = await startEmulator({ adminKey: accepted });
    try {
      const owned = new DeepgramClient({ apiKey: accepted, baseUrl: own.url, retries: 0 });
      const wrong = new DeepgramClient({ apiKey: refused, baseUrl: own.url, retries: 0 });
      const shown = [owned, wrong, owned.listen];
      const errors = [];
      const failing = async (promise) => {
        const error = await promise.then(
          () => undefined,
          (e) => e,
        );
        assert.ok(error instanceof DeepgramError, inspect(error));
        errors.push(error);
        return error;
      };

      // Refused at the upgrade: an AuthError, as for REST.
      for (const open of [() => wrong.listen.live({ model: 'nova-3' }), () => wrong.listen.flux({ model: 'flux-general-en' })]) {
        const error = await failing(open());
        assert.ok(error instanceof AuthError && error.status === 401, String(error));
      }
      // An open stream, and every way one fails.
      const session = await owned.listen.live({ model: 'nova-3' });
      shown.push(session);
      await failing(session.stream(PREAMBLE, { speed: -1 }));
      await failing(session.configure({ eotThreshold: 0.7 }));
      const reading = collect(session);
      await session.stream(PREAMBLE);
      await session.close();
      shown.push(...(await reading));
      await failing(session.send(chunks()[0]));
      await own.fault({ path_prefix: '/v1/listen', cut_live_after_messages: 1, close_code: 1011 });
      const cut = await owned.listen.live({ model: 'nova-3' });
      shown.push(cut);
      const cutReading = failing(collect(cut));
      await cut.stream(PREAMBLE).catch((e) => errors.push(e));
      assert.ok((await cutReading) instanceof ServerError);
      const controller = new AbortController();
      const aborted = await owned.listen.flux({ model: 'flux-general-en' }, { signal: controller.signal });
      shown.push(aborted);
      const pending = collect(aborted);
      controller.abort();
      await failing(pending);
      await failing(owned.listen.live({ model: 'nova-3' }, { signal: AbortSignal.abort() }));

      assert.ok(errors.length >= 8);
      for (const value of [...shown, ...errors]) {
        const renderings = [inspect(value, { depth: Infinity, showHidden: true, getters: true }), String(value), JSON.stringify(value) ?? ''];
        if (value instanceof Error) renderings.push(value.message, value.stack, JSON.stringify(value, Object.getOwnPropertyNames(value)));
        for (const text of renderings) {
          for (const key of [accepted, refused]) {
            assert.ok(!text.includes(key) && !text.includes(key.slice(0, 20)), `a key shows in:\n${text}`);
          }
        }
      }
    } finally {
      await own.stop();
    }
  });
});
