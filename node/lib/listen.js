'use strict';
// A transcription's answer: the JSON text from Rust, parsed by V8 into plain objects.

const { DecodeError } = require('./errors.js');

function transcript() {
  return this.results?.channels?.[0]?.alternatives?.[0]?.transcript;
}

/**
 * The answer as plain objects (every field the API sent, under its own names), plus a
 * non-enumerable `transcript` getter: the first channel's best transcript. Not enumerable, so
 * `JSON.stringify` still writes exactly what the API sent. A success whose body is not JSON (a
 * proxy's page, a cut answer) is a `DecodeError`.
 */
function parseAnswer(text) {
  let answer;
  try {
    answer = JSON.parse(text);
  } catch (e) {
    throw new DecodeError(`could not decode the answer: ${e.message}`, { kind: 'decode', requestSent: true }, { cause: e });
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    throw new DecodeError('could not decode the answer: it is not a JSON object', { kind: 'decode', requestSent: true });
  }
  Object.defineProperty(answer, 'transcript', { get: transcript, enumerable: false, configurable: true });
  return answer;
}

module.exports = { parseAnswer };
