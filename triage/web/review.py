"""Review API: the analyst queue, claims, skips, reviews, history and agreement."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from pydantic import BaseModel, ConfigDict, Field

from triage.errors import InputError
from triage.review.agreement import agreement
from triage.review.corrections import MAX_REASON_CHARS, Corrections, ReviewInput
from triage.review.history import visible_history
from triage.review.queue import FILTER_REASONS, QueueItem, ReviewQueue
from triage.review.routing import QUALITY_CONTROL
from triage.store.models import Coding, Report
from triage.web.auth import current_principal, require_role
from triage.web.openapi import Operation, document, json_body, parse_model
from triage.web.reports import NotFound, codes_out, load_report_view
from triage.web.runtime import runtime
from triage.web.schemas import Codes, ReportOut

bp = Blueprint("review", __name__, url_prefix="/api/v1")

REVIEW_ROLES = ("analyst", "admin")
HISTORY_ROLES = ("analyst", "ml", "admin")
AGREEMENT_ROLES = ("analyst", "ml", "admin")


class ReviewIn(BaseModel):
    """An analyst's verdict: accept the shown codes, or give the corrected ones.

    A code left out keeps the shown value (send only what changes).
    """

    model_config = ConfigDict(extra="forbid")

    accept: bool = Field(False, description="Accept the shown codes as they are.")
    event_type: str | None = None
    event_kind: str | None = None
    harm: str | None = None
    factors: list[str] | None = Field(None, max_length=20)
    reason: str | None = Field(
        None,
        max_length=MAX_REASON_CHARS,
        description="Why (free text; write no identifiers here).",
    )


class Claim(BaseModel):
    """The caller's claim on a queued item."""

    claimed_by_me: bool
    expires_at: datetime | None


class QueueItemOut(BaseModel):
    """A queued report as the analyst sees it (model codes, no routing reasons)."""

    id: str
    facility: str
    redacted_text: str
    occurred_on: date | None
    location_type: str | None
    reporter_role: str | None
    flags: list[str]
    codes: Codes | None
    claim: Claim
    skipped: bool
    created_at: datetime


class QueuePage(BaseModel):
    """A page of the caller's queue, in review order."""

    items: list[QueueItemOut]
    total: int
    limit: int
    offset: int


class SkipOut(BaseModel):
    """Result of a skip."""

    report_id: str
    skipped: bool


class ReviewDone(BaseModel):
    """What a review stored."""

    coding_id: int
    round: int
    state: str
    changed: list[str]


class ReviewOut(BaseModel):
    """The report after the review, and the review itself."""

    report: ReportOut
    review: ReviewDone


class CodingOut(BaseModel):
    """One coding in a report's history."""

    id: int
    source: str
    model_version: str | None
    created_by: str
    created_at: datetime
    review_round: int | None
    event_type: str
    event_kind: str
    harm: str
    factors: list[str]
    reason: str | None


class HistoryOut(BaseModel):
    """Every coding of a report, oldest first."""

    report_id: str
    codings: list[CodingOut]


class AgreementOut(BaseModel):
    """Kappa between analysts and model-vs-analyst agreement over a window."""

    model_config = ConfigDict(extra="allow")

    window: dict[str, Any]
    harm_weighting: str
    inter_analyst: dict[str, Any]
    model_vs_analyst: dict[str, Any]


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.args.get(name, default))
    except ValueError as exc:
        raise InputError("query_invalid", f"{name} must be a whole number") from exc
    if not low <= value <= high:
        raise InputError("query_invalid", f"{name} must be {low} to {high}")
    return value


def item_out(item: QueueItem) -> dict[str, Any]:
    """The API view of a queue item."""
    r = item.report
    return {
        "id": r.id,
        "facility": item.facility,
        "redacted_text": r.redacted_text,
        "occurred_on": r.occurred_on.isoformat() if r.occurred_on else None,
        "location_type": r.location_type,
        "reporter_role": r.reporter_role,
        "flags": list(r.flags or []),
        "codes": codes_out(item.coding),
        "claim": {
            "claimed_by_me": item.claimed_by_me,
            "expires_at": item.claim_expires_at.isoformat()
            if item.claim_expires_at
            else None,
        },
        "skipped": item.skipped,
        "created_at": r.created_at.isoformat(),
    }


def _queue() -> ReviewQueue:
    rt = runtime()
    return ReviewQueue(rt.db, rt.settings.REVIEW_CLAIM_MINUTES)


@bp.get("/review/queue")
@document(
    Operation(
        "/api/v1/review/queue",
        "GET",
        "The caller's review queue: harm first, then least confident, then oldest",
        REVIEW_ROLES,
        responses={200: QueuePage},
        query={
            "limit": "page size",
            "offset": "items to skip",
            "facility": "facility code",
            "event_type": "the model's event type code (taxonomy)",
            "reason": "why the item is queued: " + ", ".join(FILTER_REASONS),
        },
        tag="review",
    )
)
@require_role(*REVIEW_ROLES)
def get_queue() -> Response:
    """A page of the queue (others' live claims and own first reviews left out)."""
    settings = runtime().settings
    limit = _int_arg("limit", settings.PAGE_SIZE_DEFAULT, 1, settings.PAGE_SIZE_MAX)
    offset = _int_arg("offset", 0, 0, 10**9)
    items, total = _queue().page(
        current_principal().actor,
        limit=limit,
        offset=offset,
        facility=request.args.get("facility") or None,
        event_type=request.args.get("event_type") or None,
        reason=request.args.get("reason") or None,
    )
    return jsonify(
        {
            "items": [item_out(i) for i in items],
            "total": total,
            "limit": limit,
            "offset": offset,
        }
    )


@bp.post("/review/<report_id>/claim")
@document(
    Operation(
        "/api/v1/review/<report_id>/claim",
        "POST",
        "Claim a queued report for REVIEW_CLAIM_MINUTES (renews one's own claim)",
        REVIEW_ROLES,
        responses={200: QueueItemOut},
        tag="review",
    )
)
@require_role(*REVIEW_ROLES)
def claim(report_id: str) -> Response:
    """409 if another analyst holds it or it is not queued."""
    item = _queue().claim(report_id, current_principal().actor, g.get("request_id"))
    return jsonify(item_out(item))


@bp.post("/review/<report_id>/skip")
@document(
    Operation(
        "/api/v1/review/<report_id>/skip",
        "POST",
        "Pass on a queued report: releases one's claim, moves it to one's queue end",
        REVIEW_ROLES,
        responses={200: SkipOut},
        tag="review",
    )
)
@require_role(*REVIEW_ROLES)
def skip(report_id: str) -> Response:
    """The report stays queued for everyone else."""
    _queue().skip(report_id, current_principal().actor, g.get("request_id"))
    return jsonify({"report_id": report_id, "skipped": True})


@bp.post("/reports/<report_id>/review")
@document(
    Operation(
        "/api/v1/reports/<report_id>/review",
        "POST",
        "Review a report: accept the shown codes or correct them, with a reason",
        REVIEW_ROLES,
        body=ReviewIn,
        responses={201: ReviewOut},
        tag="review",
    )
)
@require_role(*REVIEW_ROLES)
def review(report_id: str) -> tuple[Response, int]:
    """201 with the report's new current codes; 400 for codes outside the taxonomy."""
    body = parse_model(ReviewIn, json_body())
    rt = runtime()
    result = Corrections(rt.db, rt.settings.REVIEW_SECOND_RATE).review(
        report_id,
        current_principal().actor,
        ReviewInput(
            accept=body.accept,
            event_type=body.event_type,
            event_kind=body.event_kind,
            harm=body.harm,
            factors=body.factors,
            reason=body.reason,
        ),
        g.get("request_id"),
    )
    with rt.db.session() as s:
        view = load_report_view(s, report_id)
    if view is not None:
        # Whether the report was a quality-control draw stays hidden from analysts.
        reasons = view["review"]["reasons"]
        view["review"]["reasons"] = [r for r in reasons if r != QUALITY_CONTROL]
    return jsonify(
        {
            "report": view,
            "review": {
                "coding_id": result.coding_id,
                "round": result.review_round,
                "state": result.review_state,
                "changed": list(result.changed),
            },
        }
    ), 201


def coding_out(c: Coding) -> dict[str, Any]:
    """One history entry."""
    return {
        "id": c.id,
        "source": c.source,
        "model_version": c.model_version,
        "created_by": c.created_by,
        "created_at": c.created_at.isoformat(),
        "review_round": c.review_round,
        "event_type": c.event_type,
        "event_kind": c.event_kind,
        "harm": c.harm,
        "factors": list(c.factors or []),
        "reason": c.reason,
    }


@bp.get("/reports/<report_id>/history")
@document(
    Operation(
        "/api/v1/reports/<report_id>/history",
        "GET",
        "Every coding of a report: source, model version, reviewer, time, reason",
        HISTORY_ROLES,
        responses={200: HistoryOut},
        tag="review",
    )
)
@require_role(*HISTORY_ROLES)
def get_history(report_id: str) -> Response:
    """While a blind second review is pending, analysts see no one else's review."""
    with runtime().db.session() as s:
        report = s.get(Report, report_id)
        if report is None:
            raise NotFound(message="no such report")
        codings = [
            coding_out(c) for c in visible_history(s, report, current_principal())
        ]
    return jsonify({"report_id": report_id, "codings": codings})


def _window_arg(name: str, end: bool) -> datetime | None:
    value = request.args.get(name)
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + (
                timedelta(days=1) if end else timedelta()
            )
            return datetime.combine(day, time(), tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            "query_invalid", f"{name} must be a date or an ISO 8601 time"
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@bp.get("/review/agreement")
@document(
    Operation(
        "/api/v1/review/agreement",
        "GET",
        "Cohen's kappa between analysts (quadratic-weighted for harm) and "
        "model-vs-analyst agreement per target and class, over a time window",
        AGREEMENT_ROLES,
        responses={200: AgreementOut},
        query={
            "from": "reviews made at or after (date or ISO time)",
            "to": "reviews made up to (a date includes that whole day)",
            "model_version": "only reviews of this model version's codes",
        },
        tag="review",
    )
)
@require_role(*AGREEMENT_ROLES)
def get_agreement() -> Response:
    """Agreement figures over the window (all time when no bound is given)."""
    start, end = _window_arg("from", False), _window_arg("to", True)
    if start and end and start >= end:
        raise InputError("query_invalid", "from is after to")
    return jsonify(
        agreement(
            runtime().db,
            start,
            end,
            model_version=request.args.get("model_version") or None,
        )
    )
