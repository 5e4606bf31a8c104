'use strict';
// Audio for the tests: the real recordings in tests/fixtures/audio, and large WAV files of
// silence made on the spot (a header, then a sparse hole: no disk space used).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root } = require('./emulator.js');

const fixtures = path.join(root, 'tests', 'fixtures');
/** The US Constitution preamble (nova-3 answers recorded for it). */
const PREAMBLE = path.join(fixtures, 'audio', 'preamble-rest.wav');
/** A URL whose recorded answer the emulator serves without fetching it. */
const BUELLER_URL = 'https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav';

/** The 44-byte header of a 16 kHz mono 16-bit PCM WAV of `total` bytes in all. */
function wavHeader(total) {
  const data = total - 44;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(total - 8, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data, 40);
  return h;
}

/** A sparse WAV file of `total` bytes of silence in a new temporary directory. */
function sparseWav(total) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-node-'));
  const file = path.join(dir, 'silence.wav');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, wavHeader(total));
  fs.ftruncateSync(fd, total);
  fs.closeSync(fd);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The same audio as a generator of chunks: the header, then `chunk`-byte blocks of silence. */
async function* silence(total, chunk = 1024 * 1024) {
  yield wavHeader(total);
  const zeros = Buffer.alloc(chunk);
  let left = total - 44;
  while (left > 0) {
    const n = Math.min(chunk, left);
    yield n === chunk ? zeros : zeros.subarray(0, n);
    left -= n;
  }
}

module.exports = { PREAMBLE, BUELLER_URL, fixtures, wavHeader, sparseWav, silence };
