// dg-node's runner for the shared benchmark harness (../shared/bench, "Runner protocol" in its
// README):
//
//   node node/runner.mjs seq N | conc N C | big | upload PATH | upload-stream PATH | keys N
//
// Loads the package from this checkout (../node; build it first: `node node/scripts/build.js`
// from the repository root), pointed at DG_BENCH_URL, and prints one JSON line.

import { createReadStream } from 'node:fs';
import { DeepgramClient } from '../../node/index.mjs';

const PEER = 'dg-node';
const BASE = process.env.DG_BENCH_URL ?? 'http://127.0.0.1:18300';
const KEY = process.env.DG_BENCH_KEY ?? 'bench-secret-key';
const PROJECT = process.env.DG_BENCH_PROJECT ?? '3e7b4a1c-5d2f-4c8e-9a6b-1f0d2c3b4a59';
const AUDIO_URL = process.env.DG_BENCH_AUDIO_URL ?? 'https://dpgr.am/spacewalk.wav';
const OPTIONS = { model: 'nova-3', smartFormat: true };

const words = (answer) => answer.results.channels[0].alternatives[0].words.length;
const now = () => Number(process.hrtime.bigint()) / 1e9;

function emit(workload, n, concurrency, seconds, nwords) {
  console.log(
    JSON.stringify({
      peer: PEER,
      workload,
      n,
      concurrency,
      elapsed_s: Number(seconds.toFixed(6)),
      rps: Number((n / seconds).toFixed(3)),
      words: nwords,
      ok: true,
    }),
  );
}

function fail(workload, error) {
  const message = `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
  console.log(JSON.stringify({ peer: PEER, workload, ok: false, error: message.slice(0, 600) }));
  process.exit(1);
}

const [workload, ...args] = process.argv.slice(2);
const client = new DeepgramClient({ apiKey: KEY, baseUrl: BASE });
const one = async () => words(await client.transcribeUrl(AUDIO_URL, OPTIONS));

const start = now();
try {
  switch (workload) {
    case 'seq': {
      const n = Number(args[0]);
      let nwords = 0;
      for (let i = 0; i < n; i++) nwords = await one();
      emit(workload, n, 1, now() - start, nwords);
      break;
    }
    case 'conc': {
      const n = Number(args[0]);
      const c = Number(args[1]);
      let left = n;
      let most = 0;
      const worker = async () => {
        while (left > 0) {
          left--;
          most = Math.max(most, await one());
        }
      };
      await Promise.all(Array.from({ length: c }, worker));
      emit(workload, n, c, now() - start, most);
      break;
    }
    case 'big': {
      const nwords = await one();
      emit(workload, 1, 1, now() - start, nwords);
      break;
    }
    case 'upload': {
      // The documented idiom: a path, streamed from disk by the Rust core.
      const answer = await client.transcribeFile(args[0], OPTIONS);
      emit(workload, 1, 1, now() - start, words(answer));
      break;
    }
    case 'upload-stream': {
      // A Node Readable, pumped into the core with backpressure.
      const answer = await client.transcribeFile(createReadStream(args[0]), OPTIONS);
      emit(workload, 1, 1, now() - start, words(answer));
      break;
    }
    case 'keys': {
      const n = Number(args[0]);
      for (let i = 0; i < n; i++) {
        const created = await client.keys.create(PROJECT, { comment: `bench key ${i}`, scopes: ['usage:read'] });
        if (!created.key.reveal()) throw new Error('the created key has no secret');
      }
      emit(workload, n, 1, now() - start, 0);
      break;
    }
    default:
      console.error('usage: runner.mjs seq N | conc N C | big | upload PATH | upload-stream PATH | keys N');
      process.exit(2);
  }
} catch (e) {
  fail(workload, e);
}
