"""Seeding helpers for the review, aggregate and export tests (not a test module).

Reports are stored the way intake stores them: a report row, its model coding as the
current coding, and a routing decision made by the real router.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.config import ReviewThresholds
from triage.review.routing import CodeSummary, route
from triage.store.models import Coding, Facility, Report, utcnow

THRESHOLDS = ReviewThresholds(event_type=0.6, event_kind=0.6, harm=0.5, factors=0.0)


def facility(s: Session, code: str) -> Facility:
    """The facility with this code (created on first use)."""
    found = s.scalar(select(Facility).where(Facility.code == code))
    if found is None:
        found = Facility(code=code, name=f"Facility {code}")
        s.add(found)
        s.flush()
    return found


def add_report(
    s: Session,
    facility_code: str = "F1",
    *,
    event_type: str = "fall",
    event_kind: str = "incident",
    harm: str = "mild",
    factors: Sequence[str] = (),
    p: float = 0.95,
    harm_p: float | None = None,
    serious_p: float = 0.0,
    flags: Sequence[str] = (),
    occurred_on: date | None = None,
    created_at: datetime | None = None,
    location_type: str | None = None,
    text: str = "Pt found on floor beside bed, <PERSON_1> notified.",
    qc_rate: float = 0.0,
    model_version: str = "m1",
    external_id: str | None = None,
) -> Report:
    """A coded report with its model coding, routed as intake would route it."""
    fac = facility(s, facility_code)
    created = created_at or utcnow()
    hp = p if harm_p is None else harm_p
    report = Report(
        facility_id=fac.id,
        external_id=external_id or f"ext-{uuid.uuid4().hex[:12]}",
        narrative_hmac="0" * 64,
        redacted_text=text,
        occurred_on=occurred_on,
        location_type=location_type,
        status="coded",
        flags=list(flags),
        created_at=created,
        updated_at=created,
    )
    s.add(report)
    s.flush()
    decision = route(
        CodeSummary(event_type, p, event_kind, p, harm, hp, {}, serious_p),
        tuple(flags),
        THRESHOLDS,
        qc_rate,
        report.id,
    )
    report.review_state = "queued" if decision.queued else "none"
    report.review_reasons = list(decision.reasons)
    report.review_priority = decision.priority
    coding = Coding(
        report_id=report.id,
        source="model",
        model_version=model_version,
        event_type=event_type,
        event_kind=event_kind,
        harm=harm,
        factors=list(factors),
        probabilities={
            "event_type": {"p": p, "alternatives": [], "evidence": []},
            "event_kind": {"p": p, "alternatives": [], "evidence": []},
            "harm": {"p": hp, "alternatives": [], "evidence": []},
            "factors": {f: 0.9 for f in factors},
        },
        created_by="submitter:test",
        created_at=created,
    )
    s.add(coding)
    s.flush()
    report.current_coding_id = coding.id
    s.flush()
    return report


def minutes(n: float) -> timedelta:
    """A timedelta of n minutes."""
    return timedelta(minutes=n)
