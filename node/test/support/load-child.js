'use strict';
// Run by load.test.js, so that what it measures is this process alone and its allocator is set
// up by the test (GLIBC_TUNABLES):
//   node load-child.js BASE_URL KEY CALLS ROUNDS
// Runs ROUNDS rounds of CALLS concurrent transcriptions on one client, checking every answer,
// and reads the process after each; then drops the client. Prints {before, rounds, released}:
// descriptors before the client, {fds, heap, native} after each round, descriptors once the
// client was collected.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');

const { DeepgramClient } = require('../..');
const { BUELLER_URL } = require('./audio.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

// How long descriptors are given to go down (the runtime closes sockets on its own threads).
const SETTLE_MS = 10000;

const openFds = () => fs.readdirSync('/proc/self/fd').length;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects garbage until finalizers (a collected client drops its pool) have run. */
async function collect() {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
}

/** The descriptor count once it is down to `target`, or else stops changing. */
async function settle(target) {
  const deadline = Date.now() + SETTLE_MS;
  let count = openFds();
  while (Date.now() < deadline) {
    await sleep(100);
    const previous = count;
    count = openFds();
    if (count <= (target ?? previous)) break;
  }
  return count;
}

async function main() {
  const [baseUrl, apiKey, calls, rounds] = process.argv.slice(2);
  const before = openFds();
  let client = new DeepgramClient({ apiKey, baseUrl, retries: 0 });
  const readings = [];
  for (let round = 0; round < Number(rounds); round++) {
    const answers = await Promise.all(
      Array.from({ length: Number(calls) }, () => client.transcribeUrl(BUELLER_URL, { model: 'nova-3', smartFormat: true })),
    );
    assert.ok(answers.every((a) => a.transcript.startsWith('Yep')));
    assert.equal(new Set(answers.map((a) => a.metadata.request_id)).size, answers.length);
    const fds = await settle();
    await collect();
    const { rss, heapUsed, external } = process.memoryUsage();
    // V8 keeps the pages its heap grew to: what is live in it is heapUsed (+ external), and the
    // rest of the process (the Rust side, Node's own C++) is RSS less V8's pages.
    readings.push({ fds, heap: heapUsed + external, native: rss - v8.getHeapStatistics().total_physical_size, rss });
  }
  client = null;
  await collect();
  console.log(JSON.stringify({ before, rounds: readings, released: await settle(before) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
