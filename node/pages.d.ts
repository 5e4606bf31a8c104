// The paging iterator's types (hand-written, beside the generated calls.d.ts, which declares
// the `Usage` group this adds `requests` to).

import type { CallOptions } from './index';
import type { ListRequestsOptions } from './calls';
import type { ProjectRequest } from './models';

declare module './calls' {
  interface Usage {
    /**
     * Every request of a project that `options` selects, newest first, a page at a time as it is
     * read: `for await (const request of client.usage.requests(projectId, { limit: 100 }))`
     * (`limit` is the page size, `page` the first page). Which page comes next and where the
     * listing ends are decided by dg's core. The options are checked when the iteration starts:
     * a bad one (`{ limit: 0 }`) rejects the first `next()` with an `InvalidOptionsError` before
     * anything is sent. `signal` aborts the page under way and every later one (`AbortError`).
     */
    requests(projectId: string, options?: ListRequestsOptions & CallOptions): RequestIterator;
  }
}

/** What `usage.requests` returns: an async iterator (and iterable) of the requests. */
export type RequestIterator = AsyncIterableIterator<ProjectRequest>;
