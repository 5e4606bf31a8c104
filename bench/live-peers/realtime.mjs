// What bench/live.sh's `realtime SESSIONS SECONDS` mode is, once, for both Node peers (dg-node
// and the official @deepgram/sdk), so that only the SDK calls differ between them; the same
// rules as realtime.py, the Python peers' copy:
//
// SESSIONS sessions open together; once all are open each sends SECONDS of 16 kHz linear16
// silence in 100 ms chunks, one every 100 ms by the wall clock (deadlines from one start, so a
// late chunk does not delay the next ones), session i starting i/SESSIONS of a chunk after the
// first so the sends are spread over the 100 ms; then CloseStream, and the session reads to
// the end. The emulator answers silence with one final result per second of audio, timed by
// the audio it has received, so each final's `start + duration` names the chunk whose sending
// made it due. Its latency is its arrival time minus the time that chunk was handed to the SDK.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

export const BYTES_PER_SECOND = 32_000; // 16 kHz, 16-bit mono
// What every Node peer shares: the emulator bench/live.sh starts, its key, and the chunk of
// `live` mode (dg-core's MAX_CHUNK, as the other languages' peers).
export const BASE = (process.env.DG_BENCH_URL ?? 'http://127.0.0.1:18391').replace(/\/+$/, '');
export const KEY = process.env.DG_BENCH_KEY ?? 'bench-secret-key';
export const LIVE_CHUNK = 32 * 1024;
const CHUNK_MS = 100;
export const CHUNK = (BYTES_PER_SECOND * CHUNK_MS) / 1000;

/** Lets every session start sending once all of them are open. */
export class Gate {
  constructor(sessions) {
    this.left = sessions;
    this.ready = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  /** Resolves to the common start time (ms) once the last session is open. */
  opened() {
    this.left -= 1;
    if (this.left === 0) this.release(performance.now());
    return this.ready;
  }
}

/** One session's send times and final results: all the per-message work is `final`. */
export class Record {
  constructor(index, sessions, seconds) {
    this.offset = (index * CHUNK_MS) / sessions;
    this.chunks = Math.round((seconds * 1000) / CHUNK_MS);
    this.sent = [];
    this.finals = [];
  }

  final(start, duration) {
    this.finals.push([performance.now(), start + duration]);
  }

  async pace(send, start) {
    const audio = Buffer.alloc(CHUNK);
    const first = start + this.offset;
    for (let k = 0; k < this.chunks; k++) {
      const wait = first + k * CHUNK_MS - performance.now();
      if (wait > 0) await sleep(wait);
      this.sent.push(performance.now());
      await send(audio);
    }
  }

  latenciesMs() {
    return this.finals.map(([arrival, end]) => {
      const k = Math.min(this.sent.length, Math.max(1, Math.ceil(Math.round(end * BYTES_PER_SECOND) / CHUNK))) - 1;
      return Math.round((arrival - this.sent[k]) * 1000) / 1000;
    });
  }
}

/**
 * Runs the sessions (`session(record, gate)` is one, in the peer's SDK) and prints the result
 * line: finals over all sessions and every final's latency.
 */
export async function run(peer, sessions, seconds, session) {
  const gate = new Gate(sessions);
  const records = Array.from({ length: sessions }, (_, i) => new Record(i, sessions, seconds));
  const t = performance.now();
  await Promise.all(records.map((r) => session(r, gate)));
  const secs = (performance.now() - t) / 1000;
  console.log(
    JSON.stringify({
      peer,
      workload: 'realtime',
      n: sessions,
      concurrency: sessions,
      elapsed_s: Number(secs.toFixed(6)),
      words: records.reduce((n, r) => n + r.finals.length, 0),
      latencies_ms: records.flatMap((r) => r.latenciesMs()),
      ok: true,
    }),
  );
}

/** Prints a failure as the peers' one JSON line and exits 1. */
export function fail(peer, workload, error) {
  const message = `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
  console.log(JSON.stringify({ peer, workload, ok: false, error: message.slice(0, 600) }));
  process.exit(1);
}

/**
 * A peer's command line, the same for every Node peer: `live SECONDS` (`live(seconds)`
 * resolves to the count of final results) or `realtime SESSIONS SECONDS` (`session(record,
 * gate)` is one session, as `run` takes it); prints the one JSON line bench/live.sh reads.
 */
export async function main(peer, live, session) {
  const [mode, ...args] = process.argv.slice(2);
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  try {
    if (mode === 'realtime' && args.length === 2) {
      await run(peer, Number(args[0]), Number(args[1]), session);
    } else if (mode === 'live' && args.length === 1) {
      const t = now();
      const finals = await live(Number(args[0]));
      const secs = now() - t;
      console.log(JSON.stringify({ peer, workload: 'live', n: 1, concurrency: 1, elapsed_s: Number(secs.toFixed(6)), rps: Number((1 / secs).toFixed(3)), words: finals, ok: true }));
    } else {
      console.error('usage: live.mjs live SECONDS | realtime SESSIONS SECONDS');
      process.exit(2);
    }
  } catch (e) {
    fail(peer, mode, e);
  }
}

// Run as a peer itself (`node realtime.mjs realtime SESSIONS SECONDS`), the harness alone: the
// same sessions, pacing and measurement with a send that does nothing and no socket, so a
// reader can tell the harness's CPU from an SDK's (bench/live.sh's "above the harness").
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, sessions, seconds] = process.argv.slice(2);
  if (mode !== 'realtime' || !(Number(sessions) > 0) || !(Number(seconds) > 0)) {
    console.error('usage: realtime.mjs realtime SESSIONS SECONDS');
    process.exit(2);
  }
  await run('harness-node', Number(sessions), Number(seconds), async (record, gate) => {
    await record.pace(async () => {}, await gate.opened());
  });
}
