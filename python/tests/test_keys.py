"""Key management, projects and temporary tokens with the blocking client."""

from __future__ import annotations

import pickle
import uuid
from typing import Any

import pytest

import dg
from conftest import PREAMBLE, PREAMBLE_SHA256, Emulator, unused_port


def test_projects_list(client: dg.Client, emulator: Emulator) -> None:
    projects = client.projects.list()
    assert [p.project_id for p in projects] == [emulator.project_id]
    assert projects[0].name


def test_key_lifecycle(client: dg.Client, emulator: Emulator) -> None:
    created = client.keys.create(
        emulator.project_id, comment="ci key", scopes=["usage:write"], tags=["ci"], time_to_live_in_seconds=600
    )
    assert len(created.secret.reveal()) == 40
    assert created.key == created.secret
    assert list(created.scopes) == ["usage:write"] and list(created.tags) == ["ci"]
    assert created.expiration_date is not None

    listed = client.keys.list(emulator.project_id)
    assert created.api_key_id in [k.api_key.api_key_id for k in listed]
    active = client.keys.list(emulator.project_id, status="active")
    assert created.api_key_id in [k.api_key.api_key_id for k in active]
    expired = client.keys.list(emulator.project_id, status="expired")
    assert created.api_key_id not in [k.api_key.api_key_id for k in expired]

    one = client.keys.get(emulator.project_id, created.api_key_id)
    assert one.api_key.comment == "ci key"
    assert one.member.email

    # The new key works, for what its scope allows.
    with dg.Client(api_key=created.secret.reveal(), base_url=emulator.url) as scoped:
        resp = scoped.transcribe_file(PREAMBLE, model="nova-3")
        assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
        with pytest.raises(dg.PermissionDeniedError):
            scoped.keys.list(emulator.project_id)

    deleted = client.keys.delete(emulator.project_id, created.api_key_id)
    assert deleted.message
    with pytest.raises(dg.NotFoundError) as caught:
        client.keys.get(emulator.project_id, created.api_key_id)
    assert caught.value.status == 404


def test_create_key_is_sent_once(client: dg.Client, emulator: Emulator) -> None:
    before = emulator.stats()["keys_created"]
    emulator.fault(count=1, path_prefix=f"/v1/projects/{emulator.project_id}/keys", status=503)
    with pytest.raises(dg.ServerError):
        client.keys.create(emulator.project_id, comment="once", scopes="member")
    assert emulator.stats()["keys_created"] == before


def test_a_create_that_could_not_connect_says_it_was_not_sent() -> None:
    with dg.Client(api_key="k", base_url=f"http://127.0.0.1:{unused_port()}", retries=0) as c:
        with pytest.raises(dg.NetworkError) as caught:
            c.keys.create("p1", comment="never", scopes=["member"])
    assert caught.value.request_sent is False
    assert "could not connect" in str(caught.value)
    assert "the key was not created" in str(caught.value)
    assert pickle.loads(pickle.dumps(caught.value)).request_sent is False


def test_a_create_cut_off_after_sending_says_the_key_may_exist(client: dg.Client, emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix=f"/v1/projects/{emulator.project_id}/keys", drop="after_body")
    with pytest.raises(dg.NetworkError) as caught:
        client.keys.create(emulator.project_id, comment="lost answer", scopes=["member"])
    assert caught.value.request_sent is True
    assert "the connection failed during the request" in str(caught.value)
    assert "the key may have been created anyway" in str(caught.value)
    assert pickle.loads(pickle.dumps(caught.value)).request_sent is True


def test_a_create_that_timed_out_after_sending_says_the_key_may_exist(emulator: Emulator) -> None:
    emulator.fault(count=1, path_prefix=f"/v1/projects/{emulator.project_id}/keys", delay_ms=3000)
    with dg.Client(api_key=emulator.owner_key, base_url=emulator.url, timeout_ms=200) as quick:
        with pytest.raises(dg.TimeoutError) as caught:
            quick.keys.create(emulator.project_id, comment="slow", scopes=["member"])
    assert caught.value.request_sent is True
    assert "the key may have been created anyway" in str(caught.value)


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"comment": "", "scopes": ["member"]}, "comment"),
        ({"comment": "c", "scopes": ["member"], "expiration_date": "tomorrow"}, "RFC 3339"),
        ({"comment": "c", "scopes": ["member"], "time_to_live_in_seconds": "soon"}, "`time_to_live_in_seconds`"),
    ],
)
def test_invalid_key_requests_are_refused_before_sending(
    client: dg.Client, emulator: Emulator, fields: dict[str, object], fragment: str
) -> None:
    before = emulator.stats()["requests"]
    with pytest.raises(dg.InvalidOptionsError, match=fragment):
        client.keys.create(emulator.project_id, **fields)  # type: ignore[arg-type]
    assert emulator.stats()["requests"] == before


def test_bad_status_filter(client: dg.Client, emulator: Emulator) -> None:
    with pytest.raises(dg.InvalidOptionsError, match="active"):
        client.keys.list(emulator.project_id, status="gone")  # type: ignore[arg-type]


def test_a_member_cannot_grant_scopes_it_lacks(emulator: Emulator) -> None:
    member_key = emulator.member(f"{uuid.uuid4().hex[:8]}@example.com", "member")
    with dg.Client(api_key=member_key, base_url=emulator.url) as member:
        with pytest.raises(dg.PermissionDeniedError) as caught:
            member.keys.create(emulator.project_id, comment="escalate", scopes=["owner"])
        mine = member.keys.create(emulator.project_id, comment="fine", scopes=["member"])
    assert caught.value.status == 403 and caught.value.code == "FORBIDDEN"
    assert caught.value.request_id
    assert mine.secret.reveal()


def test_grant_token_and_use_it(client: dg.Client, emulator: Emulator) -> None:
    token = client.auth.grant_token(ttl_seconds=120)
    assert token.expires_in == 120
    with dg.Client(access_token=token.access_token.reveal(), base_url=emulator.url) as bearer:
        resp = bearer.transcribe_file(PREAMBLE, model="nova-3")
        assert resp.metadata is not None and resp.metadata.sha256 == PREAMBLE_SHA256
        assert "access_token" in repr(bearer)
        with pytest.raises(dg.AuthError):
            bearer.projects.list()


# 0 and 3601 are conformance cases; these are Python ints the core's type cannot hold.
@pytest.mark.parametrize("ttl", [-5, 2**32])
def test_grant_ttl_is_checked(client: dg.Client, ttl: int) -> None:
    with pytest.raises(dg.InvalidOptionsError, match="ttl_seconds"):
        client.auth.grant_token(ttl)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c, p: c.keys.create(p, comment=7, scopes=["member"]), "comment"),
        (lambda c, p: c.keys.create(p, comment="c", scopes=5), "scopes"),
        (lambda c, p: c.keys.create(p, comment="c", scopes=["member"], time_to_live_in_seconds=True), "time_to_live_in_seconds"),
        (lambda c, p: c.auth.grant_token(ttl_seconds="30"), "ttl_seconds"),
    ],
)
def test_an_argument_of_the_wrong_type_is_named_before_sending(
    client: dg.Client, emulator: Emulator, call: Any, argument: str
) -> None:
    before = emulator.stats()["keys_created"]
    with pytest.raises(dg.InvalidOptionsError) as caught:
        call(client, emulator.project_id)
    assert caught.value.option == argument
    assert f"`{argument}`" in str(caught.value)
    assert caught.value.request_sent is False
    assert emulator.stats()["keys_created"] == before
