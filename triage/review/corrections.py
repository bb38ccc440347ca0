"""Analyst reviews: accept or correct a report's codes, with who, when and why.

A review never changes a coding: it adds an analyst Coding row (round 1, or 2 for the
blind second review), moves the report's current coding to it and writes an audit
entry, all in one transaction. The analyst's reason is free text: it is stored on the
coding and never logged or copied into the audit details.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from triage import taxonomy
from triage.errors import InputError, TriageError
from triage.review.queue import (
    QUEUE_STATES,
    REVIEWED,
    SECOND_REVIEW,
    ClaimedByOther,
    ReportNotFound,
    SameAnalyst,
    as_utc,
    first_reviewer,
    second_review_draw,
    shown_coding,
)
from triage.store.db import Database
from triage.store.models import AuditEvent, Coding, Report, utcnow

MAX_REASON_CHARS = 2000


class ReviewConflict(TriageError):
    """The report changed between reading and saving the review."""

    http_status = 409
    default_code = "review_conflict"


@dataclass(frozen=True)
class ReviewInput:
    """An analyst's verdict: accept the shown codes, or replace some of them.

    A code left as None keeps the shown coding's value.
    """

    accept: bool = False
    event_type: str | None = None
    event_kind: str | None = None
    harm: str | None = None
    factors: Sequence[str] | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ReviewResult:
    """What a review stored."""

    report_id: str
    coding_id: int
    review_round: int
    review_state: str
    changed: tuple[str, ...]


def validate_codes(
    event_type: str, event_kind: str, harm: str, factors: Sequence[str]
) -> None:
    """Raise InputError unless every code is in the taxonomy and they agree."""
    tax = taxonomy.load()
    bad = [
        target
        for target, value in (
            ("event_type", event_type),
            ("event_kind", event_kind),
            ("harm", harm),
        )
        if not tax.is_valid(target, value)
    ]
    if any(not tax.is_valid("factors", f) for f in factors):
        bad.append("factors")
    if bad:
        raise InputError(
            "code_invalid",
            f"not a taxonomy code: {', '.join(bad)}",
            fields=bad,
        )
    if len(set(factors)) != len(factors):
        raise InputError("code_invalid", "factors repeat", fields=["factors"])
    if event_kind in ("near_miss", "unsafe_condition") and harm != "no_harm":
        raise InputError(
            "codes_contradict",
            f"an event of kind {event_kind} has harm no_harm",
            fields=["event_kind", "harm"],
        )


def _final_codes(
    review: ReviewInput, base: Coding | None
) -> tuple[str, str, str, list[str]]:
    given = [
        review.event_type,
        review.event_kind,
        review.harm,
        review.factors,
    ]
    if review.accept and any(v is not None for v in given):
        raise InputError(
            "review_ambiguous", "send accept: true or corrected codes, not both"
        )
    if not review.accept and all(v is None for v in given):
        raise InputError("review_empty", "send accept: true or the corrected codes")
    if base is None and any(v is None for v in given):
        raise InputError(
            "review_incomplete", "this report has no coding: send every code"
        )

    def pick(value: str | None, target: str) -> str:
        if value is not None:
            return value
        assert base is not None
        return str(getattr(base, target))

    factors = (
        list(review.factors)
        if review.factors is not None
        else list(base.factors if base else [])
    )
    return (
        pick(review.event_type, "event_type"),
        pick(review.event_kind, "event_kind"),
        pick(review.harm, "harm"),
        factors,
    )


def _changed(
    base: Coding | None, codes: tuple[str, str, str, list[str]]
) -> tuple[str, ...]:
    if base is None:
        return ("event_type", "event_kind", "harm", "factors")
    et, ek, hm, fs = codes
    out = [
        target
        for target, value in (("event_type", et), ("event_kind", ek), ("harm", hm))
        if getattr(base, target) != value
    ]
    if sorted(base.factors or []) != sorted(fs):
        out.append("factors")
    return tuple(out)


class Corrections:
    """Stores analysts' reviews of reports."""

    def __init__(self, db: Database, second_rate: float):
        self.db = db
        self.second_rate = second_rate

    def review(
        self,
        report_id: str,
        analyst: str,
        review: ReviewInput,
        request_id: str | None = None,
        now: datetime | None = None,
    ) -> ReviewResult:
        """Record a review: new analyst coding, current coding moved, audit entry."""
        now = now or utcnow()
        reason = (review.reason or "").strip() or None
        if reason is not None and len(reason) > MAX_REASON_CHARS:
            raise InputError(
                "reason_too_long",
                f"a reason holds at most {MAX_REASON_CHARS} characters",
            )
        with self.db.session() as s:
            report = s.get(Report, report_id)
            if report is None:
                raise ReportNotFound(message="no such report")
            expires = as_utc(report.claim_expires_at)
            if (
                report.claimed_by not in (None, analyst)
                and expires is not None
                and expires > now
            ):
                raise ClaimedByOther(message="another analyst is reviewing this report")
            state = report.review_state
            if state == SECOND_REVIEW:
                if first_reviewer(s, report_id) == analyst:
                    raise SameAnalyst(
                        message="a second review must come from a different analyst"
                    )
                review_round = 2
            else:
                review_round = 1
            base = shown_coding(s, report)
            codes = _final_codes(review, base)
            validate_codes(*codes)
            earlier = s.scalar(
                select(Coding.id)
                .where(Coding.report_id == report_id, Coding.source == "analyst")
                .limit(1)
            )
            draw = (
                review_round == 1
                and earlier is None
                and second_review_draw(report_id, self.second_rate)
            )
            next_state = SECOND_REVIEW if draw else REVIEWED
            coding = Coding(
                report_id=report_id,
                source="analyst",
                model_version=None,
                event_type=codes[0],
                event_kind=codes[1],
                harm=codes[2],
                factors=codes[3],
                probabilities={},
                created_by=analyst,
                review_round=review_round,
                reason=reason,
                created_at=now,
            )
            s.add(coding)
            s.flush()
            # Compare-and-set on the state we read: a concurrent review of the same
            # report makes this one fail instead of silently overwriting it.
            moved = s.execute(
                update(Report)
                .where(
                    Report.id == report_id,
                    Report.review_state == state,
                    Report.current_coding_id == report.current_coding_id
                    if report.current_coding_id is not None
                    else Report.current_coding_id.is_(None),
                )
                .values(
                    current_coding_id=coding.id,
                    review_state=next_state,
                    second_review=report.second_review or draw,
                    claimed_by=None,
                    claim_expires_at=None,
                )
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                raise ReviewConflict(
                    message="the report changed while it was reviewed; reload and retry"
                )
            changed = _changed(base, codes)
            s.add(
                AuditEvent(
                    actor=analyst,
                    action="report.reviewed",
                    entity="report",
                    entity_id=report_id,
                    request_id=request_id,
                    at=now,
                    details={
                        "coding_id": coding.id,
                        "round": review_round,
                        "accepted": not changed,
                        "changed": list(changed),
                        "reviewed_coding_id": base.id if base else None,
                        "reviewed_model_version": base.model_version if base else None,
                        "from_queue": state in QUEUE_STATES,
                        "state": next_state,
                        "reason_given": reason is not None,
                    },
                )
            )
            return ReviewResult(report_id, coding.id, review_round, next_state, changed)


def history(db: Database, report_id: str) -> list[Coding]:
    """Every coding of a report, oldest first."""
    with db.session() as s:
        return list(
            s.scalars(
                select(Coding)
                .where(Coding.report_id == report_id)
                .order_by(Coding.id.asc())
            )
        )
