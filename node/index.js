'use strict';
// dg for Node.js: a Deepgram speech-to-text client over dg's Rust core.

const { DeepgramClient } = require('./lib/client.js');
const { Secret } = require('./lib/native.js');
const { classByKind, ...errors } = require('./lib/errors.js');

module.exports = {
  DeepgramClient,
  Secret,
  // DeepgramError and one class per error kind (generated from tests/schema/errors.json).
  ...errors,
};
