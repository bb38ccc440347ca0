"""CSV export of coded reports for analysts' own tools, streamed in chunks.

One row per report with the codes that speak for it (see `basis`) and where they came
from. The redacted text is included only when asked for. Cells that a spreadsheet
would run as a formula (starting with = + - @ or a control character) are prefixed
with an apostrophe, so opening the file never executes report content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select

from triage.aggregates.basis import effective_coding_id, latest_reviews
from triage.aggregates.counts import ReportFilter, apply_filter
from triage.store.db import Database
from triage.store.models import Coding, Facility, Report

COLUMNS: tuple[str, ...] = (
    "report_id",
    "facility",
    "external_id",
    "occurred_on",
    "received_at",
    "location_type",
    "reporter_role",
    "event_type",
    "event_kind",
    "harm",
    "factors",
    "codes_source",
    "model_version",
    "review_state",
    "flags",
)
TEXT_COLUMN = "redacted_text"
CHUNK = 500
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A value as a CSV cell that spreadsheets show as text, never run as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _query(flt: ReportFilter, dialect: str) -> Select[Report, str, Coding]:
    reviews = latest_reviews()
    q = (
        select(Report, Facility.code, Coding)
        .join(Facility, Facility.id == Report.facility_id)
        .outerjoin(reviews, reviews.c.report_id == Report.id)
        .join(Coding, Coding.id == effective_coding_id(reviews))
    )
    return apply_filter(q, flt, dialect).order_by(Report.created_at, Report.id)


def _row(r: Report, facility: str, c: Coding, with_text: bool) -> list[str]:
    values: list[Any] = [
        r.id,
        facility,
        r.external_id,
        r.occurred_on.isoformat() if r.occurred_on else None,
        r.created_at.isoformat(),
        r.location_type,
        r.reporter_role,
        c.event_type,
        c.event_kind,
        c.harm,
        ";".join(c.factors or []),
        "reviewed" if c.source == "analyst" else "model",
        c.model_version,
        r.review_state,
        ";".join(r.flags or []),
    ]
    if with_text:
        values.append(r.redacted_text)
    return [safe_cell(v) for v in values]


def export_csv(
    db: Database, flt: ReportFilter, with_text: bool = False
) -> Iterator[str]:
    """The CSV document in chunks: a header line, then one line per report."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *([TEXT_COLUMN] if with_text else [])])
    yield buf.getvalue()
    dialect = db.engine.dialect.name
    with db.session() as s:
        rows = s.execute(_query(flt, dialect).execution_options(yield_per=CHUNK))
        for part in rows.partitions(CHUNK):
            buf.seek(0)
            buf.truncate()
            for report, facility, coding in part:
                writer.writerow(_row(report, facility, coding, with_text))
            yield buf.getvalue()
