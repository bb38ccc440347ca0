"""Aggregate counts (SQLite and PostgreSQL): basis, dimensions, filters, suppression."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from review_support import add_report

from triage.aggregates.counts import AggregateQuery, ReportFilter, count, parse_group_by
from triage.errors import InputError
from triage.review.corrections import Corrections, ReviewInput
from triage.store.models import utcnow

A = "analyst:ann"
SMALL = 3  # small-cell minimum used here, so a handful of reports shows suppression


def _cells(result, *dims):
    return {
        tuple(c[d] for d in dims): (c["count"], c["reviewed"], c["model"])
        for c in result["cells"]
    }


@pytest.fixture
def seeded(database):
    """F1: 4 falls (one reviewed into medication), 1 device; F2: 3 falls."""
    with database.session() as s:
        f1 = [
            add_report(
                s,
                "F1",
                event_type="fall",
                harm="mild",
                p=0.3,
                occurred_on=date(2026, 1, 5),
                location_type="ICU",
                factors=["environment", "patient_factors"],
            ),
            add_report(
                s,
                "F1",
                event_type="fall",
                harm="mild",
                occurred_on=date(2026, 1, 20),
                location_type="ICU",
                factors=["environment"],
            ),
            add_report(
                s,
                "F1",
                event_type="fall",
                harm="no_harm",
                occurred_on=date(2026, 2, 2),
                location_type="ED",
            ),
            add_report(
                s, "F1", event_type="fall", harm="no_harm", occurred_on=date(2026, 2, 3)
            ),
            add_report(
                s,
                "F1",
                event_type="device",
                harm="moderate",
                occurred_on=date(2026, 2, 9),
            ),
        ]
        for day in (3, 4, 5):
            add_report(
                s, "F2", event_type="fall", harm="mild", occurred_on=date(2026, 1, day)
            )
        reviewed = f1[0].id
    Corrections(database, 0.0).review(
        reviewed, A, ReviewInput(event_type="medication", factors=["communication"])
    )
    return database


def test_reviewed_codes_win_and_the_response_says_so(seeded):
    result = count(
        seeded, AggregateQuery(("event_type",), ReportFilter(facilities=("F1",))), SMALL
    )
    assert result["spans_facilities"] is False
    assert _cells(result, "event_type") == {
        ("fall",): (3, 0, 3),
        ("medication",): (1, 1, 0),
        ("device",): (1, 0, 1),
    }
    assert result["totals"] == {
        "count": 5,
        "reviewed": 1,
        "model": 4,
        "excludes_suppressed": False,
    }
    assert "analyst review" in result["basis"]


def test_small_cells_are_suppressed_across_facilities(seeded):
    result = count(seeded, AggregateQuery(("facility", "event_type")), SMALL)
    assert result["spans_facilities"] is True
    cells = _cells(result, "facility", "event_type")
    assert cells[("F1", "fall")] == (3, 0, 3)
    assert cells[("F2", "fall")] == (3, 0, 3)
    assert cells[("F1", "medication")] == (None, None, None)
    assert cells[("F1", "device")] == (None, None, None)
    assert result["suppressed_cells"] == 2
    # Totals add up what is shown, so a suppressed cell cannot be recovered.
    assert result["totals"]["count"] == 6 and result["totals"]["excludes_suppressed"]
    one_facility = count(
        seeded,
        AggregateQuery(("facility", "event_type"), ReportFilter(facilities=("F1",))),
        SMALL,
    )
    assert one_facility["suppressed_cells"] == 0


def test_month_and_date_filters(seeded):
    result = count(
        seeded, AggregateQuery(("month",), ReportFilter(facilities=("F1",))), SMALL
    )
    assert _cells(result, "month") == {("2026-01",): (2, 1, 1), ("2026-02",): (3, 0, 3)}
    january = count(
        seeded,
        AggregateQuery(
            ("harm",), ReportFilter(start=date(2026, 1, 1), end=date(2026, 1, 31))
        ),
        1,
    )
    assert _cells(january, "harm") == {("mild",): (5, 1, 4)}
    assert january["filters"] == {
        "from": "2026-01-01",
        "to": "2026-01-31",
        "facility": [],
    }


def test_month_falls_back_to_the_received_day(database):
    received = datetime(2025, 12, 31, 23, 30, tzinfo=utcnow().tzinfo)
    with database.session() as s:
        add_report(s, "F1", created_at=received)
        add_report(s, "F1", created_at=received + timedelta(hours=1))
    result = count(database, AggregateQuery(("month",)), 1)
    assert _cells(result, "month") == {("2025-12",): (1, 0, 1), ("2026-01",): (1, 0, 1)}
    only_2026 = count(
        database, AggregateQuery(("month",), ReportFilter(start=date(2026, 1, 1))), 1
    )
    assert _cells(only_2026, "month") == {("2026-01",): (1, 0, 1)}


def test_factor_counts_report_factor_pairs(seeded):
    result = count(
        seeded, AggregateQuery(("factor",), ReportFilter(facilities=("F1",))), SMALL
    )
    assert _cells(result, "factor") == {
        ("communication",): (1, 1, 0),  # the review replaced the model's two factors
        ("environment",): (1, 0, 1),
        (None,): (3, 0, 3),
    }


def test_location_type_and_event_kind(seeded):
    result = count(
        seeded,
        AggregateQuery(
            ("location_type", "event_kind"), ReportFilter(facilities=("F1",))
        ),
        SMALL,
    )
    assert _cells(result, "location_type", "event_kind") == {
        ("ED", "incident"): (1, 0, 1),
        ("ICU", "incident"): (2, 1, 1),
        (None, "incident"): (2, 0, 2),
    }


@pytest.mark.parametrize(
    ("group_by", "flt"),
    [
        ((), {}),
        (("severity",), {}),
        (("harm", "harm"), {}),
        (("harm",), {"start": date(2026, 2, 1), "end": date(2026, 1, 1)}),
    ],
)
def test_bad_queries(group_by, flt):
    with pytest.raises(InputError):
        AggregateQuery(group_by, ReportFilter(**flt))


def test_parse_group_by():
    assert parse_group_by(["harm,month", " facility "]) == ("harm", "month", "facility")


# --- through the API -------------------------------------------------------------


@pytest.fixture
def web(db_url, tmp_path):
    from web_fixtures import app_lifetime, make_app

    yield from app_lifetime(
        make_app(db_url, tmp_path / "registry", SMALL_CELL_MIN=SMALL)
    )


def _seed_web(web):
    with web.extensions["triage"].db.session() as s:
        for _ in range(3):
            add_report(s, "F1", event_type="fall", occurred_on=date(2026, 1, 5))
        add_report(s, "F1", event_type="device", occurred_on=date(2026, 1, 6))
        for _ in range(4):
            add_report(s, "F2", event_type="fall", occurred_on=date(2026, 2, 5))


def test_api_aggregates(web):
    from web_fixtures import key_maker

    _seed_web(web)
    client, keys = web.test_client(), key_maker(web)
    analyst = keys("analyst")
    resp = client.get(
        "/api/v1/aggregates?group_by=facility,event_type", headers=analyst
    )
    assert resp.status_code == 200, resp.json
    body = resp.json
    assert body["spans_facilities"] is True and body["suppressed_cells"] == 1
    cells = {(c["facility"], c["event_type"]): c["count"] for c in body["cells"]}
    assert cells == {("F1", "device"): None, ("F1", "fall"): 3, ("F2", "fall"): 4}
    by_month = client.get(
        "/api/v1/aggregates?group_by=month&group_by=event_type&from=2026-02-01",
        headers=analyst,
    ).json
    assert [(c["month"], c["event_type"], c["count"]) for c in by_month["cells"]] == [
        ("2026-02", "fall", 4)
    ]
    # A submitter sees its own facility only, so nothing needs suppressing.
    submitter = keys("submitter", "F1")
    own = client.get("/api/v1/aggregates?group_by=event_type", headers=submitter).json
    assert own["filters"]["facility"] == ["F1"] and own["suppressed_cells"] == 0
    assert {c["event_type"]: c["count"] for c in own["cells"]} == {
        "device": 1,
        "fall": 3,
    }
    other = client.get(
        "/api/v1/aggregates?group_by=event_type&facility=F2", headers=submitter
    )
    assert other.status_code == 400
    assert other.json["error"]["code"] == "facility_mismatch"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "group_by_invalid"),
        ("group_by=severity", "group_by_invalid"),
        ("group_by=harm&from=01/02/2026", "query_invalid"),
        ("group_by=harm&from=2026-02-01&to=2026-01-01", "query_invalid"),
    ],
)
def test_api_aggregates_bad_queries(web, query, code):
    from web_fixtures import key_maker

    resp = web.test_client().get(
        f"/api/v1/aggregates?{query}", headers=key_maker(web)("analyst")
    )
    assert resp.status_code == 400 and resp.json["error"]["code"] == code


def test_api_aggregates_auth(web):
    from web_fixtures import key_maker

    client = web.test_client()
    assert client.get("/api/v1/aggregates?group_by=harm").status_code == 401
    bad = {"Authorization": "Bearer pt_nope_nope"}
    assert (
        client.get("/api/v1/aggregates?group_by=harm", headers=bad).status_code == 401
    )
    assert (
        client.get("/api/v1/aggregates?group_by=harm", headers=key_maker(web)("ml"))
    ).status_code == 200
