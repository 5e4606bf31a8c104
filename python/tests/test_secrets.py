"""No secret in any repr, str, error text or traceback."""

from __future__ import annotations

import pickle
import traceback

import pytest

import dg
from conftest import Emulator

CANARY = "canary0secret0key0ffffffffffffffffffffff"


def test_client_reprs_hide_the_key(emulator: Emulator) -> None:
    for make in (dg.Client, dg.AsyncClient):
        client = make(api_key=CANARY, base_url=emulator.url)
        for text in (repr(client), str(client), repr(client.keys), repr(client.projects), repr(client.auth)):
            assert CANARY not in text
        assert "api_key" in repr(client)
        client = make(access_token=CANARY, base_url=emulator.url)
        assert CANARY not in repr(client) and "access_token" in repr(client)


def test_errors_and_tracebacks_hide_the_key(emulator: Emulator) -> None:
    with dg.Client(api_key=CANARY, base_url=emulator.url) as client:
        with pytest.raises(dg.AuthError) as caught:
            client.keys.list(emulator.project_id)
    error = caught.value
    texts = [str(error), repr(error), "".join(traceback.format_exception(error)), repr(vars(error))]
    texts.append(repr(pickle.loads(pickle.dumps(error))))
    for text in texts:
        assert CANARY not in text


def test_created_secrets_are_redacted_until_revealed(client: dg.Client, emulator: Emulator) -> None:
    created = client.keys.create(emulator.project_id, comment="redacted", scopes=["member"])
    secret = created.secret.reveal()
    for text in (repr(created), str(created), repr(created.secret), str(created.secret), repr(created.key)):
        assert secret not in text
    assert "[redacted]" in repr(created)
    token = client.auth.grant_token()
    assert token.access_token.reveal() not in repr(token)
    # Asked for explicitly, the whole answer has it.
    assert created.to_dict()["key"] == secret


def test_secret_values_pickle_and_compare() -> None:
    secret = dg.Secret(CANARY)
    assert repr(secret) == "Secret('[redacted]')" and str(secret) == "[redacted]"
    assert pickle.loads(pickle.dumps(secret)) == secret
    assert secret != dg.Secret("other")
