"""The management calls where Python has its own idiom: `usage.requests` as an iterator and an
async iterator over the core's pages, and usage under a key's tags. The calls themselves are
the conformance suite's (tests/conformance/cases/manage.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

import dg
from conftest import Emulator

PREAMBLE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "audio" / "preamble-rest.wav"


def transcribe(client: dg.Client) -> str:
    request_id = client.transcribe_file(PREAMBLE).metadata.request_id
    assert request_id
    return request_id


def test_paging_yields_every_request_once(own_emulator: Emulator) -> None:
    with dg.Client(api_key=own_emulator.owner_key, base_url=own_emulator.url) as client:
        made = {transcribe(client) for _ in range(5)}
        for limit in (1, 2, 5, 10):
            seen = [r.request_id for r in client.usage.requests(own_emulator.project_id, limit=limit)]
            assert sorted(seen) == sorted(made), limit
        failed = list(client.usage.requests(own_emulator.project_id, status="failed"))
        assert failed == []


@pytest.mark.asyncio
async def test_async_paging_yields_every_request_once(own_emulator: Emulator) -> None:
    with dg.Client(api_key=own_emulator.owner_key, base_url=own_emulator.url) as client:
        made = {transcribe(client) for _ in range(3)}
    async with dg.AsyncClient(api_key=own_emulator.owner_key, base_url=own_emulator.url) as aclient:
        seen = [r.request_id async for r in aclient.usage.requests(own_emulator.project_id, limit=2)]
    assert sorted(seen) == sorted(made)


def test_a_bad_filter_is_refused_before_anything_is_sent(client: dg.Client, emulator: Emulator) -> None:
    with pytest.raises(dg.errors.InvalidOptionsError) as raised:
        client.usage.requests(emulator.project_id, limit=0).__next__()
    assert raised.value.option == "limit"
    assert raised.value.request_sent is False
    # The listing takes `list_requests`'s arguments, so a misspelled one is Python's TypeError.
    with pytest.raises(TypeError, match="limt"):
        client.usage.requests(emulator.project_id, limt=5)  # type: ignore[call-arg]


def test_usage_shows_under_the_keys_tag_and_no_other(own_emulator: Emulator) -> None:
    with dg.Client(api_key=own_emulator.owner_key, base_url=own_emulator.url) as owner:
        key = owner.keys.create(own_emulator.project_id, comment="tagged", scopes=["member"], tags=["red"])
        with dg.Client(api_key=key.secret.reveal(), base_url=own_emulator.url) as tagged:
            transcribe(tagged)
            transcribe(tagged)
        transcribe(owner)

        def requests(tag: str) -> float:
            rows = owner.usage.breakdown(own_emulator.project_id, tag=tag).results
            return sum(row.requests or 0 for row in rows)

        assert requests("red") == 2
        assert requests("blue") == 0
        assert "red" in owner.usage.fields(own_emulator.project_id).tags
