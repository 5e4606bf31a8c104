"""The coroutine that every ``AsyncClient`` call returns (see ``bindings/dg-py/src/runtime.rs``).

The native call runs as a task on dg's runtime. When it ends it stores its outcome and queues its
id; one waker thread, started here by Python, waits for those ids with the GIL released and wakes
each call's event loop with ``call_soon_threadsafe``. No runtime thread ever enters Python, and
nothing is platform-specific (no socket watched by the loop), so every event loop works. An
``atexit`` hook stops and joins the waker before the interpreter finalizes.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from typing import Any

from . import _native

# The loop and future of every call in flight, by call id. Plain dict operations are atomic
# under the GIL, which the waker thread holds while it reads this.
_waiting: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = {}
_waker: threading.Thread | None = None
_waker_lock = threading.Lock()
_stopped = False


async def await_call(call: Any) -> Any:
    """Starts `call`, waits until it is done, and returns its result (or raises its error).

    Cancelling this coroutine aborts the call: its future, and with it the request, is dropped.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    _start_waker()
    _waiting[call.id] = (loop, done)
    try:
        call.start()
        await done
        return call.result()
    finally:
        _waiting.pop(call.id, None)
        call.cancel()


def _start_waker() -> None:
    global _waker
    if _waker is not None and _waker.is_alive():
        return
    with _waker_lock:
        # A fork leaves the child without the parent's thread: start one again.
        if _stopped or (_waker is not None and _waker.is_alive()):
            return
        _waker = threading.Thread(target=_wake_loops, name="dg-py-waker", daemon=True)
        _waker.start()


def _wake_loops() -> None:
    while (finished := _native.wait_finished()) is not None:
        for call_id in finished:
            entry = _waiting.get(call_id)
            if entry is None:
                continue  # cancelled meanwhile
            loop, done = entry
            try:
                loop.call_soon_threadsafe(_wake, done)
            except RuntimeError:
                pass  # its loop is closed: nobody waits any more


def _wake(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


@atexit.register
def _stop_waker() -> None:
    global _stopped
    _stopped = True
    _native.stop_waking()
    if _waker is not None:
        _waker.join(timeout=5)
