// The official Node SDK's live client (npm @deepgram/sdk 5.13.0, the version
// ../shared/bench/peers/node pins; package.json and package-lock.json here are copies of that
// harness's, installed the same way: `npm ci`) in the shape of dg's `dg-bench-runner live`:
//
//   node live.mjs live SECONDS
//   node live.mjs realtime SESSIONS SECONDS
//
// `live`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks, as fast as the server takes
// them, then CloseStream; every message is read until the server closes, and the count of final
// results is printed as `words` in one JSON line. `realtime`: SESSIONS concurrent sessions at
// real-time pace, as ../realtime.mjs describes.
//
// The SDK is used the way its README does: `client.listen.v1.connect({...})`, handlers with
// `connection.on(...)`, `connection.connect()`, `await connection.waitForOpen()`,
// `sendMedia`, `sendCloseStream`. The host: the client's `environment` (its `production` field
// is the websocket base, so a plain ws:// URL works; `baseUrl` would be used for websockets
// too, with its http:// scheme). `sendMedia` returns at once and queues without limit, so the
// `live` loop waits while the socket holds more than 1 MiB unsent (`connection.socket
// .bufferedAmount`), as the other peers' sends wait for their buffers: without it the whole
// hour would be queued in memory before the server had read a second of it.

import { setTimeout as sleep } from 'node:timers/promises';
import { DeepgramClient } from '@deepgram/sdk';
import { BASE, BYTES_PER_SECOND, KEY, LIVE_CHUNK as CHUNK, main } from '../realtime.mjs';

const PEER = 'official-node';
const HIGH_WATER = 1 << 20;
const WS = BASE.replace(/^http/, 'ws');
const client = new DeepgramClient({
  apiKey: KEY,
  environment: { base: BASE, production: WS, agent: WS, agentRest: BASE },
});

/** Opens a stream; `onFinal(message)` gets each final result. Resolves to the connection and
 * a Promise of the server's close. */
async function open(onFinal) {
  const connection = await client.listen.v1.connect({
    model: 'nova-3',
    smart_format: 'true',
    encoding: 'linear16',
    sample_rate: 16000,
  });
  const closed = new Promise((resolve, reject) => {
    connection.on('message', (message) => {
      // dg-core's `final_transcript()`: a final result with a best alternative.
      if (message.type === 'Results' && message.is_final && message.channel?.alternatives?.length) onFinal(message);
    });
    connection.on('error', (e) => reject(e instanceof Error ? e : new Error(String(e?.message ?? e))));
    connection.on('close', (event) =>
      event?.code === 1000 ? resolve() : reject(new Error(`closed with ${event?.code} ${event?.reason ?? ''}`)),
    );
  });
  connection.connect();
  await connection.waitForOpen();
  return { connection, closed };
}

async function live(seconds) {
  let finals = 0;
  const { connection, closed } = await open(() => finals++);
  closed.catch(() => {});
  const zeros = Buffer.alloc(CHUNK);
  let left = seconds * BYTES_PER_SECOND;
  while (left > 0) {
    const n = Math.min(CHUNK, left);
    while (connection.socket.bufferedAmount > HIGH_WATER) await sleep(1);
    connection.sendMedia(n === CHUNK ? zeros : zeros.subarray(0, n));
    left -= n;
  }
  connection.sendCloseStream({ type: 'CloseStream' });
  await closed;
  return finals;
}

async function session(record, gate) {
  const { connection, closed } = await open((m) => record.final(m.start, m.duration));
  closed.catch(() => {});
  await record.pace((audio) => connection.sendMedia(audio), await gate.opened());
  connection.sendCloseStream({ type: 'CloseStream' });
  await closed;
}

await main(PEER, live, session);
