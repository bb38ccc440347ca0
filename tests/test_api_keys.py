"""API keys: shown once, stored hashed, bound to roles and facilities, revocable."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from triage.auth.api_keys import authenticate, create_client, hash_key, revoke_client
from triage.errors import InputError
from triage.store.models import ApiClient, Facility


@pytest.fixture
def facility(database):
    with database.session() as s:
        s.add(Facility(code="F1", name="Test Facility"))
    return "F1"


def test_key_is_stored_hashed_and_authenticates(database, facility):
    with database.session() as s:
        _, key = create_client(s, "ehr", "submitter", facility)
    with database.session() as s:
        row = s.scalar(select(ApiClient))
        assert key not in (row.key_hash, row.key_prefix)
        assert row.key_hash == hash_key(key)
        p = authenticate(s, key)
    assert p is not None and p.role == "submitter" and p.facility_id is not None


@pytest.mark.parametrize(
    "bad", ["", "pt_", "pt_abcd", "Bearer x", "pt_00000000_wrong", "x" * 500]
)
def test_unknown_keys_do_not_authenticate(database, facility, bad):
    with database.session() as s:
        create_client(s, "ehr", "analyst")
        assert authenticate(s, bad) is None


def test_revoked_key_stops_working(database, facility):
    with database.session() as s:
        client, key = create_client(s, "ehr", "analyst")
        cid = client.id
    with database.session() as s:
        revoke_client(s, cid)
    with database.session() as s:
        assert authenticate(s, key) is None


@pytest.mark.parametrize(
    ("role", "fac", "code"),
    [
        ("submitter", None, "facility_required"),
        ("submitter", "NOPE", "facility_unknown"),
        ("analyst", "F1", "facility_not_allowed"),
        ("root", None, "role_invalid"),
    ],
)
def test_invalid_clients_are_refused(database, facility, role, fac, code):
    with pytest.raises(InputError) as err, database.session() as s:
        create_client(s, "x", role, fac)
    assert err.value.code == code
