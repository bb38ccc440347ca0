"""Review API through the real app on SQLite and PostgreSQL: auth, queue, claim, skip,
review, history (blind second review), agreement, and no rewrite paths."""

from __future__ import annotations

import pytest
from review_support import add_report
from sqlalchemy import func, select
from web_fixtures import app_lifetime, key_maker, make_app

from triage.store.models import AuditEvent, Coding

QUEUE = "/api/v1/review/queue"


@pytest.fixture
def web(db_url, tmp_path):
    yield from app_lifetime(
        make_app(db_url, tmp_path / "registry", REVIEW_SECOND_RATE=0.0)
    )


@pytest.fixture
def client(web):
    return web.test_client()


@pytest.fixture
def keys(web):
    return key_maker(web)


def _seed(web, **kw) -> str:
    with web.extensions["triage"].db.session() as s:
        return add_report(s, **kw).id


def _error(resp, status: int, code: str) -> None:
    assert resp.status_code == status, (resp.request.path, resp.get_data(as_text=True))
    assert resp.json["error"]["code"] == code, resp.json
    assert resp.json["error"]["message"]


# One app per backend for each table below: building an app (and migrating its
# database) costs more than the requests themselves.
ROUTES = [
    ("get", QUEUE),
    ("post", "/api/v1/review/r1/claim"),
    ("post", "/api/v1/review/r1/skip"),
    ("post", "/api/v1/reports/r1/review"),
    ("get", "/api/v1/reports/r1/history"),
    ("get", "/api/v1/review/agreement"),
]


def test_auth(client, keys):
    submitter = keys("submitter", "F1")
    for method, path in ROUTES:
        _error(getattr(client, method)(path), 401, "unauthorized")
        _error(getattr(client, method)(path, headers=submitter), 403, "forbidden")


def test_roles_per_endpoint(client, keys, web):
    rid = _seed(web, p=0.3)
    ml = keys("ml")
    _error(client.get(QUEUE, headers=ml), 403, "forbidden")
    _error(
        client.post(f"/api/v1/reports/{rid}/review", json={"accept": True}, headers=ml),
        403,
        "forbidden",
    )
    assert client.get(f"/api/v1/reports/{rid}/history", headers=ml).status_code == 200
    assert client.get("/api/v1/review/agreement", headers=ml).status_code == 200
    assert client.get(QUEUE, headers=keys("admin")).status_code == 200


def test_queue_view_hides_why_an_item_is_there(client, keys, web):
    qc = _seed(web, harm="mild", p=0.99, qc_rate=1.0)
    unsure = _seed(web, harm="mild", p=0.55)
    severe = _seed(web, harm="severe", p=0.99)
    resp = client.get(QUEUE, headers=keys("analyst"))
    assert resp.status_code == 200
    body = resp.json
    assert body["total"] == 3 and body["limit"] == 50 and body["offset"] == 0
    assert [i["id"] for i in body["items"]] == [severe, unsure, qc]
    # A QC draw looks like any other item: same fields, no routing reasons or priority.
    shapes = {tuple(sorted(i)) for i in body["items"]}
    assert len(shapes) == 1
    assert not {"reasons", "priority", "review"} & set(body["items"][0])
    item = body["items"][2]
    assert item["codes"]["source"] == "model"
    assert item["codes"]["harm"]["code"] == "mild"
    assert item["redacted_text"].startswith("Pt found")
    assert item["claim"] == {"claimed_by_me": False, "expires_at": None}
    reviewed = client.post(
        f"/api/v1/reports/{qc}/review", json={"accept": True}, headers=keys("analyst")
    )
    assert reviewed.status_code == 201
    assert reviewed.json["report"]["review"]["reasons"] == []


def test_queue_filters(client, keys, web):
    low = _seed(web, event_type="fall", harm="mild", p=0.3)
    severe = _seed(web, event_type="medication", harm="severe", p=0.95)
    analyst = keys("analyst")
    for query, expected in (
        ("", [severe, low]),
        ("event_type=medication", [severe]),
        ("reason=low_confidence", [low]),
        ("event_type=fall&reason=severe_harm", []),
        ("event_type=&reason=", [severe, low]),
    ):
        body = client.get(f"{QUEUE}?{query}", headers=analyst).json
        assert [i["id"] for i in body["items"]] == expected, query
        assert body["total"] == len(expected), query


def test_queue_bad_query_arguments(client, keys):
    analyst = keys("analyst")
    for query in (
        "limit=0",
        "limit=x",
        "offset=-1",
        "limit=100000",
        "event_type=nope",
        "reason=nope",
        "reason=quality_control",
    ):
        resp = client.get(f"{QUEUE}?{query}", headers=analyst)
        _error(resp, 400, "query_invalid")


def test_claim_and_skip(client, keys, web):
    first = _seed(web, harm="severe", p=0.3)
    second = _seed(web, harm="mild", p=0.3)
    ann, bob = keys("analyst", name="ann"), keys("analyst", name="bob")
    resp = client.post(f"/api/v1/review/{first}/claim", headers=ann)
    assert resp.status_code == 200
    assert (
        resp.json["claim"]["claimed_by_me"] is True and resp.json["claim"]["expires_at"]
    )
    _error(
        client.post(f"/api/v1/review/{first}/claim", headers=bob), 409, "review_claimed"
    )
    assert [i["id"] for i in client.get(QUEUE, headers=bob).json["items"]] == [second]
    skipped = client.post(f"/api/v1/review/{first}/skip", headers=ann)
    assert skipped.status_code == 200 and skipped.json == {
        "report_id": first,
        "skipped": True,
    }
    assert [i["id"] for i in client.get(QUEUE, headers=ann).json["items"]] == [
        second,
        first,
    ]
    assert [i["id"] for i in client.get(QUEUE, headers=bob).json["items"]] == [
        first,
        second,
    ]
    _error(client.post("/api/v1/review/nope/claim", headers=ann), 404, "not_found")


def test_review_stores_a_new_coding_and_history_shows_it(client, keys, web):
    rid = _seed(web, event_type="fall", harm="mild", p=0.3)
    ann = keys("analyst", name="ann")
    resp = client.post(
        f"/api/v1/reports/{rid}/review",
        json={
            "harm": "moderate",
            "factors": ["environment"],
            "reason": "CT showed fracture",
        },
        headers=ann,
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["review"]["round"] == 1 and body["review"]["state"] == "reviewed"
    assert body["review"]["changed"] == ["harm", "factors"]
    codes = body["report"]["codes"]
    assert codes["source"] == "analyst" and codes["coded_by"] == "analyst:ann"
    assert codes["harm"]["code"] == "moderate" and codes["event_type"]["code"] == "fall"
    assert body["report"]["review"]["state"] == "reviewed"
    history = client.get(f"/api/v1/reports/{rid}/history", headers=ann).json
    assert [
        (c["source"], c["created_by"], c["review_round"]) for c in history["codings"]
    ] == [
        ("model", "submitter:test", None),
        ("analyst", "analyst:ann", 1),
    ]
    assert history["codings"][0]["model_version"] == "m1"
    assert history["codings"][1]["reason"] == "CT showed fracture"
    assert client.get(QUEUE, headers=ann).json["total"] == 0
    # Accepting the (now analyst) codes is a review too.
    again = client.post(
        f"/api/v1/reports/{rid}/review", json={"accept": True}, headers=ann
    )
    assert again.status_code == 201 and again.json["review"]["changed"] == []


BAD_REVIEWS = [
    ({"event_type": "slip_and_fall"}, "code_invalid"),
    ({"factors": ["bad_luck"]}, "code_invalid"),
    ({"event_kind": "near_miss"}, "codes_contradict"),
    ({}, "review_empty"),
    ({"accept": True, "harm": "death"}, "review_ambiguous"),
    ({"accept": True, "reviewer": "me"}, "validation_failed"),
    ({"harm": 3}, "validation_failed"),
    ({"accept": True, "reason": "x" * 2001}, "validation_failed"),
    ([], "validation_failed"),
]


def test_bad_reviews_store_nothing(client, keys, web):
    rid = _seed(web, p=0.3)
    analyst = keys("analyst")
    for body, code in BAD_REVIEWS:
        resp = client.post(f"/api/v1/reports/{rid}/review", json=body, headers=analyst)
        _error(resp, 400, code)
    with web.extensions["triage"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 1
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_review_transport_errors(client, keys, web):
    rid = _seed(web, p=0.3)
    analyst = keys("analyst")
    path = f"/api/v1/reports/{rid}/review"
    _error(
        client.post(path, data="accept", headers=analyst), 415, "unsupported_media_type"
    )
    _error(
        client.post(path, data="{", headers=analyst, content_type="application/json"),
        400,
        "malformed_json",
    )
    _error(
        client.post(
            "/api/v1/reports/missing/review", json={"accept": True}, headers=analyst
        ),
        404,
        "not_found",
    )


def test_there_is_no_path_to_rewrite_history(client, keys, web):
    rid = _seed(web, p=0.3)
    admin = keys("admin")
    assert (
        client.post(
            f"/api/v1/reports/{rid}/review", json={"accept": True}, headers=admin
        ).status_code
        == 201
    )
    for method in ("put", "patch", "delete"):
        for path in (f"/api/v1/reports/{rid}/review", f"/api/v1/reports/{rid}/history"):
            resp = getattr(client, method)(path, headers=admin)
            assert resp.status_code == 405, (method, path)
            assert resp.json["error"]["code"] == "method_not_allowed"


def test_second_review_is_blind_in_the_api(db_url, tmp_path):
    for app in app_lifetime(make_app(db_url, tmp_path / "r", REVIEW_SECOND_RATE=1.0)):
        client, keys = app.test_client(), key_maker(app)
        rid = _seed(app, event_type="fall", harm="mild", p=0.3)
        ann, bob, ml = (
            keys("analyst", name="ann"),
            keys("analyst", name="bob"),
            keys("ml"),
        )
        first = client.post(
            f"/api/v1/reports/{rid}/review",
            json={"event_type": "medication"},
            headers=ann,
        )
        assert first.json["review"]["state"] == "second_review"
        assert client.get(QUEUE, headers=ann).json["total"] == 0
        item = client.get(QUEUE, headers=bob).json["items"][0]
        assert item["id"] == rid and item["codes"]["event_type"]["code"] == "fall"
        bob_view = client.get(f"/api/v1/reports/{rid}/history", headers=bob).json
        assert [c["source"] for c in bob_view["codings"]] == ["model"]
        assert (
            len(
                client.get(f"/api/v1/reports/{rid}/history", headers=ann).json[
                    "codings"
                ]
            )
            == 2
        )
        assert (
            len(
                client.get(f"/api/v1/reports/{rid}/history", headers=ml).json["codings"]
            )
            == 2
        )
        _error(
            client.post(
                f"/api/v1/reports/{rid}/review", json={"accept": True}, headers=ann
            ),
            403,
            "second_review_same_analyst",
        )
        second = client.post(
            f"/api/v1/reports/{rid}/review", json={"accept": True}, headers=bob
        )
        assert second.status_code == 201 and second.json["review"]["round"] == 2
        agreement = client.get("/api/v1/review/agreement", headers=ml).json
        assert agreement["inter_analyst"]["pairs"] == 1
        assert agreement["inter_analyst"]["event_type"]["observed_agreement"] == 0.0
        assert agreement["harm_weighting"] == "quadratic"
        assert agreement["model_vs_analyst"]["reviewed"]["n"] == 1


def test_agreement_window_arguments(client, keys):
    analyst = keys("analyst")
    for query, ok in (
        ("from=2026-01-01&to=2026-01-31", True),
        ("from=2026-01-01T00:00:00Z", True),
        ("model_version=m1", True),
        ("from=yesterday", False),
        ("from=2026-02-01&to=2026-01-01", False),
    ):
        resp = client.get(f"/api/v1/review/agreement?{query}", headers=analyst)
        if ok:
            assert resp.status_code == 200 and "window" in resp.json, query
        else:
            _error(resp, 400, "query_invalid")


def test_openapi_documents_the_review_routes(client):
    doc = client.get("/api/v1/openapi.json").json
    for path, method in (
        ("/api/v1/review/queue", "get"),
        ("/api/v1/review/{report_id}/claim", "post"),
        ("/api/v1/review/{report_id}/skip", "post"),
        ("/api/v1/reports/{report_id}/review", "post"),
        ("/api/v1/reports/{report_id}/history", "get"),
        ("/api/v1/review/agreement", "get"),
        ("/api/v1/aggregates", "get"),
        ("/api/v1/exports/reports.csv", "get"),
        ("/api/v1/models", "get"),
        ("/api/v1/models/{version}/promote", "post"),
        ("/api/v1/models/rollback", "post"),
        ("/api/v1/models/train", "post"),
    ):
        assert method in doc["paths"][path], path
    assert "ReviewIn" in doc["components"]["schemas"]
    queue = doc["paths"]["/api/v1/review/queue"]["get"]["parameters"]
    assert {"event_type", "reason"} <= {p["name"] for p in queue}
