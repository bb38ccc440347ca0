"""Narratives waiting for a worker are encrypted and tamper-evident."""

from __future__ import annotations

import pytest

from triage.jobs.sealing import SealBroken, seal, unseal

KEY = "k" * 40
ITEM = {"external_id": "E1", "narrative": "RN Jane Roe gave 10x heparin to MRN 5551234"}


def test_round_trip_and_no_clear_text():
    token = seal(KEY, ITEM)
    assert b"Jane Roe" not in token and b"5551234" not in token
    assert unseal(KEY, token) == ITEM


def test_wrong_key_or_tampering_is_refused_without_text():
    token = seal(KEY, ITEM)
    with pytest.raises(SealBroken) as err:
        unseal("x" * 40, token)
    assert "Jane" not in str(err.value)
    with pytest.raises(SealBroken):
        unseal(KEY, token[:-3] + b"AAA")
