"""Analyst reviews on SQLite and PostgreSQL: validation, new codings, audit, history."""

from __future__ import annotations

import logging

import pytest
from review_support import add_report
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from triage.errors import InputError
from triage.review.corrections import (
    Corrections,
    ReviewInput,
    history,
    validate_codes,
)
from triage.review.queue import ClaimedByOther, ReportNotFound, ReviewQueue
from triage.store.models import AuditEvent, Coding, Report

A, B = "analyst:ann", "analyst:bob"
SECRET_REASON = "Patient Jane Roe-Whitfield MRN 8812345 was mis-identified"


INVALID = [
    (ReviewInput(), "review_empty"),
    (ReviewInput(accept=True, harm="severe"), "review_ambiguous"),
    (ReviewInput(event_type="slip"), "code_invalid"),
    (ReviewInput(harm="catastrophic"), "code_invalid"),
    (ReviewInput(event_kind="accident"), "code_invalid"),
    (ReviewInput(factors=["fatigue"]), "code_invalid"),
    (ReviewInput(factors=["communication", "communication"]), "code_invalid"),
    (ReviewInput(event_kind="near_miss"), "codes_contradict"),
    (ReviewInput(event_kind="unsafe_condition", harm="death"), "codes_contradict"),
    (ReviewInput(reason="x" * 2001, accept=True), "reason_too_long"),
]


def test_invalid_reviews_store_nothing(database):
    with database.session() as s:
        rid = add_report(s, harm="mild", p=0.3).id
    for review, code in INVALID:
        with pytest.raises(InputError) as exc:
            Corrections(database, 0.0).review(rid, A, review)
        assert exc.value.code == code, review
    with database.session() as s:
        assert s.scalar(select(Coding).where(Coding.source == "analyst")) is None
        assert s.get(Report, rid).review_state == "queued"
        assert s.scalar(select(AuditEvent)) is None


@pytest.mark.parametrize(
    ("codes", "ok"),
    [
        (("fall", "incident", "death", ["environment"]), True),
        (("medication", "near_miss", "no_harm", []), True),
        (("vte", "unsafe_condition", "no_harm", ["staffing_workload"]), True),
        (("medication", "near_miss", "unknown", []), False),
        (("Fall", "incident", "mild", []), False),
    ],
)
def test_validate_codes_table(codes, ok):
    if ok:
        validate_codes(*codes)
    else:
        with pytest.raises(InputError):
            validate_codes(*codes)


def test_accepting_is_a_review(database):
    with database.session() as s:
        rid = add_report(
            s, event_type="fall", harm="mild", factors=["environment"], p=0.3
        ).id
        model_id = s.get(Report, rid).current_coding_id
    result = Corrections(database, 0.0).review(rid, A, ReviewInput(accept=True))
    assert result.changed == () and result.review_round == 1
    assert result.review_state == "reviewed"
    with database.session() as s:
        report = s.get(Report, rid)
        coding = s.get(Coding, report.current_coding_id)
        assert coding.id == result.coding_id != model_id
        assert (coding.source, coding.created_by, coding.review_round) == (
            "analyst",
            A,
            1,
        )
        assert (coding.event_type, coding.harm, coding.factors) == (
            "fall",
            "mild",
            ["environment"],
        )
        assert coding.reason is None
        (event,) = s.scalars(select(AuditEvent)).all()
        assert (event.action, event.actor, event.entity_id) == (
            "report.reviewed",
            A,
            rid,
        )
        assert event.details["accepted"] is True
        assert event.details["reviewed_coding_id"] == model_id


def test_correction_keeps_unsent_codes_and_stores_the_reason(database, caplog):
    caplog.set_level(logging.DEBUG)
    with database.session() as s:
        rid = add_report(
            s,
            event_type="fall",
            event_kind="incident",
            harm="mild",
            factors=["environment"],
            p=0.3,
        ).id
    result = Corrections(database, 0.0).review(
        rid,
        A,
        ReviewInput(
            harm="severe",
            factors=["environment", "staffing_workload"],
            reason=SECRET_REASON,
        ),
        request_id="req-1",
    )
    assert result.changed == ("harm", "factors")
    with database.session() as s:
        coding = s.get(Coding, result.coding_id)
        assert (coding.event_type, coding.event_kind, coding.harm) == (
            "fall",
            "incident",
            "severe",
        )
        assert coding.factors == ["environment", "staffing_workload"]
        assert coding.reason == SECRET_REASON
        event = s.scalar(select(AuditEvent))
        assert event.request_id == "req-1" and event.details["reason_given"] is True
        # The reason is free text: it is kept on the coding only.
        assert "Roe" not in str(event.details)
    assert all(
        "Roe" not in r.getMessage() and "Roe" not in str(r.__dict__)
        for r in caplog.records
    )


def test_model_coding_is_kept_and_history_lists_every_coding(database):
    with database.session() as s:
        rid = add_report(s, event_type="fall", harm="mild", p=0.3).id
    Corrections(database, 0.0).review(rid, A, ReviewInput(event_type="medication"))
    Corrections(database, 0.0).review(
        rid, B, ReviewInput(harm="moderate", reason="later")
    )
    codings = history(database, rid)
    assert [(c.source, c.created_by, c.review_round) for c in codings] == [
        ("model", "submitter:test", None),
        ("analyst", A, 1),
        ("analyst", B, 1),
    ]
    assert [(c.event_type, c.harm) for c in codings] == [
        ("fall", "mild"),
        ("medication", "mild"),
        ("medication", "moderate"),
    ]
    with database.session() as s:
        assert s.get(Report, rid).current_coding_id == codings[-1].id


def test_history_tables_refuse_update_and_delete(database):
    with database.session() as s:
        rid = add_report(s, p=0.3).id
    Corrections(database, 0.0).review(rid, A, ReviewInput(harm="severe", reason="why"))
    for stmt in (
        update(Coding).values(harm="no_harm"),
        delete(Coding),
        update(AuditEvent).values(actor="someone"),
        delete(AuditEvent),
        text("UPDATE codings SET reason = NULL"),
    ):
        with pytest.raises(DBAPIError), database.session() as s:
            s.execute(stmt)
    with database.session() as s:
        assert (
            s.scalar(select(Coding.harm).where(Coding.source == "analyst")) == "severe"
        )
        assert s.scalar(select(AuditEvent.actor)) == A


def test_claims_are_respected(database):
    with database.session() as s:
        rid = add_report(s, p=0.3).id
    ReviewQueue(database, 30).claim(rid, A)
    with pytest.raises(ClaimedByOther):
        Corrections(database, 0.0).review(rid, B, ReviewInput(accept=True))
    Corrections(database, 0.0).review(rid, A, ReviewInput(accept=True))
    with database.session() as s:
        report = s.get(Report, rid)
        assert report.claimed_by is None and report.claim_expires_at is None


def test_unqueued_reports_can_be_reviewed_and_unknown_ones_cannot(database):
    with database.session() as s:
        rid = add_report(s, p=0.99).id
        assert s.get(Report, rid).review_state == "none"
    result = Corrections(database, 0.0).review(rid, A, ReviewInput(harm="moderate"))
    assert (result.review_round, result.review_state) == (1, "reviewed")
    with pytest.raises(ReportNotFound):
        Corrections(database, 0.0).review("missing", A, ReviewInput(accept=True))


def test_second_review_is_drawn_once_per_report(database):
    with database.session() as s:
        rid = add_report(s, p=0.3).id
        other = add_report(s, p=0.3).id
    never = Corrections(database, 0.0).review(other, A, ReviewInput(accept=True))
    assert never.review_state == "reviewed"
    first = Corrections(database, 1.0).review(rid, A, ReviewInput(accept=True))
    assert first.review_state == "second_review"
    second = Corrections(database, 1.0).review(rid, B, ReviewInput(harm="severe"))
    assert (second.review_round, second.review_state) == (2, "reviewed")
    # A later correction is a new first-round review and is not drawn again.
    again = Corrections(database, 1.0).review(rid, A, ReviewInput(harm="moderate"))
    assert (again.review_round, again.review_state) == (1, "reviewed")
