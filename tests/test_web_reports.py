"""Intake and report API through the real app, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import func, select

from triage.store.models import AuditEvent, Coding, Report

PATIENT = "Zebulon Quackenbush"
MRN = "88231477"
NARRATIVE = (
    f"Pt {PATIENT} (MRN {MRN}) found on floor beside bed at 0340 by RN Kim Moore. "
    "2 cm lac to forehead, CT head neg, bed alarm was off. Dr. Okafor notified."
)


def _count(app, model) -> int:
    with app.extensions["triage"].db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _post(client, headers, body, path="/api/v1/reports"):
    return client.post(path, json=body, headers=headers)


@pytest.fixture
def submitter(make_key):
    return make_key("submitter", "F001")


def test_submit_codes_redacts_and_stores(client, app, submitter):
    resp = _post(
        client,
        submitter,
        {
            "external_id": "INC-1",
            "narrative": NARRATIVE,
            "occurred_on": "2026-03-14",
            "location_type": "med-surg",
        },
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["facility"] == "F001"
    assert PATIENT not in body["redacted_text"] and MRN not in body["redacted_text"]
    assert "<PERSON_1>" in body["redacted_text"]
    assert body["codes"]["event_type"]["code"] == "fall"
    assert 0 < body["codes"]["event_type"]["probability"] <= 1
    assert body["codes"]["model_version"]
    # the shipped model's estimate that its event type or harm is wrong
    assert 0 <= body["codes"]["error_risk"] <= 1
    assert isinstance(body["review"]["queued"], bool)
    assert resp.headers["X-Request-ID"]
    with app.extensions["triage"].db.session() as s:
        row = s.scalar(select(Report))
        assert row.redacted_text == body["redacted_text"]
        assert PATIENT not in row.narrative_hmac
        stored = json.dumps([row.flags, row.phi_entities, row.review_reasons])
        assert PATIENT not in stored and MRN not in stored
    assert _count(app, Coding) == 1
    assert _count(app, AuditEvent) >= 1


def test_retry_is_idempotent_and_changed_narrative_conflicts(client, app, submitter):
    first = _post(client, submitter, {"external_id": "INC-2", "narrative": NARRATIVE})
    again = _post(client, submitter, {"external_id": "INC-2", "narrative": NARRATIVE})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    changed = _post(
        client, submitter, {"external_id": "INC-2", "narrative": NARRATIVE + " x"}
    )
    assert changed.status_code == 409
    assert changed.json["error"]["code"] == "external_id_conflict"
    assert PATIENT not in changed.get_data(as_text=True)
    assert _count(app, Report) == 1


def test_same_external_id_at_two_facilities_are_two_reports(client, app, make_key):
    a = _post(
        client,
        make_key("submitter", "F001"),
        {"external_id": "X", "narrative": NARRATIVE},
    )
    b = _post(
        client,
        make_key("submitter", "F002"),
        {"external_id": "X", "narrative": NARRATIVE},
    )
    assert (a.status_code, b.status_code) == (201, 201)
    assert _count(app, Report) == 2


BAD_BODIES = [
    ({"narrative": NARRATIVE}, 400, "validation_failed"),  # missing external_id
    (
        {"external_id": "A", "narrative": NARRATIVE, "colour": "red"},
        400,
        "validation_failed",
    ),
    ({"external_id": "A", "narrative": 42}, 400, "validation_failed"),
    ({"external_id": "A", "narrative": ""}, 400, "validation_failed"),
    ({"external_id": "A", "narrative": "   \n\t "}, 400, "narrative_empty"),
    ({"external_id": "A", "narrative": "x" * 20_001}, 400, "narrative_too_long"),
    (
        {"external_id": "A", "narrative": "pt fell \x00\x07 at 0300"},
        400,
        "narrative_control_chars",
    ),
    ({"external_id": "A b c", "narrative": NARRATIVE}, 400, "validation_failed"),
    (
        {"external_id": "A", "narrative": NARRATIVE, "occurred_on": "yesterday"},
        400,
        "validation_failed",
    ),
    ([1, 2], 400, "validation_failed"),
]


@pytest.mark.parametrize(("body", "status", "code"), BAD_BODIES)
def test_bad_input_is_refused_and_stores_nothing(
    client, app, submitter, body, status, code
):
    resp = _post(client, submitter, body)
    assert resp.status_code == status, resp.json
    assert resp.json["error"]["code"] == code
    assert PATIENT not in resp.get_data(as_text=True)
    assert _count(app, Report) == 0


@pytest.mark.parametrize(
    ("data", "ctype", "status", "code"),
    [
        (
            b'{"external_id": "A", "narrative": "' + PATIENT.encode() + b'"',
            "application/json",
            400,
            "malformed_json",
        ),
        (
            b'{"external_id": "A", "narrative": "\xff\xfe"}',
            "application/json",
            400,
            "invalid_encoding",
        ),
        (
            json.dumps({"external_id": "A", "narrative": NARRATIVE}).encode(),
            "text/plain",
            415,
            "unsupported_media_type",
        ),
        (b"x" * (6 * 1024 * 1024), "application/json", 413, "request_too_large"),
    ],
)
def test_malformed_requests(client, app, submitter, data, ctype, status, code):
    resp = client.post(
        "/api/v1/reports", data=data, content_type=ctype, headers=submitter
    )
    assert resp.status_code == status
    assert resp.json["error"]["code"] == code
    assert PATIENT not in resp.get_data(as_text=True)
    assert _count(app, Report) == 0


def test_sql_and_html_are_just_text(client, app, submitter):
    evil = (
        "Robert'); DROP TABLE reports;-- <script>alert(1)</script> pt fell in bathroom"
    )
    resp = _post(client, submitter, {"external_id": "INJ", "narrative": evil})
    assert resp.status_code == 201
    assert "DROP TABLE reports" in resp.json["redacted_text"]
    assert "<script>" in resp.json["redacted_text"]
    assert resp.mimetype == "application/json"
    assert _count(app, Report) == 1


def test_auth_roles_and_facilities(client, app, make_key):
    assert (
        _post(client, {}, {"external_id": "A", "narrative": NARRATIVE}).status_code
        == 401
    )
    bogus = {"Authorization": "Bearer pt_deadbeef_nope"}
    assert (
        _post(client, bogus, {"external_id": "A", "narrative": NARRATIVE}).status_code
        == 401
    )
    analyst = make_key("analyst")
    assert (
        _post(client, analyst, {"external_id": "A", "narrative": NARRATIVE}).status_code
        == 403
    )
    own = make_key("submitter", "F001")
    other = make_key("submitter", "F002")
    rid = _post(client, own, {"external_id": "A", "narrative": NARRATIVE}).json["id"]
    assert client.get(f"/api/v1/reports/{rid}", headers=own).status_code == 200
    assert client.get(f"/api/v1/reports/{rid}", headers=other).status_code == 404
    assert client.get(f"/api/v1/reports/{rid}", headers=analyst).status_code == 200
    assert client.get("/api/v1/reports", headers=other).json["items"] == []
    wrong_fac = _post(
        client, own, {"external_id": "B", "narrative": NARRATIVE, "facility": "F002"}
    )
    assert wrong_fac.status_code == 400
    admin = make_key("admin")
    unknown = _post(
        client, admin, {"external_id": "C", "narrative": NARRATIVE, "facility": "NOPE"}
    )
    assert (
        unknown.status_code == 404
        and unknown.json["error"]["code"] == "facility_unknown"
    )
    assert _count(app, Report) == 1


def test_revoked_key_is_refused(client, app, make_key):
    from triage.auth.api_keys import revoke_client
    from triage.store.models import ApiClient

    headers = make_key("submitter", "F001")
    with app.extensions["triage"].db.session() as s:
        revoke_client(s, s.scalar(select(ApiClient.id)))
    resp = _post(client, headers, {"external_id": "A", "narrative": NARRATIVE})
    assert resp.status_code == 401
    assert _count(app, Report) == 0


def test_batch_per_item_results(client, app, submitter):
    items = [
        {"external_id": "B1", "narrative": NARRATIVE},
        {"external_id": "B2", "narrative": "   "},
        {
            "external_id": "B3",
            "narrative": "Wrong dose of heparin given, caught by pharmacist.",
        },
        {"external_id": "B1", "narrative": NARRATIVE},
        {"narrative": "no id"},
    ]
    resp = client.post(
        "/api/v1/reports/batch", json={"reports": items}, headers=submitter
    )
    assert resp.status_code == 200
    statuses = [r["status"] for r in resp.json["results"]]
    assert statuses == [201, 400, 201, 200, 400]
    assert (
        resp.json["results"][3]["report"]["id"]
        == resp.json["results"][0]["report"]["id"]
    )
    assert (resp.json["created"], resp.json["existing"], resp.json["failed"]) == (
        2,
        1,
        2,
    )
    assert _count(app, Report) == 2


def test_batch_over_the_limit(client, app, submitter):
    items = [{"external_id": f"L{i}", "narrative": "pt fell"} for i in range(501)]
    resp = client.post(
        "/api/v1/reports/batch", json={"reports": items}, headers=submitter
    )
    assert resp.status_code == 400 and resp.json["error"]["code"] == "batch_too_large"
    assert _count(app, Report) == 0


def test_list_filters_and_cursor_pagination(client, app, submitter):
    texts = {
        "fall": "Pt found on floor next to bed, unwitnessed fall, no injury noted.",
        "medication": "Pt got 10 units insulin instead of 1 unit, BG 45, D50 given.",
    }
    for i in range(5):
        for kind, text in texts.items():
            _post(
                client,
                submitter,
                {
                    "external_id": f"{kind}-{i}",
                    "narrative": text,
                    "occurred_on": f"2026-0{i + 1}-10",
                },
            )
    seen, cursor = [], None
    while True:
        q = "/api/v1/reports?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(q, headers=submitter).json
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 10
    falls = client.get(
        "/api/v1/reports?event_type=fall&limit=50", headers=submitter
    ).json["items"]
    assert falls and all(r["codes"]["event_type"]["code"] == "fall" for r in falls)
    dated = client.get(
        "/api/v1/reports?from=2026-02-01&to=2026-03-31", headers=submitter
    ).json
    assert len(dated["items"]) == 4
    assert (
        client.get("/api/v1/reports?cursor=@@@", headers=submitter).status_code == 400
    )
    assert client.get("/api/v1/reports?limit=0", headers=submitter).status_code == 400
    assert (
        client.get("/api/v1/reports?from=13/13", headers=submitter).status_code == 400
    )


def test_unknown_report_is_404_json(client, submitter):
    resp = client.get("/api/v1/reports/doesnotexist", headers=submitter)
    assert resp.status_code == 404 and resp.json["error"]["code"] == "not_found"
    assert (
        client.get("/api/v1/nope", headers=submitter).json["error"]["code"]
        == "not_found"
    )
    assert client.delete("/api/v1/reports", headers=submitter).status_code == 405


def test_no_phi_in_logs(client, submitter, caplog):
    caplog.set_level(logging.DEBUG)
    _post(client, submitter, {"external_id": "LOG-1", "narrative": NARRATIVE})
    _post(
        client, submitter, {"external_id": "LOG-1", "narrative": NARRATIVE + " changed"}
    )
    _post(client, submitter, {"external_id": "LOG-2", "narrative": NARRATIVE + "\x00"})
    text = "\n".join(
        r.getMessage() + json.dumps(vars(r), default=str) for r in caplog.records
    )
    assert PATIENT not in text and MRN not in text and "Moore" not in text


def test_request_id_is_echoed(client, submitter):
    resp = client.get(
        "/api/v1/reports", headers={**submitter, "X-Request-ID": "abc-123"}
    )
    assert resp.headers["X-Request-ID"] == "abc-123"
    weird = client.get(
        "/api/v1/reports", headers={**submitter, "X-Request-ID": "<bad id>"}
    )
    assert weird.headers["X-Request-ID"] != "<bad id>"


def test_openapi_document_describes_the_routes(client):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert {
        "/api/v1/reports",
        "/api/v1/reports/batch",
        "/api/v1/reports/{report_id}",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
    } <= set(doc["paths"])
    body = doc["paths"]["/api/v1/reports"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert set(doc["components"]["schemas"][ref]["required"]) == {
        "external_id",
        "narrative",
    }
    assert client.get("/api/v1/docs").status_code == 200


def test_health_ready_and_metrics(client, submitter):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"]["database"] == "ok"
    _post(client, submitter, {"external_id": "M1", "narrative": NARRATIVE})
    metrics = client.get("/metrics").get_data(as_text=True)
    assert (
        'triage_http_requests_total{endpoint="/api/v1/reports",method="POST",status="201"}'
        in metrics
    )
    assert "triage_model_info" in metrics
    assert PATIENT not in metrics and "Moore" not in metrics
