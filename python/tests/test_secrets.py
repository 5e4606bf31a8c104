"""No secret in any repr, str, error text or traceback."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

import dg
from conftest import Emulator, running_emulator

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


def test_nothing_a_program_prints_holds_a_secret(tmp_path: Path) -> None:
    """tests/secret_canary.py, run with the canary as the emulator's owner key, succeeds and
    fails every way (401, bad options, no server) and prints every rendering, log record and
    traceback it can: neither the canary nor a secret it created may show in any of it."""
    revealed_file = tmp_path / "revealed"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DEEPGRAM_", "DG_EMULATOR_ADMIN"))}
    env |= {"DEEPGRAM_API_KEY": CANARY, "RUST_BACKTRACE": "full"}
    with running_emulator(admin_key=CANARY) as emulator:
        script = Path(__file__).with_name("secret_canary.py")
        run = subprocess.run(
            [sys.executable, "-X", "dev", str(script), emulator.url, emulator.project_id, str(revealed_file)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    output = run.stdout + run.stderr
    # It ran to its end, the uncaught 401, so everything it prints was printed.
    assert run.returncode == 1, output
    assert run.stderr.splitlines()[-1].startswith("dg.errors.AuthError"), run.stderr
    for shown in ("[redacted]", "Yep", "NetworkError", "InvalidOptionsError", "DEBUG canary", "ERROR canary"):
        assert shown in output, f"{shown!r} is missing from what the program printed"
    # The created key's (twice: sync and async) and the granted token's secrets.
    revealed = revealed_file.read_text().splitlines()
    assert len(revealed) == 3 and all(len(secret) >= 32 for secret in revealed)
    for secret in (CANARY, *revealed):
        # Half of it, so a truncated secret (an excerpt, a prefix "for identification") counts.
        assert secret[: len(secret) // 2] not in output
