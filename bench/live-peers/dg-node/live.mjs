// dg's Node package, loaded from this checkout as bench/node/runner.mjs loads it (../../../node;
// its native module is built by `node node/scripts/build.js`), in the shape of the official
// SDK's peer (../node/live.mjs):
//
//   node live.mjs live SECONDS
//   node live.mjs realtime SESSIONS SECONDS
//
// `live`: SECONDS of 16 kHz linear16 silence in 32 KiB chunks, as fast as the server takes
// them, then CloseStream; every message is read until the server closes, and the count of final
// results is printed as `words` in one JSON line. `realtime`: SESSIONS concurrent sessions at
// real-time pace, as ../realtime.mjs describes.
//
// The package is used as its tests do (node/test/live.test.js): `await client.listen.live({...})`,
// `for await` over the events, `await session.send(chunk)` (resolves once the core's bounded
// buffer took it), `await session.close()` for CloseStream.

import { DeepgramClient } from '../../../node/index.mjs';
import { BASE, BYTES_PER_SECOND, KEY, LIVE_CHUNK as CHUNK, main } from '../realtime.mjs';

const PEER = 'dg-node';
const OPTIONS = { model: 'nova-3', smartFormat: true, encoding: 'linear16', sampleRate: 16000 };
const client = new DeepgramClient({ apiKey: KEY, baseUrl: BASE });

/** Opens a stream; `onFinal(message)` gets each final result. Resolves to the session and a
 * Promise of the end of its events. */
async function open(onFinal) {
  const session = await client.listen.live(OPTIONS);
  const read = async () => {
    for await (const message of session) {
      // dg-core's `final_transcript()`: a final result with a best alternative.
      if (message.type === 'Results' && message.is_final && message.channel?.alternatives?.length) onFinal(message);
    }
  };
  const closed = read();
  closed.catch(() => {});
  return { session, closed };
}

async function live(seconds) {
  let finals = 0;
  const { session, closed } = await open(() => finals++);
  const zeros = Buffer.alloc(CHUNK);
  let left = seconds * BYTES_PER_SECOND;
  while (left > 0) {
    const n = Math.min(CHUNK, left);
    await session.send(n === CHUNK ? zeros : zeros.subarray(0, n));
    left -= n;
  }
  await session.close();
  await closed;
  return finals;
}

async function realtimeSession(record, gate) {
  const { session, closed } = await open((m) => record.final(m.start, m.duration));
  await record.pace((audio) => session.send(audio), await gate.opened());
  await session.close();
  await closed;
}

await main(PEER, live, realtimeSession);
