"""Run by test_secrets.py in a child process: uses dg every way a program does, with the API key
from `DEEPGRAM_API_KEY` (a canary), and prints everything it can about what it touched.

`python secret_canary.py BASE_URL PROJECT_ID REVEALED_FILE`: every rendering goes to stdout,
logging (DEBUG, with tracebacks) to stderr, and the secrets it revealed on purpose to
REVEALED_FILE, one a line. It ends with an uncaught error, whose traceback Python prints.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import dg

BUELLER_URL = "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav"
log = logging.getLogger("canary")


def show(*values: Any) -> None:
    """Every way a value is commonly printed, logged or inspected."""
    for value in values:
        print(repr(value), str(value), f"{value!a}", sep="\n")
        if hasattr(value, "__dict__"):
            print(vars(value))
        log.debug("value %r", value)


def show_error(error: BaseException) -> None:
    show(error, error.args, pickle.loads(pickle.dumps(error)))
    # Tracebacks with every frame's local variables (clients, options, answers).
    print("".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()))
    log.exception("the call failed", exc_info=error)


def fails(call: Any) -> BaseException:
    try:
        call()
    except dg.DeepgramError as error:
        show_error(error)
        return error
    raise AssertionError(f"{call} did not fail")


def sync_run(url: str, project_id: str, revealed: list[str]) -> None:
    options: dict[str, Any] = {"model": "nova-3", "smart_format": True}
    with dg.Client(base_url=url) as client:
        show(client, client.keys, client.projects, client.auth)
        answer = client.transcribe_url(BUELLER_URL, **options)
        show(answer, answer.metadata, answer.results, answer.to_json())
        projects = client.projects.list()
        show(projects, projects[0].to_dict())
        created = client.keys.create(project_id, comment="canary", scopes=["member"], tags=["canary"])
        revealed.append(created.secret.reveal())
        show(created, created.secret, created.key, created.scopes)
        listed = client.keys.list(project_id)
        show(listed, [k.to_dict() for k in listed], client.keys.get(project_id, created.api_key_id))
        token = client.auth.grant_token(ttl_seconds=60)
        revealed.append(token.access_token.reveal())
        show(token, token.access_token)
        # The created key and the token, used as credentials.
        with dg.Client(api_key=created.secret.reveal(), base_url=url) as member:
            show(member, member.projects.list())
        with dg.Client(access_token=token.access_token.reveal(), base_url=url) as bearer:
            show(bearer, bearer.transcribe_url(BUELLER_URL))
        # Wrong keys (the canary with a suffix): 401.
        with dg.Client(api_key=os.environ["DEEPGRAM_API_KEY"] + "-wrong", base_url=url, retries=0) as wrong:
            show(wrong)
            fails(lambda: wrong.transcribe_url(BUELLER_URL, **options))
            fails(lambda: wrong.keys.list(project_id))
        # Bad options: typed errors before anything is sent.
        fails(lambda: client.transcribe_url(BUELLER_URL, encoding="linear16"))
        fails(lambda: client.transcribe_url(BUELLER_URL, model="nova-2", keyterm=["x"]))
        fails(lambda: client.keys.create(project_id, comment="", scopes=[]))
        fails(lambda: dg.Client(base_url="http://example.com"))
        fails(lambda: dg.Client(base_url=url, timeout_ms=-1))
        # Nothing listens on port 9: a network error.
        with dg.Client(base_url="http://127.0.0.1:9", retries=0) as unreachable:
            fails(lambda: unreachable.projects.list())
            fails(lambda: unreachable.keys.create(project_id, comment="never", scopes=["member"]))


async def afails(call: Callable[[], Awaitable[Any]]) -> None:
    try:
        await call()
    except dg.DeepgramError as error:
        show_error(error)
        return
    raise AssertionError("the call did not fail")


async def async_run(url: str, project_id: str) -> str:
    """Returns the secret of the key it created."""
    async with dg.AsyncClient(base_url=url) as client:
        show(client, client.keys)
        show(await client.transcribe_url(BUELLER_URL, model="nova-3"))
        created = await client.keys.create(project_id, comment="async canary", scopes=["member"])
        show(created, created.secret)
        wrong = dg.AsyncClient(api_key=os.environ["DEEPGRAM_API_KEY"] + "-wrong", base_url=url, retries=0)
        await afails(lambda: wrong.projects.list())
        await afails(lambda: client.transcribe_url(BUELLER_URL, encoding="linear16"))
        unreachable = dg.AsyncClient(base_url="http://127.0.0.1:9", retries=0)
        await afails(lambda: unreachable.projects.list())
        return created.secret.reveal()


def main() -> None:
    url, project_id, revealed_file = sys.argv[1:]
    logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s")
    revealed: list[str] = []
    try:
        sync_run(url, project_id, revealed)
        revealed.append(asyncio.run(async_run(url, project_id), debug=True))
    finally:
        with open(revealed_file, "w") as f:
            f.write("\n".join(revealed))
    # Last, an error nobody catches: Python prints its traceback to stderr.
    dg.Client(api_key=os.environ["DEEPGRAM_API_KEY"] + "-wrong", base_url=url, retries=0).projects.list()


if __name__ == "__main__":
    main()
