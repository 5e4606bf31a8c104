'use strict';
// The package loads with require and with import, as the same objects.

const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { it } = require('node:test');

it('require and import give the same classes', async () => {
  const cjs = require('..');
  const esm = await import(pathToFileURL(path.join(__dirname, '..', 'index.mjs')).href);
  for (const name of ['DeepgramClient', 'DeepgramError', 'AuthError', 'Secret', 'AbortError']) {
    assert.equal(typeof cjs[name], 'function', name);
    assert.equal(esm[name], cjs[name], name);
  }
  assert.equal(esm.default, cjs);
  const self = await import('@dg-sdk/dg');
  assert.equal(self.DeepgramClient, cjs.DeepgramClient);
});

it('exposes no constructor for secrets', () => {
  const { Secret } = require('..');
  assert.throws(() => new Secret());
});
