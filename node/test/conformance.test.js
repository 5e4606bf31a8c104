'use strict';
// The conformance suite (tests/conformance/README.md) through the public Node API: every case
// of tests/conformance/cases/*.json is one test, run against its own emulator. Settings and
// option names in the cases are snake_case; they are spelled camelCase here by the one rule the
// core uses (`Spelling::Camel`). Live and Flux cases stream through `client.listen` and are
// answered by the summary of their events (as the Rust runner's `summary`). Every answer, error,
// message, `util.inspect` (of clients and sessions) and live event's JSON seen is kept, and the
// `$canary` key must appear in none of it.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const util = require('node:util');
const { setTimeout } = require('node:timers/promises');
const { after, describe, it } = require('node:test');

const dg = require('..');
const { startEmulator, root } = require('./support/emulator.js');

const casesDir = path.join(root, 'tests', 'conformance', 'cases');
const audioDir = path.join(root, 'tests', 'fixtures', 'audio');
const errorKinds = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'schema', 'errors.json'), 'utf8')).kinds;
const optionNames = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'schema', 'listen-options.json'), 'utf8')).listen.map(
  (o) => o.name,
);
const settingNames = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'schema', 'settings.json'), 'utf8')).settings.map(
  (s) => s.name,
);
const declared = new Set([...optionNames, ...settingNames]);
// The core's call table: the cases call any call by its method name (`get_project`).
const callsByMethod = new Map(
  JSON.parse(fs.readFileSync(path.join(root, 'tests', 'schema', 'calls.json'), 'utf8')).calls.map((c) => [c.method, c]),
);

/** A well-formed API key the emulator does not know: it must never be shown. */
const CANARY = crypto.randomBytes(20).toString('hex');
const CHUNK = 64 * 1024;
/** Live cases send their audio in chunks of 8 KiB. */
const LIVE_CHUNK = 8 * 1024;

/** `smart_format` -> `smartFormat` (the core's `Spelling::Camel`). */
function camel(name) {
  return name.replace(/_(.)/g, (_, c) => c.toUpperCase());
}

/** Every backticked option or setting name in `text` spelled camelCase, as the core does. */
function spellMessage(text) {
  return text.replace(/`([a-z0-9_]+)`/g, (whole, name) => (declared.has(name) ? `\`${camel(name)}\`` : whole));
}

/** An object's top-level keys spelled camelCase (values, `extraQuery`'s keys among them, as given). */
function camelKeys(object) {
  if (object === undefined || object === null) return object;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [camel(k), v]));
}

/** `value` with every placeholder of `vars` replaced, in every string at any depth. */
function substitute(value, vars) {
  if (typeof value === 'string') {
    return value.replace(/\$[a-z_]+/g, (p) => (Object.hasOwn(vars, p) ? vars[p] : p));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  }
  return value;
}

/** A loopback port nothing listens on (bound once by the OS, then released). */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function audioPath(name) {
  return name === '$missing' ? path.join(audioDir, 'no-such-file.wav') : path.join(audioDir, name);
}

/** Runs the case's call; resolves to its answer (`{}` for `connect`). */
async function runCall(kase, settings, args, seen) {
  const client = new dg.DeepgramClient(settings);
  seen.push(util.inspect(client, { depth: 4 }));
  const options = camelKeys(args.options);
  switch (kase.call) {
    case 'connect':
      return {};
    case 'transcribe_file':
      return client.transcribeFile(audioPath(args.audio), options);
    case 'transcribe_bytes': {
      const bytes = args.audio === '$empty' ? Buffer.alloc(0) : fs.readFileSync(audioPath(args.audio));
      return client.transcribeFile(bytes, { ...options, contentType: args.content_type });
    }
    case 'transcribe_stream':
      return client.transcribeFile(fs.createReadStream(audioPath(args.audio), { highWaterMark: CHUNK }), options);
    case 'transcribe_url':
      return client.transcribeUrl(args.url, options);
    case 'list_projects':
      return client.projects.list();
    case 'list_keys':
      return client.keys.list(args.project_id);
    case 'get_key':
      return client.keys.get(args.project_id, args.key_id);
    case 'create_key': {
      const { project_id: projectId, ...request } = args;
      return client.keys.create(projectId, camelKeys(request));
    }
    case 'delete_key':
      return client.keys.delete(args.project_id, args.key_id);
    case 'grant_token':
      return client.auth.grantToken(args.ttl_seconds === undefined ? undefined : { ttlSeconds: args.ttl_seconds });
    case 'live':
    case 'flux':
      return runLive(client, kase.call, args, options, seen);
    default: {
      // Any other call of the core's call table: its group's method, path arguments by position.
      const spec = callsByMethod.get(kase.call);
      if (spec === undefined) throw new Error(`unknown call \`${kase.call}\``);
      const named = Object.fromEntries(Object.entries(args).filter(([k]) => !spec.path.includes(k)));
      const path = spec.path.map((p) => args[p]);
      const method = client[camel(spec.group)][camel(spec.name)].bind(client[camel(spec.group)]);
      return spec.args.length > 0 ? method(...path, camelKeys(named)) : method(...path);
    }
  }
}

/**
 * A `live` or `flux` case (README, "Live cases"): the stream opened as users open it, its audio
 * sent in 8 KiB chunks while every event is read, then `Finalize` if asked and `CloseStream`;
 * resolves to the summary of the events. An error ending the events wins over one from sending.
 */
async function runLive(client, call, args, options, seen) {
  const settings = camelKeys(args.settings);
  const callOptions = settings === undefined ? undefined : { settings };
  const session = call === 'flux' ? await client.listen.flux(options, callOptions) : await client.listen.live(options, callOptions);
  seen.push(util.inspect(session, { depth: 4 }), String(session));
  let audio = fs.readFileSync(audioPath(args.audio));
  if (args.first_bytes !== undefined) audio = audio.subarray(0, args.first_bytes);
  const reading = (async () => {
    const events = [];
    for await (const event of session) {
      // Each event as the JSON it was sent as.
      const json = JSON.stringify(event);
      seen.push(json);
      events.push(JSON.parse(json));
    }
    return events;
  })();
  const feeding = (async () => {
    for (let at = 0; at < audio.length; at += LIVE_CHUNK) {
      await session.send(audio.subarray(at, at + LIVE_CHUNK));
      if (args.chunk_delay_ms !== undefined) await setTimeout(args.chunk_delay_ms);
    }
    if (args.finalize === true) await session.finalize();
    await session.close();
  })();
  const [read, fed] = await Promise.allSettled([reading, feeding]);
  if (fed.status === 'rejected') seen.push(String(fed.reason?.message), util.inspect(fed.reason, { depth: 4 }));
  if (read.status === 'rejected') throw read.reason;
  if (fed.status === 'rejected') throw fed.reason;
  return summary(session.requestId ?? null, read.value);
}

/** The summary of a stream's events that live cases match (as the Rust runner's `summary`). */
function summary(requestId, events) {
  const kind = (e) => (typeof e.type === 'string' ? e.type : '');
  const finals = events.filter((e) => (kind(e) === 'Results' ? e.is_final === true : kind(e) === 'TurnInfo' && e.event === 'EndOfTurn'));
  const text = (e) => {
    const t = e.channel?.alternatives?.[0]?.transcript;
    if (typeof t === 'string') return t;
    return typeof e.transcript === 'string' ? e.transcript : '';
  };
  const transcripts = finals.map(text).filter((t) => t !== '');
  const starts = finals
    .map((e) => (typeof e.start === 'number' ? e.start : e.audio_window_start))
    .filter((s) => typeof s === 'number');
  const results = events.filter((e) => kind(e) === 'Results');
  return {
    request_id: requestId,
    transcript: transcripts.join(' '),
    finals: transcripts.length,
    interim: results.some((e) => e.is_final === false),
    from_finalize: results.some((e) => e.from_finalize === true),
    reconnected: events.filter((e) => kind(e) === 'dg.Reconnected').length,
    starts_in_order: starts.every((s, i) => i === 0 || starts[i - 1] <= s),
    first: events.length > 0 ? kind(events[0]) : null,
    last: events.length > 0 ? kind(events.at(-1)) : null,
  };
}

/** The value at a dotted PATH (`results.channels.0.transcript`) of JSON data. */
function at(data, dotted) {
  let value = data;
  for (const key of dotted.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return { present: false };
    value = value[key];
  }
  return { present: true, value };
}

function checkMatcher(answer, dotted, matcher) {
  const { present, value } = at(answer, dotted);
  const isMatcher = matcher !== null && typeof matcher === 'object' && !Array.isArray(matcher);
  if (isMatcher && 'present' in matcher) {
    assert.equal(present, matcher.present, `${dotted}: present`);
    return;
  }
  assert.ok(present, `${dotted} is missing from the answer`);
  if (isMatcher && 'contains' in matcher) {
    assert.equal(typeof value, 'string', `${dotted} is not text`);
    assert.ok(value.includes(matcher.contains), `${dotted}: ${JSON.stringify(value)} lacks ${JSON.stringify(matcher.contains)}`);
  } else if (isMatcher && 'min_len' in matcher) {
    assert.ok(typeof value === 'string' || Array.isArray(value), `${dotted} is neither a list nor text`);
    assert.ok(value.length >= matcher.min_len, `${dotted}: length ${value.length} < ${matcher.min_len}`);
  } else {
    assert.deepEqual(value, matcher, `${dotted}`);
  }
}

/** The class a kind's errors have (`<class_stem>Error`). */
function classOf(kind) {
  const entry = errorKinds.find((k) => k.name === kind);
  assert.ok(entry, `unknown error kind \`${kind}\` in the case`);
  const Class = dg[`${entry.class_stem}Error`];
  assert.equal(typeof Class, 'function', `dg exports no ${entry.class_stem}Error`);
  return Class;
}

function checkError(error, expected) {
  const { kind, message_contains: contains, ...fields } = expected;
  assert.ok(error instanceof dg.DeepgramError, `not a DeepgramError: ${util.inspect(error)}`);
  const Class = classOf(kind);
  assert.ok(error instanceof Class, `expected a ${Class.name}, got ${error.name}: ${error.message}`);
  assert.equal(error.kind, kind);
  for (const [field, want] of Object.entries(fields)) {
    const got = error[camel(field)];
    assert.deepEqual(got, field === 'option' ? camel(want) : want, `${field} of ${error.name}: ${error.message}`);
  }
  if (contains !== undefined) {
    const spelled = spellMessage(contains);
    assert.ok(error.message.includes(spelled), `the message lacks ${JSON.stringify(spelled)}: ${error.message}`);
  }
}

/** Every field of a case's `expect`, and how it went. */
async function runCase(kase, seen) {
  const emulator = await startEmulator();
  try {
    const vars = {
      $url: emulator.url,
      $owner_key: emulator.ownerKey,
      $project_id: emulator.projectId,
      $canary: CANARY,
      $closed_port_url: `http://127.0.0.1:${await closedPort()}`,
    };
    if (JSON.stringify(kase.args ?? {}).includes('$created_key_id') || JSON.stringify(kase.expect).includes('$created_key_id')) {
      const owner = new dg.DeepgramClient({ apiKey: emulator.ownerKey, baseUrl: emulator.url });
      const created = await owner.keys.create(emulator.projectId, { comment: `for ${kase.name}`, scopes: ['member'] });
      vars.$created_key_id = created.api_key_id;
    }
    const settings = camelKeys(substitute(kase.client ?? { api_key: '$owner_key', base_url: '$url', retries: 0 }, vars));
    const args = substitute(kase.args ?? {}, vars);
    const expect = substitute(kase.expect, vars);
    if (kase.fault !== undefined) await emulator.fault(kase.fault);

    let answer;
    let error;
    try {
      answer = await runCall(kase, settings, args, seen);
    } catch (e) {
      error = e;
    }
    if (error !== undefined) {
      seen.push(String(error.message), String(error.stack), util.inspect(error, { depth: 4 }), JSON.stringify(error));
      if (error.cause !== undefined) seen.push(util.inspect(error.cause));
    } else {
      seen.push(util.inspect(answer, { depth: 12 }), JSON.stringify(answer));
    }

    const keys = Object.keys(expect);
    assert.equal(keys.length, 1, 'expect has exactly one of ok and error');
    if (expect.ok !== undefined) {
      if (error !== undefined) assert.fail(`expected success, got ${error.name}: ${error.message}`);
      // The answer as this language writes it back (secrets as `[redacted]`).
      const written = JSON.parse(JSON.stringify(answer));
      for (const [dotted, matcher] of Object.entries(expect.ok)) checkMatcher(written, dotted, matcher);
    } else {
      assert.ok(expect.error !== undefined, `unknown expectation ${keys[0]}`);
      if (error === undefined) assert.fail(`expected a ${expect.error.kind} error, got ${util.inspect(answer, { depth: 2 })}`);
      checkError(error, expect.error);
    }
  } finally {
    await emulator.stop();
  }
}

const files = fs.existsSync(casesDir)
  ? fs
      .readdirSync(casesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
const stats = { run: 0, passed: 0 };
const names = new Set();

describe('conformance', () => {
  for (const file of files) {
    const cases = JSON.parse(fs.readFileSync(path.join(casesDir, file), 'utf8'));
    describe(file, () => {
      for (const kase of cases) {
        it(kase.name, { timeout: 30_000 }, async () => {
          stats.run += 1;
          assert.ok(!names.has(kase.name), `the case name ${kase.name} is used twice`);
          names.add(kase.name);
          const seen = [];
          await runCase(kase, seen);
          for (const text of seen) {
            assert.ok(!text.includes(CANARY), `the canary key appears in what the call produced:\n${text}`);
          }
          stats.passed += 1;
        });
      }
    });
  }

  after(() => {
    console.log(`conformance (node): ${stats.run} cases run, ${stats.passed} passed, from ${files.length} files`);
  });
});
