'use strict';
// A 1 GiB file and a 1 GiB stream are uploaded whole with a small, bounded memory footprint,
// measured in a child process.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { describe, it, before, after } = require('node:test');

const { startEmulator } = require('./support/emulator.js');
const { sparseWav } = require('./support/audio.js');

const GIB = 1024 ** 3;
const RSS_LIMIT = 150 * 1024 ** 2;
// 16 kHz, 16-bit mono: 32000 bytes a second.
const SECONDS = (GIB - 44) / 32000;

async function upload(emulator, mode, what) {
  const before = await emulator.stats();
  const child = path.join(__dirname, 'support', 'upload-child.js');
  const { stdout } = await promisify(execFile)(process.execPath, [child, mode, emulator.url, emulator.ownerKey, String(what)]);
  const result = JSON.parse(stdout);
  const after = await emulator.stats();
  assert.equal(after.audio_bytes_received - before.audio_bytes_received, GIB, 'the whole upload arrived');
  assert.ok(Math.abs(result.duration - SECONDS) < 0.01, `duration ${result.duration}`);
  assert.ok(result.maxRssBytes < RSS_LIMIT, `peak RSS ${(result.maxRssBytes / 1024 ** 2).toFixed(1)} MiB`);
}

describe('large uploads', { timeout: 300_000 }, () => {
  let emulator;
  let file;

  before(async () => {
    emulator = await startEmulator();
    file = sparseWav(GIB);
  });
  after(async () => {
    file.remove();
    await emulator.stop();
  });

  it('streams a 1 GiB file from disk under 150 MiB of RSS', () => upload(emulator, 'file', file.file));
  it('streams a 1 GiB Readable under 150 MiB of RSS', () => upload(emulator, 'stream', GIB));
});
