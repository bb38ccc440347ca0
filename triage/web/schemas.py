"""Request and response schemas of the API: they validate requests and generate the
OpenAPI document, so the two cannot drift apart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ExternalId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:\-/]+$"),
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ReportIn(BaseModel):
    """A narrative submitted by a reporting system."""

    model_config = ConfigDict(extra="forbid")

    external_id: ExternalId = Field(
        description="The reporting system's own id; submissions are idempotent on it."
    )
    narrative: str = Field(min_length=1, description="Free-text incident narrative.")
    occurred_on: date | None = Field(
        None, description="Date of the event (kept as-is)."
    )
    location_type: ShortText | None = Field(
        None, description="Unit type, e.g. ICU, ED."
    )
    reporter_role: ShortText | None = Field(None, description="e.g. RN, pharmacist.")
    facility: ShortText | None = Field(
        None, description="Facility code; implied (and must match) for submitter keys."
    )


class BatchIn(BaseModel):
    """Several reports in one request; each gets its own result."""

    model_config = ConfigDict(extra="forbid")

    reports: list[dict[str, Any]] = Field(min_length=1)


class Prediction(BaseModel):
    """A predicted code with its probability, alternatives and evidence."""

    code: str
    probability: float
    alternatives: list[dict[str, Any]] = []
    evidence: list[str] = []


class Codes(BaseModel):
    """The current codes of a report and where they came from."""

    source: str = Field(description="model or analyst")
    model_version: str | None
    event_type: Prediction
    event_kind: Prediction
    harm: Prediction
    factors: list[Prediction]


class Review(BaseModel):
    """Review routing of a report."""

    queued: bool
    state: str
    reasons: list[str]


class ReportOut(BaseModel):
    """A stored report as the API returns it (redacted text only)."""

    id: str
    external_id: str
    facility: str
    status: str
    redacted_text: str
    occurred_on: date | None
    location_type: str | None
    reporter_role: str | None
    codes: Codes | None
    flags: list[str]
    review: Review
    created_at: datetime


class BatchItemOut(BaseModel):
    """One item's outcome in a batch: its HTTP-like status and report or error."""

    index: int
    status: int
    report: ReportOut | None = None
    error: dict[str, Any] | None = None


class BatchOut(BaseModel):
    """Per-item results of a batch."""

    results: list[BatchItemOut]
    created: int
    existing: int
    failed: int


class ReportPage(BaseModel):
    """A page of reports with the cursor of the next page."""

    items: list[ReportOut]
    next_cursor: str | None


class JobOut(BaseModel):
    """Progress of an asynchronous batch."""

    id: str
    kind: str
    status: str
    total: int
    done: int
    failed: int
    errors: list[dict[str, Any]]
    result: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ErrorBody(BaseModel):
    """The error shape of every failed request."""

    code: str
    message: str
    details: dict[str, Any] | None = None


class ErrorOut(BaseModel):
    """`{"error": {"code", "message"}}`."""

    error: ErrorBody
