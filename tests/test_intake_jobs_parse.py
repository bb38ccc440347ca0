"""NDJSON uploads: valid lines become items, bad lines become per-line errors."""

from __future__ import annotations

import json

import pytest

from triage.errors import TriageError
from triage.jobs.intake_jobs import parse_ndjson

SECRET = "Okafor-5551234"


def _line(**kw) -> bytes:
    return json.dumps(
        {"external_id": "E1", "narrative": f"pt fell, seen by Dr. {SECRET}"} | kw
    ).encode()


def test_mixed_lines():
    body = (
        b"\n".join(
            [
                _line(),
                b"{not json " + SECRET.encode(),
                _line(external_id="E2", extra="x"),
                b"",
                b"\xff\xfe" + SECRET.encode(),
                _line(external_id="E3"),
            ]
        )
        + b"\n"
    )
    items, errors = parse_ndjson(body, 100)
    assert [i for i, _ in items] == [0, 5]
    assert [(e["index"], e["code"]) for e in errors] == [
        (1, "malformed_json"),
        (2, "validation_failed"),
        (3, "empty_line"),
        (4, "invalid_encoding"),
    ]
    assert SECRET not in json.dumps(errors)


def test_too_many_lines():
    with pytest.raises(TriageError) as err:
        parse_ndjson(b"\n".join([_line(external_id=f"E{i}") for i in range(5)]), 4)
    assert err.value.code == "job_too_large"
