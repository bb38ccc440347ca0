"""The review queue (SQLite and PostgreSQL): order, claims, skips, blind 2nd review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from review_support import add_report, minutes

from triage.errors import InputError
from triage.review.corrections import Corrections, ReviewInput
from triage.review.queue import (
    ClaimedByOther,
    NotInQueue,
    ReportNotFound,
    ReviewQueue,
    SameAnalyst,
    second_review_draw,
)
from triage.store.models import AuditEvent, Coding, Report, utcnow

A, B, C = "analyst:ann", "analyst:bob", "analyst:cy"


@pytest.fixture
def queue(database) -> ReviewQueue:
    return ReviewQueue(database, claim_minutes=30)


def _ids(queue: ReviewQueue, analyst: str, **kw) -> list[str]:
    items, total = queue.page(analyst, **kw)
    assert total >= len(items)
    return [i.report.id for i in items]


def test_order_is_harm_then_uncertainty_then_age(database, queue):
    now = utcnow()
    with database.session() as s:
        mild_old = add_report(s, harm="mild", p=0.3, created_at=now - minutes(30))
        death = add_report(s, harm="death", p=0.99, created_at=now - minutes(1))
        severe_unsure = add_report(s, harm="severe", p=0.4, created_at=now - minutes(2))
        mild_new = add_report(s, harm="mild", p=0.3, created_at=now - minutes(10))
        mild_surer = add_report(s, harm="mild", p=0.55, created_at=now - minutes(40))
        add_report(s, harm="mild", p=0.99)  # confident: not queued
        expected = [death, severe_unsure, mild_old, mild_new, mild_surer]
        expected_ids = [r.id for r in expected]
    assert _ids(queue, A) == expected_ids
    items, total = queue.page(A, limit=2, offset=1)
    assert total == 5
    assert [i.report.id for i in items] == expected_ids[1:3]


def test_only_queued_states_are_listed(database, queue):
    with database.session() as s:
        queued = add_report(s, p=0.3)
        done = add_report(s, p=0.3)
        done.review_state = "reviewed"
        add_report(s, p=0.99)
        queued_id = queued.id
    assert _ids(queue, A) == [queued_id]


def test_facility_filter(database, queue):
    with database.session() as s:
        f1 = add_report(s, "F1", p=0.3).id
        f2 = add_report(s, "F2", p=0.3).id
    assert _ids(queue, A, facility="F1") == [f1]
    assert _ids(queue, A, facility="F2") == [f2]


def test_event_type_and_reason_filters(database, queue):
    with database.session() as s:
        ids = {
            "low": add_report(s, "F1", event_type="fall", p=0.4).id,
            "severe": add_report(s, "F2", event_type="medication", harm="severe").id,
            "phi": add_report(
                s, event_type="fall", harm="no_harm", flags=["phi_review"]
            ).id,
            "contra": add_report(
                s, event_type="device", event_kind="near_miss", harm="mild"
            ).id,
            "qc": add_report(s, event_type="fall", p=0.99, qc_rate=1.0).id,
            "recoded": add_report(s, event_type="fall", p=0.4).id,
            "corrected": add_report(s, event_type="fall", p=0.4).id,
        }
        # A later model coding speaks for the report: it is a device report now.
        s.add(
            Coding(
                report_id=ids["recoded"],
                source="model",
                model_version="m2",
                event_type="device",
                event_kind="incident",
                harm="mild",
                factors=[],
                probabilities={},
                created_by="submitter:test",
            )
        )
    # A first review that changes the event type; B reviews blind to it, so the
    # queue filters B's list by the model's codes, as it shows them.
    Corrections(database, second_rate=1.0).review(
        ids["corrected"], A, ReviewInput(event_type="medication")
    )
    for filters, expected in (
        ({"event_type": "fall"}, {"low", "phi", "qc", "corrected"}),
        ({"event_type": "medication"}, {"severe"}),
        ({"event_type": "device"}, {"contra", "recoded"}),
        ({"event_type": "vte"}, set()),
        ({"reason": "low_confidence"}, {"low", "recoded", "corrected"}),
        ({"reason": "severe_harm"}, {"severe"}),
        ({"reason": "phi_review"}, {"phi"}),
        ({"reason": "contradiction"}, {"contra"}),
        ({"event_type": "fall", "reason": "low_confidence"}, {"low", "corrected"}),
        ({"event_type": "fall", "facility": "F2"}, set()),
        ({"reason": "severe_harm", "facility": "F2"}, {"severe"}),
    ):
        items, total = queue.page(B, **filters)
        assert {i.report.id for i in items} == {ids[n] for n in expected}, filters
        assert total == len(expected), filters


@pytest.mark.parametrize(
    "filters",
    [
        {"reason": "quality_control"},  # would single out QC draws
        {"reason": "unknown_reason"},
        {"event_type": "not_a_code"},
    ],
)
def test_filters_outside_the_lists_are_refused(database, queue, filters):
    with pytest.raises(InputError) as err:
        queue.page(A, **filters)
    assert err.value.code == "query_invalid"


def test_claims_hide_items_from_others_and_expire(database, queue):
    now = utcnow()
    with database.session() as s:
        rid = add_report(s, p=0.3).id
    item = queue.claim(rid, A, now=now)
    assert item.claimed_by_me and item.claim_expires_at is not None
    assert item.claim_expires_at - now == timedelta(minutes=30)
    mine = queue.page(A, now=now)[0]
    assert [i.claimed_by_me for i in mine] == [True]
    assert _ids(queue, B, now=now) == []
    with pytest.raises(ClaimedByOther):
        queue.claim(rid, B, now=now + minutes(29))
    # A renews; after the renewed claim lapses, B may take it.
    queue.claim(rid, A, now=now + minutes(20))
    with pytest.raises(ClaimedByOther):
        queue.claim(rid, B, now=now + minutes(45))
    assert _ids(queue, B, now=now + minutes(51)) == [rid]
    taken = queue.claim(rid, B, now=now + minutes(51))
    assert taken.claimed_by_me
    with database.session() as s:
        assert s.get(Report, rid).claimed_by == B
        actions = [e.action for e in s.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions.count("review.claimed") == 3


def test_claim_errors(database, queue):
    with database.session() as s:
        not_queued = add_report(s, p=0.99).id
    with pytest.raises(ReportNotFound):
        queue.claim("nope", A)
    with pytest.raises(NotInQueue):
        queue.claim(not_queued, A)
    with pytest.raises(NotInQueue):
        queue.skip(not_queued, A)


def test_skip_moves_item_to_the_end_for_the_skipper_only(database, queue):
    now = utcnow()
    with database.session() as s:
        first = add_report(s, harm="severe", p=0.3).id
        second = add_report(s, harm="mild", p=0.3).id
    queue.claim(first, A, now=now)
    queue.skip(first, A, now=now)
    assert _ids(queue, A, now=now) == [second, first]
    assert _ids(queue, B, now=now) == [first, second]
    with database.session() as s:
        report = s.get(Report, first)
        assert report.claimed_by is None and report.review_state == "queued"
    items = queue.page(A, now=now)[0]
    assert [i.skipped for i in items] == [False, True]


def test_second_review_is_blind_and_by_another_analyst(database, queue):
    with database.session() as s:
        rid = add_report(s, event_type="fall", harm="mild", p=0.3).id
    Corrections(database, second_rate=1.0).review(
        rid, A, ReviewInput(event_type="medication", reason="wrong drug given")
    )
    with database.session() as s:
        report = s.get(Report, rid)
        assert report.review_state == "second_review" and report.second_review
    # The first analyst never gets it back; another analyst sees the model's codes.
    assert _ids(queue, A) == []
    with pytest.raises(SameAnalyst):
        queue.claim(rid, A)
    with pytest.raises(SameAnalyst):
        Corrections(database, 1.0).review(rid, A, ReviewInput(accept=True))
    (item,) = queue.page(B)[0]
    assert item.coding is not None
    assert item.coding.source == "model" and item.coding.event_type == "fall"
    claimed = queue.claim(rid, B)
    assert claimed.coding is not None and claimed.coding.source == "model"
    result = Corrections(database, 1.0).review(rid, B, ReviewInput(accept=True))
    assert (result.review_round, result.review_state) == (2, "reviewed")
    assert _ids(queue, B) == _ids(queue, C) == []


@pytest.mark.parametrize("rate", [0.0, 0.1, 0.5, 1.0])
def test_second_review_draw_rate(rate):
    draws = [second_review_draw(f"report-{i}", rate) for i in range(4000)]
    assert abs(sum(draws) / len(draws) - rate) < 0.03
    assert draws == [second_review_draw(f"report-{i}", rate) for i in range(4000)]
