"""The coroutine that every ``AsyncClient`` call returns (see ``bindings/dg-py/src/runtime.rs``).

The native call runs as a task on dg's runtime; when it ends it stores its outcome and writes
to a socket this coroutine's event loop watches, so no runtime thread ever enters Python.
"""

from __future__ import annotations

import asyncio
from typing import Any


async def await_call(call: Any) -> Any:
    """Starts `call`, waits until it is done, and returns its result (or raises its error).

    Cancelling this coroutine aborts the call: its future, and with it the request, is dropped.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    fd = call.fileno()
    loop.add_reader(fd, _wake, done)
    try:
        call.start()
        await done
        return call.result()
    finally:
        loop.remove_reader(fd)
        call.cancel()


def _wake(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)
