"""Every text column declares whether it may hold PHI."""

from __future__ import annotations

from sqlalchemy import JSON, LargeBinary, String, Text

from triage.store.models import Base

ALLOWED = {False, "redacted", "encrypted", "facility", "free_text"}


def test_every_text_column_is_tagged():
    untagged = []
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if (
                isinstance(col.type, (String, Text, LargeBinary, JSON))
                and "phi" not in col.info
            ):
                untagged.append(f"{table.name}.{col.name}")
    assert untagged == []


def test_tags_use_known_values():
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if "phi" in col.info:
                assert col.info["phi"] in ALLOWED, f"{table.name}.{col.name}"


def test_no_column_is_tagged_as_raw_phi():
    # Raw narratives may only be stored encrypted; nothing is tagged phi=True.
    assert all(
        col.info.get("phi") is not True
        for table in Base.metadata.sorted_tables
        for col in table.columns
    )


def test_only_evidence_json_may_quote_redacted_text():
    # JSON columns carry codes, probabilities, offsets and error codes; only the
    # codings' evidence quotes (redacted) narrative text.
    texty = {
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if isinstance(c.type, JSON) and c.info.get("phi") is not False
    }
    assert texty == {"codings.probabilities"}
