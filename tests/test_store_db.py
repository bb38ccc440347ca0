"""Migrations run on SQLite and PostgreSQL; history tables refuse rewrites."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, inspect, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from triage.store.db import is_current
from triage.store.models import AuditEvent, Coding, Facility, Report

TABLES = {
    "facilities",
    "api_clients",
    "reports",
    "codings",
    "audit_log",
    "model_versions",
    "jobs",
    "pending_narratives",
    "users",
}


def test_migrations_create_every_table(database):
    assert set(inspect(database.engine).get_table_names()) >= TABLES
    assert is_current(database.engine)


def _report(s) -> Report:
    fac = Facility(code="F1", name="Test Facility")
    s.add(fac)
    s.flush()
    r = Report(
        facility_id=fac.id,
        external_id="e1",
        narrative_hmac="0" * 64,
        redacted_text="pt fell",
        status="coded",
    )
    s.add(r)
    s.flush()
    return r


def test_audit_log_is_append_only(database):
    with database.session() as s:
        s.add(
            AuditEvent(
                actor="t", action="a", entity="report", entity_id="1", details={}
            )
        )
    with pytest.raises(DBAPIError), database.session() as s:
        s.execute(update(AuditEvent).values(actor="someone else"))
    with pytest.raises(DBAPIError), database.session() as s:
        s.execute(delete(AuditEvent))
    with database.session() as s:
        assert s.scalar(select(AuditEvent.actor)) == "t"


def test_codings_are_append_only(database):
    with database.session() as s:
        r = _report(s)
        s.add(
            Coding(
                report_id=r.id,
                source="model",
                model_version="v1",
                event_type="fall",
                event_kind="incident",
                harm="mild",
                factors=[],
                probabilities={},
                created_by="t",
            )
        )
    with pytest.raises(DBAPIError), database.session() as s:
        s.execute(update(Coding).values(harm="death"))
    with database.session() as s:
        assert s.scalar(select(Coding.harm)) == "mild"


def test_external_id_is_unique_per_facility(database):
    with database.session() as s:
        _report(s)
    with pytest.raises(IntegrityError), database.session() as s:
        fac = s.scalar(select(Facility))
        s.add(
            Report(
                facility_id=fac.id,
                external_id="e1",
                narrative_hmac="1" * 64,
                redacted_text="x",
                status="coded",
            )
        )
    with database.session() as s:
        assert len(s.scalars(select(Report)).all()) == 1


def test_failed_transaction_leaves_nothing(database):
    with pytest.raises(RuntimeError), database.session() as s:
        _report(s)
        raise RuntimeError("boom")
    with database.session() as s:
        assert s.scalars(select(Report)).all() == []
        assert s.scalars(select(Facility)).all() == []
