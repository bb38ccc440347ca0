"""Small read queries more than one area needs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.store.models import Facility, Report


def report_with_facility(s: Session, report_id: str) -> tuple[Report, str] | None:
    """A report and its facility's code, or None when there is no such report."""
    row = s.execute(
        select(Report, Facility.code)
        .join(Facility, Facility.id == Report.facility_id)
        .where(Report.id == report_id)
    ).first()
    return None if row is None else (row[0], row[1])
