'use strict';
// Starts dg-emulator (the Deepgram-compatible server of crates/dg-emulator) on a free loopback
// port, and talks to its test controls.

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const root = path.resolve(__dirname, '..', '..', '..');

function binary() {
  if (process.env.DG_EMULATOR) return process.env.DG_EMULATOR;
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
  const triple = process.env.CARGO_BUILD_TARGET;
  const release = triple ? path.join(targetDir, triple, 'release') : path.join(targetDir, 'release');
  return path.join(release, 'dg-emulator');
}

/**
 * `{url, projectId, ownerKey, fault(f), member(email, role), stats(), liveStreamsClosed(ms), stop()}` of a new emulator. Its owner
 * key is `adminKey` when given (passed in the environment, as the emulator advises), else one it
 * generates.
 */
async function startEmulator({ adminKey } = {}) {
  const env = { ...process.env };
  delete env.DG_EMULATOR_ADMIN_KEY;
  if (adminKey !== undefined) env.DG_EMULATOR_ADMIN_KEY = adminKey;
  const child = spawn(binary(), ['--addr', '127.0.0.1:0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dg-emulator exited (${code}) before announcing itself`)));
    readline.createInterface({ input: child.stdout }).once('line', resolve);
  });
  const { url, project_id: projectId, owner_key: generatedKey } = JSON.parse(line);
  const ownerKey = adminKey ?? generatedKey;

  async function request(method, route, body) {
    const res = await fetch(new URL(route, url), {
      method,
      headers: { authorization: `Token ${ownerKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    url,
    projectId,
    ownerKey,
    /** Queues a fault (see the emulator's docs): `{count?, path_prefix?, status|error|delay_ms|drop}`. */
    fault: (fault) => request('POST', '/__emulator/faults', fault),
    /** A new member of the project with one key: `{member_id, key}`. */
    member: (email, role) => request('POST', '/__emulator/members', { email, role }),
    stats: () => request('GET', '/__emulator/stats'),
    /**
     * Resolves once the emulator counts no live stream open (`live_streams_open` of its stats:
     * a connection counts until its socket ends); rejects if one is still open after
     * `timeoutMs`.
     */
    liveStreamsClosed: async (timeoutMs = 1000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { live_streams_open: open } = await request('GET', '/__emulator/stats');
        if (open === 0) return;
        if (Date.now() >= deadline) throw new Error(`${open} live stream(s) still open on the emulator after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

module.exports = { startEmulator, root };
