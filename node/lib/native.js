'use strict';
// The compiled binding (loaded by napi's generated loader), with the JS-side behaviour of its
// `Secret` class: it prints as `[redacted]` everywhere, including `util.inspect`.

const { inspect } = require('node:util');
const native = require('../native.js');

native.Secret.prototype[inspect.custom] = function inspectSecret() {
  return 'Secret [redacted]';
};

module.exports = native;
