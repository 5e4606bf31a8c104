'use strict';
// Paging (hand-written, beside the generated calls.js): `client.usage.requests(projectId,
// options)` is an async iterable over the requests a project made, over the native
// `RequestPages`, which wraps dg-core's. Which page is asked for next, and where the listing
// ends, are the core's; this layer only gives it `for await` and an AbortSignal.

const { call, split } = require('./call.js');
const { toError } = require('./failure.js');

/**
 * Yields each request `options` selects (`listRequests`'s options, read and checked by the
 * core: `limit` is the page size), fetching a page as the last one is used up. `signal` aborts
 * the page under way and every later one (the iteration throws an `AbortError`). The options
 * are read when the iteration starts, so a bad one rejects its first `next()`, before anything
 * is sent.
 */
async function* requests(native, projectId, options) {
  const { signal, ...args } = split(options);
  let pages;
  try {
    pages = native.requests(projectId, args);
  } catch (e) {
    throw toError(e);
  }
  for (;;) {
    const request = await call(signal, (abort) => pages.next(abort));
    if (request === null) return;
    yield request;
  }
}

/** Gives the generated `usage` group (`client.usage`) its `requests` method. */
function addPaging(usage, native) {
  Object.defineProperty(usage, 'requests', {
    value: function requestsOf(projectId, options) {
      return requests(native, projectId, options);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

module.exports = { addPaging };
