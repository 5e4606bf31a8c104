// The WebSocket library under the official Node SDK (`ws`, the version its lock file installs
// in ../node/node_modules) with no SDK around it: the least a Node client of the live API can
// cost, a reference row beside the SDKs, in the shape of the other peers:
//
//   node live.mjs live SECONDS
//   node live.mjs realtime SESSIONS SECONDS
//
// `live`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks, as fast as the server takes
// them, then CloseStream; every message is read until the server closes, and the count of final
// results is printed as `words` in one JSON line. `realtime`: SESSIONS concurrent sessions at
// real-time pace, as ../realtime.mjs describes.
//
// Only what a client must do: the query string written by hand, the key in the `Authorization`
// header, `ws.send(chunk)` per chunk, `JSON.parse` of each text message and the final-result
// check the other peers make. No keep-alive, reconnection, option checks or typed events. In
// `live` it waits while more than 1 MiB is unsent (`bufferedAmount`), as ../node/live.mjs does.

import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from '../node/node_modules/ws/index.js';
import { BASE, BYTES_PER_SECOND, KEY, LIVE_CHUNK as CHUNK, main } from '../realtime.mjs';

const PEER = 'ws';
const HIGH_WATER = 1 << 20;
const URL_ = `${BASE.replace(/^http/, 'ws')}/v1/listen?model=nova-3&smart_format=true&encoding=linear16&sample_rate=16000`;
const CLOSE_STREAM = JSON.stringify({ type: 'CloseStream' });

/** Opens a stream; `onFinal(message)` gets each final result. Resolves to the socket and a
 * Promise of the server's close. */
async function open(onFinal) {
  const ws = new WebSocket(URL_, { headers: { Authorization: `Token ${KEY}` }, perMessageDeflate: false });
  const closed = new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = JSON.parse(data.toString());
      // dg-core's `final_transcript()`: a final result with a best alternative.
      if (message.type === 'Results' && message.is_final && message.channel?.alternatives?.length) onFinal(message);
    });
    ws.on('error', reject);
    ws.on('close', (code, reason) => (code === 1000 ? resolve() : reject(new Error(`closed with ${code} ${reason}`))));
  });
  closed.catch(() => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, closed };
}

async function live(seconds) {
  let finals = 0;
  const { ws, closed } = await open(() => finals++);
  const zeros = Buffer.alloc(CHUNK);
  let left = seconds * BYTES_PER_SECOND;
  while (left > 0) {
    const n = Math.min(CHUNK, left);
    while (ws.bufferedAmount > HIGH_WATER) await sleep(1);
    ws.send(n === CHUNK ? zeros : zeros.subarray(0, n));
    left -= n;
  }
  ws.send(CLOSE_STREAM);
  await closed;
  return finals;
}

async function session(record, gate) {
  const { ws, closed } = await open((m) => record.final(m.start, m.duration));
  await record.pace((audio) => ws.send(audio), await gate.opened());
  ws.send(CLOSE_STREAM);
  await closed;
}

await main(PEER, live, session);
