"""Administration commands: facilities, API clients, database upgrade."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from triage.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TRIAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")

    def _run(*args: str):
        return CliRunner().invoke(main, list(args))

    return _run


def test_facility_and_client_lifecycle(run, tmp_path):
    assert run("facilities", "create", "--code", "F9", "--name", "Nine").exit_code == 0
    dup = run("facilities", "create", "--code", "F9", "--name", "Again")
    assert dup.exit_code != 0 and "exists" in dup.output
    assert "F9\tNine" in run("facilities", "list").output
    created = run("clients", "create", "--role", "submitter", "--facility", "F9")
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    assert key.startswith("pt_") and " " not in key
    listing = run("clients", "list").output
    assert "submitter" in listing and key not in listing and "active" in listing
    assert run("clients", "revoke", "1").exit_code == 0
    assert "revoked" in run("clients", "list").output
    assert run("clients", "revoke", "99").exit_code != 0


@pytest.mark.parametrize(
    "args",
    [
        ("clients", "create", "--role", "submitter"),
        ("clients", "create", "--role", "submitter", "--facility", "NOPE"),
        ("clients", "create", "--role", "analyst", "--facility", "F9"),
        ("clients", "create", "--role", "root"),
    ],
)
def test_bad_client_requests_fail_cleanly(run, args):
    result = run(*args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_db_upgrade_is_idempotent(run):
    assert run("db", "upgrade").exit_code == 0
    assert run("db", "upgrade").exit_code == 0


def test_bad_config_fails_loudly(run, monkeypatch):
    monkeypatch.setenv("TRIAGE_MAX_BATCH_ITEMS", "0")
    result = run("facilities", "list")
    assert result.exit_code != 0
    assert "MAX_BATCH_ITEMS" in str(result.exception)
