"""Database tables. Every text column says whether it may hold PHI (`info["phi"]`);
tests/test_store_models.py fails on an untagged one. No column holds a raw narrative in
clear: pending narratives are Fernet-encrypted and deleted once coded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now, the only clock the store uses."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random, non-guessable identifier (reports, jobs)."""
    return uuid.uuid4().hex


NO_PHI = {"phi": False}
# Redacted text has had PHI removed, but a missed span may remain: treat as sensitive.
REDACTED = {"phi": "redacted"}
ENCRYPTED = {"phi": "encrypted"}


class Base(DeclarativeBase):
    """Declarative base with JSON mapped for dict/list columns."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Facility(Base):
    """A reporting facility (member of the PSO)."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, info=NO_PHI)
    # Facility names identify providers; kept for operations, never exported in
    # aggregates (which use the code).
    name: Mapped[str] = mapped_column(String(200), info={"phi": "facility"})
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class ApiClient(Base):
    """A machine client's API key (stored as a hash) with its role."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), info=NO_PHI)
    role: Mapped[str] = mapped_column(String(20), info=NO_PHI)
    key_prefix: Mapped[str] = mapped_column(String(16), index=True, info=NO_PHI)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True, info=NO_PHI)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    facility: Mapped[Facility | None] = relationship()


class Report(Base):
    """One submitted incident report: redacted text, metadata and current state."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("facility_id", "external_id", name="uq_reports_facility_ext"),
        Index("ix_reports_created", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=new_id, info=NO_PHI
    )
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128), info=NO_PHI)
    # HMAC-SHA256 of the raw narrative with the server secret: detects a changed
    # resubmission without keeping the text.
    narrative_hmac: Mapped[str] = mapped_column(String(64), info=NO_PHI)
    redacted_text: Mapped[str] = mapped_column(Text, info=REDACTED)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    location_type: Mapped[str | None] = mapped_column(String(64), info=NO_PHI)
    reporter_role: Mapped[str | None] = mapped_column(String(64), info=NO_PHI)
    status: Mapped[str] = mapped_column(String(20), default="coded", info=NO_PHI)
    flags: Mapped[list[Any]] = mapped_column(default=list, info=NO_PHI)
    # Entity spans found by de-identification: types and offsets only, no text.
    phi_entities: Mapped[list[Any]] = mapped_column(default=list, info=NO_PHI)
    review_state: Mapped[str] = mapped_column(
        String(20), default="none", index=True, info=NO_PHI
    )
    review_reasons: Mapped[list[Any]] = mapped_column(default=list, info=NO_PHI)
    review_priority: Mapped[float] = mapped_column(Float, default=0.0)
    claimed_by: Mapped[str | None] = mapped_column(String(100), info=NO_PHI)
    claim_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the report is drawn for a blind second review (agreement sampling).
    second_review: Mapped[bool] = mapped_column(Boolean, default=False)
    current_coding_id: Mapped[int | None] = mapped_column(
        ForeignKey("codings.id", use_alter=True, name="fk_reports_current_coding")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    facility: Mapped[Facility] = relationship()
    current_coding: Mapped[Coding | None] = relationship(
        foreign_keys=[current_coding_id], post_update=True
    )


class Coding(Base):
    """One coding of a report, by a model version or an analyst; never updated."""

    __tablename__ = "codings"
    __table_args__ = (
        # The latest coding of a report by source (the model's codes a queue item
        # shows, the review that speaks for a report in aggregates): a range of this
        # index, never the table.
        Index("ix_codings_source_report", "source", "report_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(
        ForeignKey("reports.id"), index=True, info=NO_PHI
    )
    source: Mapped[str] = mapped_column(String(20), info=NO_PHI)  # model | analyst
    model_version: Mapped[str | None] = mapped_column(String(64), info=NO_PHI)
    event_type: Mapped[str] = mapped_column(String(40), index=True, info=NO_PHI)
    event_kind: Mapped[str] = mapped_column(String(40), info=NO_PHI)
    harm: Mapped[str] = mapped_column(String(20), index=True, info=NO_PHI)
    factors: Mapped[list[Any]] = mapped_column(default=list, info=NO_PHI)
    # Evidence snippets are quoted from the redacted text.
    probabilities: Mapped[dict[str, Any]] = mapped_column(default=dict, info=REDACTED)
    created_by: Mapped[str] = mapped_column(String(100), info=NO_PHI)
    # 1 for the first analyst review, 2 for the blind second review; None for models.
    review_round: Mapped[int | None] = mapped_column(Integer)
    # Analysts are told not to write identifiers here, but a reason is free text.
    reason: Mapped[str | None] = mapped_column(Text, info={"phi": "free_text"})
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class User(Base):
    """A person who signs in to the web interface (analyst, ML staff, admin)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True, info=NO_PHI)
    password_hash: Mapped[str] = mapped_column(String(255), info=NO_PHI)
    role: Mapped[str] = mapped_column(String(20), info=NO_PHI)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Append-only audit log: who did what to which entity, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    actor: Mapped[str] = mapped_column(String(100), info=NO_PHI)
    action: Mapped[str] = mapped_column(String(64), info=NO_PHI)
    entity: Mapped[str] = mapped_column(String(32), info=NO_PHI)
    entity_id: Mapped[str] = mapped_column(String(64), info=NO_PHI)
    request_id: Mapped[str | None] = mapped_column(String(64), info=NO_PHI)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict, info=NO_PHI)


class ModelVersionRecord(Base):
    """A model version known to the service, with its metrics and activation times."""

    __tablename__ = "model_versions"

    version: Mapped[str] = mapped_column(String(64), primary_key=True, info=NO_PHI)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict, info=NO_PHI)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Job(Base):
    """An asynchronous batch: progress and per-item errors (codes, never text)."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=new_id, info=NO_PHI
    )
    kind: Mapped[str] = mapped_column(String(20), default="intake", info=NO_PHI)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id"))
    status: Mapped[str] = mapped_column(String(20), default="queued", info=NO_PHI)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(default=list, info=NO_PHI)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict, info=NO_PHI)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PendingNarrative(Base):
    """A raw narrative waiting for a worker: encrypted, expiring, deleted once coded."""

    __tablename__ = "pending_narratives"
    __table_args__ = (UniqueConstraint("job_id", "item_index", name="uq_pending_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id"), index=True, info=NO_PHI)
    item_index: Mapped[int] = mapped_column(Integer)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary, info=ENCRYPTED)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
