"""The analyst review queue: listing in priority order, claims that expire, skips.

States of ``Report.review_state``:

- ``none``: not routed (an analyst may still review it);
- ``queued``: waiting for its first review;
- ``second_review``: reviewed once and drawn (at ``REVIEW_SECOND_RATE``) for a blind
  second review by a different analyst;
- ``reviewed``: done.

A claim is not a state: it is ``claimed_by`` plus ``claim_expires_at``, so an expired
claim frees the item without any clean-up job. The order is the routing priority
(harm first, then the least confident), then age (oldest first); items the analyst
skipped go to the end of that analyst's list for ``SKIP_WINDOW``.

What an analyst sees of an item is the same whatever put it in the queue: no routing
reasons (a quality-control draw must be indistinguishable) and, for a second review,
the model's codes, never the first analyst's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    String,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from triage import taxonomy
from triage.errors import InputError, TriageError
from triage.review.routing import (
    CONTRADICTION,
    LOW_CONFIDENCE,
    PHI_REVIEW,
    POSSIBLE_SEVERE_HARM,
    SEVERE_HARM,
)
from triage.store.db import Database
from triage.store.models import AuditEvent, Coding, Facility, Report, utcnow
from triage.store.queries import report_with_facility

NONE = "none"
QUEUED = "queued"
SECOND_REVIEW = "second_review"
REVIEWED = "reviewed"
QUEUE_STATES = (QUEUED, SECOND_REVIEW)

# How long a skip pushes an item to the end of the skipping analyst's list.
SKIP_WINDOW = timedelta(days=7)
SKIPPED = "review.skipped"
# The routing reasons the queue can be filtered by, in routing order. Never quality
# control: a filter for it would tell analysts which items are QC draws.
FILTER_REASONS = (
    SEVERE_HARM,
    POSSIBLE_SEVERE_HARM,
    PHI_REVIEW,
    CONTRADICTION,
    LOW_CONFIDENCE,
)


class ReportNotFound(TriageError):
    """No report with that id (or not one the caller may see)."""

    http_status = 404
    default_code = "not_found"


class NotInQueue(TriageError):
    """The report is not waiting for review."""

    http_status = 409
    default_code = "review_not_queued"


class ClaimedByOther(TriageError):
    """Another analyst holds a live claim on the report."""

    http_status = 409
    default_code = "review_claimed"


class SameAnalyst(TriageError):
    """The blind second review must be done by a different analyst."""

    http_status = 403
    default_code = "second_review_same_analyst"


def as_utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as aware UTC (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def second_review_draw(report_id: str, rate: float) -> bool:
    """Whether a report's first review is followed by a blind second one.

    Deterministic per report (like the QC draw), so a retried request gives the same
    answer and the sample cannot be steered by resubmitting.
    """
    digest = hashlib.sha256(("second:" + report_id).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


def first_reviewer(s: Session, report_id: str) -> str | None:
    """Who made the latest first-round review of a report (None if nobody)."""
    return s.scalar(
        select(Coding.created_by)
        .where(
            Coding.report_id == report_id,
            Coding.source == "analyst",
            Coding.review_round == 1,
        )
        .order_by(Coding.id.desc())
        .limit(1)
    )


def has_reason(reason: str) -> ColumnElement[bool]:
    """Report.review_reasons (a JSON list of codes) includes this routing reason."""
    # Matching the quoted code in the JSON text works the same on SQLite and
    # PostgreSQL; reason codes are fixed identifiers, never user text.
    return cast(Report.review_reasons, String).like(f'%"{reason}"%')


def latest_model_coding_id() -> ScalarSelect[int]:
    """The id of the latest model coding of the report in the enclosing query."""
    m = aliased(Coding)
    return (
        select(func.max(m.id))
        .where(m.report_id == Report.id, m.source == "model")
        .correlate(Report)
        .scalar_subquery()
    )


def model_coding(s: Session, report_id: str) -> Coding | None:
    """The latest model coding of a report (what a blind reviewer is shown)."""
    return s.scalar(
        select(Coding)
        .where(Coding.report_id == report_id, Coding.source == "model")
        .order_by(Coding.id.desc())
        .limit(1)
    )


def shown_coding(s: Session, report: Report) -> Coding | None:
    """The coding an analyst reviews against: the model's while a second review is
    pending (blind to the first analyst), the current one otherwise."""
    if report.review_state == SECOND_REVIEW:
        return model_coding(s, report.id)
    if report.current_coding_id is None:
        return None
    return s.get(Coding, report.current_coding_id)


@dataclass(frozen=True)
class QueueItem:
    """One queued report as an analyst sees it."""

    report: Report
    facility: str
    coding: Coding | None
    claimed_by_me: bool
    claim_expires_at: datetime | None
    skipped: bool


class ReviewQueue:
    """Lists, claims and skips queued reports for one database."""

    def __init__(self, db: Database, claim_minutes: int):
        self.db = db
        self.claim_minutes = claim_minutes

    def _visible(self, analyst: str, now: datetime) -> Select[Report, str]:
        own_first_reviews = select(Coding.report_id).where(
            Coding.source == "analyst",
            Coding.review_round == 1,
            Coding.created_by == analyst,
        )
        return (
            select(Report, Facility.code)
            .join(Facility, Facility.id == Report.facility_id)
            .where(
                Report.review_state.in_(QUEUE_STATES),
                # A second review is never offered to the analyst who did the first.
                or_(
                    Report.review_state != SECOND_REVIEW,
                    Report.id.not_in(own_first_reviews),
                ),
                # Another analyst's live claim hides the item.
                or_(
                    Report.claimed_by.is_(None),
                    Report.claimed_by == analyst,
                    Report.claim_expires_at.is_(None),
                    Report.claim_expires_at <= now,
                ),
            )
        )

    @staticmethod
    def _filtered(
        q: Select[Report, str],
        facility: str | None,
        event_type: str | None,
        reason: str | None,
    ) -> Select[Report, str]:
        if facility:
            q = q.where(Facility.code == facility)
        if event_type:
            if event_type not in taxonomy.load().codes("event_type"):
                raise InputError("query_invalid", "event_type is not a taxonomy code")
            # The model's event type: the codes every queue item shows.
            q = q.where(
                exists().where(
                    Coding.id == latest_model_coding_id(),
                    Coding.event_type == event_type,
                )
            )
        if reason:
            if reason not in FILTER_REASONS:
                raise InputError(
                    "query_invalid",
                    f"reason must be one of {', '.join(FILTER_REASONS)}",
                )
            q = q.where(has_reason(reason))
        return q

    def _skipped_ids(self, s: Session, analyst: str, now: datetime) -> set[str]:
        return set(
            s.scalars(
                select(AuditEvent.entity_id).where(
                    AuditEvent.at >= now - SKIP_WINDOW,
                    AuditEvent.action == SKIPPED,
                    AuditEvent.actor == analyst,
                )
            )
        )

    def page(
        self,
        analyst: str,
        limit: int = 50,
        offset: int = 0,
        facility: str | None = None,
        now: datetime | None = None,
        event_type: str | None = None,
        reason: str | None = None,
    ) -> tuple[list[QueueItem], int]:
        """A page of the analyst's queue in review order, and the queue's length.

        Filters: facility code, the model's event type, and a routing reason (one of
        FILTER_REASONS); InputError for an event type or reason that is not one.
        """
        now = now or utcnow()
        q = self._filtered(self._visible(analyst, now), facility, event_type, reason)
        with self.db.session() as s:
            skipped = self._skipped_ids(s, analyst, now)
            order: list[Any] = [
                Report.review_priority.desc(),
                Report.created_at.asc(),
                Report.id.asc(),
            ]
            if skipped:
                order.insert(0, case((Report.id.in_(skipped), 1), else_=0).asc())
            # The page's ids with the queue's length (a window count over every
            # visible item): the filters are evaluated once, over narrow rows; the
            # page's reports are loaded after.
            page = s.execute(
                q.with_only_columns(Report.id, func.count().over())
                .order_by(*order)
                .limit(limit)
                .offset(offset)
            ).all()
            if page:
                total = int(page[0][1])
            elif offset:  # past the end: count apart
                total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            else:
                total = 0
            ids = [rid for rid, _ in page]
            rows = {
                report.id: (report, code)
                for report, code in s.execute(
                    select(Report, Facility.code)
                    .join(Facility, Facility.id == Report.facility_id)
                    .where(Report.id.in_(ids))
                )
            }
            models = self._model_codings(s, ids)
            items = [
                self._item(*rows[rid], models.get(rid), analyst, now, skipped)
                for rid in ids
            ]
        return items, total

    @staticmethod
    def _model_codings(s: Session, report_ids: list[str]) -> dict[str, Coding]:
        if not report_ids:
            return {}
        latest = (
            select(func.max(Coding.id))
            .where(Coding.report_id.in_(report_ids), Coding.source == "model")
            .group_by(Coding.report_id)
        )
        return {
            c.report_id: c
            for c in s.scalars(select(Coding).where(Coding.id.in_(latest)))
        }

    @staticmethod
    def _item(
        report: Report,
        facility: str,
        coding: Coding | None,
        analyst: str,
        now: datetime,
        skipped: set[str],
    ) -> QueueItem:
        expires = as_utc(report.claim_expires_at)
        live = report.claimed_by is not None and expires is not None and expires > now
        mine = live and report.claimed_by == analyst
        return QueueItem(
            report=report,
            facility=facility,
            coding=coding,
            claimed_by_me=mine,
            claim_expires_at=expires if mine else None,
            skipped=report.id in skipped,
        )

    def _check_reviewable(self, s: Session, report: Report, analyst: str) -> None:
        if report.review_state not in QUEUE_STATES:
            raise NotInQueue(message="the report is not waiting for review")
        if (
            report.review_state == SECOND_REVIEW
            and first_reviewer(s, report.id) == analyst
        ):
            raise SameAnalyst(
                message="a second review must come from a different analyst"
            )

    def claim(
        self,
        report_id: str,
        analyst: str,
        request_id: str | None = None,
        now: datetime | None = None,
    ) -> QueueItem:
        """Claim a queued report for claim_minutes (renewing one's own claim)."""
        now = now or utcnow()
        expires = now + timedelta(minutes=self.claim_minutes)
        with self.db.session() as s:
            row = report_with_facility(s, report_id)
            if row is None:
                raise ReportNotFound(message="no such report")
            report, facility = row
            self._check_reviewable(s, report, analyst)
            # Compare-and-set: two analysts claiming at once cannot both win.
            result = s.execute(
                update(Report)
                .where(
                    Report.id == report_id,
                    Report.review_state == report.review_state,
                    or_(
                        Report.claimed_by.is_(None),
                        Report.claimed_by == analyst,
                        Report.claim_expires_at.is_(None),
                        Report.claim_expires_at <= now,
                    ),
                )
                .values(claimed_by=analyst, claim_expires_at=expires)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ClaimedByOther(message="another analyst is reviewing this report")
            s.add(
                AuditEvent(
                    actor=analyst,
                    action="review.claimed",
                    entity="report",
                    entity_id=report_id,
                    request_id=request_id,
                    details={"expires_at": expires.isoformat()},
                )
            )
            s.flush()
            s.refresh(report)
            coding = model_coding(s, report_id)
            return self._item(report, facility, coding, analyst, now, set())

    def skip(
        self,
        report_id: str,
        analyst: str,
        request_id: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Pass on a queued report: release one's claim, move it to one's list end."""
        now = now or utcnow()
        with self.db.session() as s:
            report = s.get(Report, report_id)
            if report is None:
                raise ReportNotFound(message="no such report")
            if report.review_state not in QUEUE_STATES:
                raise NotInQueue(message="the report is not waiting for review")
            s.execute(
                update(Report)
                .where(Report.id == report_id, Report.claimed_by == analyst)
                .values(claimed_by=None, claim_expires_at=None)
                .execution_options(synchronize_session=False)
            )
            s.add(
                AuditEvent(
                    actor=analyst,
                    action=SKIPPED,
                    entity="report",
                    entity_id=report_id,
                    request_id=request_id,
                    details={},
                    at=now,
                )
            )
