"""Aggregate API: counts with small-cell suppression, and the CSV export of reports."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from triage.aggregates.counts import (
    DIMENSIONS,
    AggregateQuery,
    ReportFilter,
    count,
    parse_group_by,
)
from triage.aggregates.export import export_csv
from triage.errors import InputError
from triage.store.models import Facility
from triage.web.auth import current_principal, require_role
from triage.web.openapi import Operation, document
from triage.web.query import date_arg
from triage.web.runtime import runtime

bp = Blueprint("aggregates", __name__, url_prefix="/api/v1")

AGGREGATE_ROLES = ("submitter", "analyst", "ml", "admin")
EXPORT_ROLES = ("analyst", "ml", "admin")
FILTER_DOC = {
    "from": "event date on or after, YYYY-MM-DD (received date when none given)",
    "to": "event date on or before, YYYY-MM-DD",
    "facility": "facility code (repeat or comma-separate for several)",
}


class Cell(BaseModel):
    """One cell: its dimension values, count and where the codes came from."""

    model_config = ConfigDict(extra="allow")

    count: int | None
    reviewed: int | None
    model: int | None
    suppressed: bool


class AggregatesOut(BaseModel):
    """Counts per cell with the basis of the codes and suppression applied."""

    group_by: list[str]
    filters: dict[str, Any]
    basis: str
    spans_facilities: bool
    small_cell_min: int
    suppressed_cells: int
    cells: list[Cell]
    totals: dict[str, Any]


def _report_filter() -> ReportFilter:
    """The query string's filter, narrowed to the caller's facility for submitters."""
    codes = parse_group_by(request.args.getlist("facility"))
    principal = current_principal()
    if principal.role == "submitter":
        with runtime().db.session() as s:
            own = s.scalar(
                select(Facility.code).where(Facility.id == principal.facility_id)
            )
        if codes and set(codes) != {own}:
            raise InputError(
                "facility_mismatch", "this key reads its own facility only"
            )
        codes = (own,) if own else ()
    return ReportFilter(start=date_arg("from"), end=date_arg("to"), facilities=codes)


@bp.get("/aggregates")
@document(
    Operation(
        "/api/v1/aggregates",
        "GET",
        "Counts grouped by dimensions; reviewed codes where they exist, model codes "
        "otherwise; small cells suppressed across facilities",
        AGGREGATE_ROLES,
        responses={200: AggregatesOut},
        query={"group_by": f"one or more of {', '.join(DIMENSIONS)}", **FILTER_DOC},
        tag="aggregates",
    )
)
@require_role(*AGGREGATE_ROLES)
def aggregates() -> Response:
    """Counts per cell (submitters see their own facility only)."""
    group_by = parse_group_by(request.args.getlist("group_by"))
    query = AggregateQuery(group_by=group_by, filter=_report_filter())
    rt = runtime()
    return jsonify(count(rt.db, query, rt.settings.SMALL_CELL_MIN))


@bp.get("/exports/reports.csv")
@document(
    Operation(
        "/api/v1/exports/reports.csv",
        "GET",
        "CSV of coded reports (one row per report; redacted text with text=1)",
        EXPORT_ROLES,
        responses={200: None},
        query={**FILTER_DOC, "text": "1 to add the redacted text column"},
        tag="aggregates",
    )
)
@require_role(*EXPORT_ROLES)
def export_reports() -> Response:
    """A streamed CSV download."""
    with_text = request.args.get("text", "0").lower() in ("1", "true", "yes")
    flt = _report_filter()
    db = runtime().db
    resp = Response(
        stream_with_context(export_csv(db, flt, with_text)),
        mimetype="text/csv",
    )
    resp.headers["Content-Disposition"] = 'attachment; filename="reports.csv"'
    resp.headers["Cache-Control"] = "no-store"
    return resp
