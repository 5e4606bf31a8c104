'use strict';
// dg for Node.js: a Deepgram speech-to-text client over dg's Rust core.

const { DeepgramClient } = require('./lib/client.js');
const { Secret } = require('./lib/native.js');
const errors = require('./lib/errors.js');

module.exports = {
  DeepgramClient,
  Secret,
  DeepgramError: errors.DeepgramError,
  InvalidOptionsError: errors.InvalidOptionsError,
  AuthError: errors.AuthError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  PaymentRequiredError: errors.PaymentRequiredError,
  RateLimitError: errors.RateLimitError,
  BadRequestError: errors.BadRequestError,
  ServerError: errors.ServerError,
  TimeoutError: errors.TimeoutError,
  NetworkError: errors.NetworkError,
  FileError: errors.FileError,
  DecodeError: errors.DecodeError,
  AbortError: errors.AbortError,
};
