"""Intake and report API: submit one or many reports, read them back, list them."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from triage.errors import InputError
from triage.intake.service import IntakeService, Outcome, Submission
from triage.review.queue import shown_coding
from triage.review.routing import QUALITY_CONTROL
from triage.store.models import Coding, Facility, Report
from triage.store.queries import report_with_facility
from triage.web.auth import current_principal, require_role
from triage.web.observability import count_narratives
from triage.web.openapi import Operation, document, json_body, parse_model
from triage.web.query import date_arg
from triage.web.runtime import runtime
from triage.web.schemas import BatchIn, BatchOut, ReportIn, ReportOut, ReportPage

bp = Blueprint("reports", __name__, url_prefix="/api/v1")

SUBMIT_ROLES = ("submitter", "admin")
READ_ROLES = ("submitter", "analyst", "ml", "admin")


def _prediction(code: str, entry: Any) -> dict[str, Any]:
    entry = entry if isinstance(entry, dict) else {}
    return {
        "code": code,
        "probability": entry.get("p"),
        "alternatives": [
            {"code": a[0], "probability": a[1]} for a in entry.get("alternatives", [])
        ],
        "evidence": entry.get("evidence", []),
    }


def codes_out(c: Coding | None) -> dict[str, Any] | None:
    """The API view of a coding row."""
    if c is None:
        return None
    p = c.probabilities or {}
    factor_p = p.get("factors", {})
    factor_ev = p.get("factor_evidence", {})
    return {
        "source": c.source,
        "model_version": c.model_version,
        "coded_by": c.created_by if c.source == "analyst" else None,
        "coded_at": c.created_at.isoformat(),
        "event_type": _prediction(c.event_type, p.get("event_type")),
        "event_kind": _prediction(c.event_kind, p.get("event_kind")),
        "harm": _prediction(c.harm, p.get("harm")),
        "factors": [
            {
                "code": f,
                "probability": factor_p.get(f),
                "alternatives": [],
                "evidence": factor_ev.get(f, []),
            }
            for f in c.factors
        ],
        # The model's estimate that its event type or harm is wrong (None for analyst
        # codings and for models without an error-risk estimator).
        "error_risk": p.get("error_risk"),
    }


def report_out(r: Report, facility_code: str, coding: Coding | None) -> dict[str, Any]:
    """The API view of a report (redacted text only, never the narrative)."""
    return {
        "id": r.id,
        "external_id": r.external_id,
        "facility": facility_code,
        "status": r.status,
        "redacted_text": r.redacted_text,
        "occurred_on": r.occurred_on.isoformat() if r.occurred_on else None,
        "location_type": r.location_type,
        "reporter_role": r.reporter_role,
        "codes": codes_out(coding),
        "flags": list(r.flags or []),
        "review": {
            "queued": r.review_state in ("queued", "second_review"),
            "state": r.review_state,
            # The QC draw is kept for audit but never shown: a sampled report must
            # look like any other to the people reviewing it.
            "reasons": [x for x in r.review_reasons or [] if x != QUALITY_CONTROL],
        },
        "created_at": r.created_at.isoformat(),
    }


def load_report_view(s: Session, report_id: str) -> dict[str, Any] | None:
    """A report's API view, honouring the caller's facility; None if not visible."""
    principal = current_principal()
    row = report_with_facility(s, report_id)
    if row is None:
        return None
    report, code = row
    # Another facility's report is reported as absent (404), not forbidden, so ids
    # cannot be probed.
    if principal.role == "submitter" and report.facility_id != principal.facility_id:
        return None
    return report_out(report, code, _visible_coding(s, report, principal.role))


def _visible_coding(s: Session, report: Report, role: str) -> Coding | None:
    # While a blind second review is pending, analysts see the model's codes, not
    # the first analyst's.
    if role == "analyst":
        return shown_coding(s, report)
    if report.current_coding_id is None:
        return None
    return s.get(Coding, report.current_coding_id)


def _submission(data: Any) -> Submission:
    item = parse_model(ReportIn, data)
    return Submission(**item.model_dump())


def _outcomes_to_json(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    views: list[dict[str, Any]] = []
    with runtime().db.session() as s:
        for i, o in enumerate(outcomes):
            if o.error is not None:
                views.append(
                    {
                        "index": i,
                        "status": o.status,
                        "error": o.error.to_dict()["error"],
                    }
                )
            else:
                assert o.report_id is not None
                views.append(
                    {
                        "index": i,
                        "status": o.status,
                        "report": load_report_view(s, o.report_id),
                    }
                )
    return views


def _count(outcomes: list[Outcome]) -> None:
    for label, status in (("created", 201), ("existing", 200)):
        count_narratives(current_app, label, sum(o.status == status for o in outcomes))
    count_narratives(current_app, "failed", sum(o.error is not None for o in outcomes))


def _service() -> IntakeService:
    rt = runtime()
    return IntakeService(rt.db, rt.processor, rt.settings)


@bp.post("/reports")
@document(
    Operation(
        "/api/v1/reports",
        "POST",
        "Submit one narrative for coding",
        SUBMIT_ROLES,
        body=ReportIn,
        responses={201: ReportOut, 200: ReportOut},
    )
)
@require_role(*SUBMIT_ROLES)
def submit_report() -> tuple[Response, int]:
    """201 with the coded report; 200 with the stored one on an identical retry."""
    item = _submission(json_body())
    outcome = _service().submit(current_principal(), [item], g.get("request_id"))[0]
    _count([outcome])
    if outcome.error is not None:
        raise outcome.error
    view = _outcomes_to_json([outcome])[0]["report"]
    return jsonify(view), outcome.status


@bp.post("/reports/batch")
@document(
    Operation(
        "/api/v1/reports/batch",
        "POST",
        "Submit up to MAX_BATCH_ITEMS narratives",
        SUBMIT_ROLES,
        body=BatchIn,
        responses={200: BatchOut},
    )
)
@require_role(*SUBMIT_ROLES)
def submit_batch() -> tuple[Response, int]:
    """Per-item results; a bad item gets its own error and does not sink the others."""
    batch = parse_model(BatchIn, json_body())
    limit = runtime().settings.MAX_BATCH_ITEMS
    if len(batch.reports) > limit:
        raise InputError(
            "batch_too_large", f"a batch holds at most {limit} reports", limit=limit
        )
    items: list[Submission | None] = []
    early: dict[int, Outcome] = {}
    for i, raw in enumerate(batch.reports):
        try:
            items.append(_submission(raw))
        except InputError as exc:
            items.append(None)
            early[i] = Outcome(exc.http_status, error=exc)
    valid = [(i, it) for i, it in enumerate(items) if it is not None]
    results = _service().submit(
        current_principal(), [it for _, it in valid], g.get("request_id")
    )
    merged: list[Outcome] = [early.get(i, Outcome(0)) for i in range(len(items))]
    for (i, _), o in zip(valid, results, strict=True):
        merged[i] = o
    _count(merged)
    views = _outcomes_to_json(merged)
    return jsonify(
        {
            "results": views,
            "created": sum(o.status == 201 for o in merged),
            "existing": sum(o.status == 200 for o in merged),
            "failed": sum(o.error is not None for o in merged),
        }
    ), 200


@bp.get("/reports/<report_id>")
@document(
    Operation(
        "/api/v1/reports/<report_id>",
        "GET",
        "Read one report",
        READ_ROLES,
        responses={200: ReportOut},
    )
)
@require_role(*READ_ROLES)
def get_report(report_id: str) -> Response:
    """A report (404 if unknown or of another facility)."""
    with runtime().db.session() as s:
        view = load_report_view(s, report_id)
    if view is None:
        raise NotFound(message="no such report")
    return jsonify(view)


class NotFound(InputError):
    """The resource does not exist or is not visible to the caller."""

    http_status = 404
    default_code = "not_found"


def encode_cursor(created_at: datetime, report_id: str) -> str:
    """An opaque cursor for keyset pagination."""
    raw = json.dumps([created_at.isoformat(), report_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The position a cursor encodes (400 if it is not one of ours)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        ts, rid = json.loads(raw)
        return datetime.fromisoformat(ts), str(rid)
    except (ValueError, TypeError) as exc:
        raise InputError("cursor_invalid", "the cursor is not valid") from exc


FILTERS = {
    "facility": "facility code",
    "event_type": "event type code (current coding)",
    "event_kind": "event kind code",
    "harm": "harm code",
    "status": "report status",
    "review_state": "review state (none, queued, second_review, reviewed)",
    "from": "occurred (or, without a date, received) on or after, YYYY-MM-DD",
    "to": "occurred (or received) on or before, YYYY-MM-DD",
    "cursor": "the next_cursor of the previous page",
    "limit": "page size",
}


def filtered_reports(s: Session) -> Select[Report, str, Coding]:
    """Reports visible to the caller, filtered by the query string."""
    principal = current_principal()
    q: Select[Report, str, Coding] = (
        select(Report, Facility.code, Coding)
        .join(Facility)
        .outerjoin(Coding, Coding.id == Report.current_coding_id)
    )
    if principal.role == "submitter":
        q = q.where(Report.facility_id == principal.facility_id)
    args = request.args
    if args.get("facility"):
        q = q.where(Facility.code == args["facility"])
    for field in ("event_type", "event_kind", "harm"):
        if args.get(field):
            q = q.where(getattr(Coding, field) == args[field])
    if args.get("status"):
        q = q.where(Report.status == args["status"])
    if args.get("review_state"):
        q = q.where(Report.review_state == args["review_state"])
    start, end = date_arg("from"), date_arg("to")
    if start:
        q = q.where(Report.occurred_on >= start)
    if end:
        q = q.where(Report.occurred_on <= end)
    return q


@bp.get("/reports")
@document(
    Operation(
        "/api/v1/reports",
        "GET",
        "List reports with filters (cursor pagination)",
        READ_ROLES,
        responses={200: ReportPage},
        query=FILTERS,
    )
)
@require_role(*READ_ROLES)
def list_reports() -> Response:
    """A page of reports, newest first."""
    settings = runtime().settings
    try:
        limit = int(request.args.get("limit", settings.PAGE_SIZE_DEFAULT))
    except ValueError as exc:
        raise InputError("query_invalid", "limit must be a whole number") from exc
    if not 1 <= limit <= settings.PAGE_SIZE_MAX:
        raise InputError(
            "query_invalid", f"limit must be 1 to {settings.PAGE_SIZE_MAX}"
        )
    with runtime().db.session() as s:
        q = filtered_reports(s)
        if request.args.get("cursor"):
            ts, rid = decode_cursor(request.args["cursor"])
            q = q.where(
                or_(
                    Report.created_at < ts,
                    and_(Report.created_at == ts, Report.id < rid),
                )
            )
        rows = s.execute(
            q.order_by(Report.created_at.desc(), Report.id.desc()).limit(limit + 1)
        ).all()
        role = current_principal().role
        items = [
            report_out(r, code, _visible_coding(s, r, role) if role == "analyst" else c)
            for r, code, c in rows[:limit]
        ]
        nxt = (
            encode_cursor(rows[limit - 1][0].created_at, rows[limit - 1][0].id)
            if len(rows) > limit
            else None
        )
    return jsonify({"items": items, "next_cursor": nxt})
