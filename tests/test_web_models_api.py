"""Model API through the real app: list, gated promotion, rollback, training jobs.

Real trained models (the session's tiny model and a deliberately weak one), a real
registry in tmp_path, real Redis and a real RQ worker for the training job.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from web_fixtures import (
    TEST_REDIS,
    app_lifetime,
    key_maker,
    make_app,
    registry_with,
    tiny_corpus,
    tiny_model,
    weak_model_dir,
)

from triage.corpus.records import read_jsonl
from triage.labels.compare import compare_versions
from triage.store.models import AuditEvent, Job, ModelVersionRecord

METRICS = ("event_type_macro_f1", "harm_qwk")


@pytest.fixture
def setup(db_url, tmp_path):
    registry, (good, weak) = registry_with(
        tmp_path / "registry", tiny_model(), weak_model_dir()
    )
    for app in app_lifetime(
        make_app(db_url, registry.root, TRAINING_CORPUS=str(tiny_corpus()))
    ):
        yield app, registry, good, weak


def _compare(app, registry, candidate, against):
    records = list(read_jsonl(tiny_corpus() / "test.jsonl"))
    return compare_versions(
        app.extensions["triage"].db,
        registry,
        candidate,
        against,
        records,
        "tiny_test",
        METRICS,
        0.0,
    )


def test_list_models_and_roles(setup):
    app, registry, good, weak = setup
    client, keys = app.test_client(), key_maker(app)
    resp = client.get("/api/v1/models", headers=keys("ml"))
    assert resp.status_code == 200
    body = resp.json
    assert body["active"] == good
    listed = {v["version"]: v for v in body["versions"]}
    assert set(listed) == {good, weak}
    assert listed[good]["active"] and not listed[weak]["active"]
    assert "overall" in listed[good]["metrics"]["dev"]
    assert client.get("/api/v1/models").status_code == 401
    for role in ("analyst", "submitter"):
        headers = keys(role, "F1") if role == "submitter" else keys(role)
        assert client.get("/api/v1/models", headers=headers).status_code == 403
        assert (
            client.post(f"/api/v1/models/{weak}/promote", headers=headers).status_code
            == 403
        )
        assert client.post("/api/v1/models/train", headers=headers).status_code == 403
    assert registry.active_version() == good


def test_promotion_is_gated_on_a_shared_evaluation(setup):
    app, registry, good, weak = setup
    client, ml = app.test_client(), key_maker(app)("ml")
    refused = client.post(f"/api/v1/models/{weak}/promote", headers=ml)
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "model_not_compared"
    assert registry.active_version() == good

    comparison = _compare(app, registry, weak, good)
    assert comparison.worse, comparison  # the weak model really is worse
    worse = client.post(
        f"/api/v1/models/{weak}/promote", json={"force": False}, headers=ml
    )
    assert worse.status_code == 409
    assert worse.json["error"]["code"] == "model_worse"
    assert set(worse.json["error"]["details"]["worse"]) == set(comparison.worse)
    assert registry.active_version() == good

    forced = client.post(
        f"/api/v1/models/{weak}/promote", json={"force": True}, headers=ml
    )
    assert forced.status_code == 200, forced.json
    assert forced.json["active"] == weak and forced.json["previous"] == good
    assert forced.json["forced"] is True
    assert forced.json["comparison"]["basis"] == "tiny_test"
    assert registry.active_version() == weak

    # Back to the better model: it is not worse than the active one, so no force.
    better = client.post(f"/api/v1/models/{good}/promote", headers=ml)
    assert better.status_code == 200, better.json
    assert better.json["forced"] is False and registry.active_version() == good
    with app.extensions["triage"].db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "model")).all()
        assert [(e.action, e.entity_id, e.details["forced"]) for e in events] == [
            ("model.promoted", weak, True),
            ("model.promoted", good, False),
        ]
        assert s.get(ModelVersionRecord, good).active
        assert not s.get(ModelVersionRecord, weak).active


def test_rollback_and_bad_requests(setup):
    app, registry, good, weak = setup
    client, ml = app.test_client(), key_maker(app)("ml")
    assert (
        client.post(
            f"/api/v1/models/{weak}/promote", json={"force": True}, headers=ml
        ).status_code
        == 200
    )
    back = client.post("/api/v1/models/rollback", headers=ml)
    assert back.status_code == 200 and back.json == {
        "active": good,
        "previous": weak,
        "forced": False,
        "comparison": None,
    }
    assert registry.active_version() == good
    none_left = client.post("/api/v1/models/rollback", headers=ml)
    assert none_left.status_code == 409
    assert none_left.json["error"]["code"] == "model_no_previous"
    for version in ("nope", "..", "a%2Fb"):
        resp = client.post(f"/api/v1/models/{version}/promote", headers=ml)
        assert resp.status_code == 404, version
    bad = client.post(
        f"/api/v1/models/{weak}/promote", json={"force": "yes please"}, headers=ml
    )
    assert bad.status_code == 400 and bad.json["error"]["code"] == "validation_failed"
    assert (
        client.post(
            "/api/v1/models/train", json={"heldout": 0.9}, headers=ml
        ).status_code
        == 400
    )


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_training_runs_as_a_worker_job(setup):
    from redis import Redis
    from rq import Queue, SimpleWorker

    from triage.jobs.training_jobs import TRAINING_QUEUE, bind_worker

    app, registry, good, _ = setup
    rt = app.extensions["triage"]
    client, keys = app.test_client(), key_maker(app)
    redis = Redis.from_url(TEST_REDIS)
    Queue(TRAINING_QUEUE, connection=redis).empty()
    resp = client.post("/api/v1/models/train", headers=keys("ml"))
    assert resp.status_code == 202, resp.json
    job_id = resp.json["id"]
    assert resp.json["status"] == "queued" and resp.json["total"] == 4
    assert resp.headers["Location"].endswith(f"/api/v1/jobs/{job_id}")

    bind_worker(rt.db, rt.settings)
    SimpleWorker([Queue(TRAINING_QUEUE, connection=redis)], connection=redis).work(
        burst=True, with_scheduler=False
    )
    progress = client.get(f"/api/v1/jobs/{job_id}", headers=keys("admin"))
    assert progress.status_code == 200
    assert progress.json["status"] == "finished", progress.json
    assert progress.json["done"] == progress.json["total"] == 4
    with rt.db.session() as s:
        job = s.get(Job, job_id)
        version = job.result["version"]
        assert job.kind == "training" and job.result["stage"] == "finished"
        assert job.result["comparison"]["basis"] == "corpus_test"
    assert registry.active_version() == good  # registered, not promoted
    listed = client.get("/api/v1/models", headers=keys("ml")).json
    new = next(v for v in listed["versions"] if v["version"] == version)
    assert new["evaluations"] and not new["active"]


def test_training_needs_the_queue(db_url, tmp_path):
    registry, _ = registry_with(tmp_path / "registry", tiny_model())
    for app in app_lifetime(
        make_app(db_url, registry.root, REDIS_URL="redis://127.0.0.1:1/0")
    ):
        resp = app.test_client().post(
            "/api/v1/models/train", headers=key_maker(app)("ml")
        )
        assert resp.status_code == 503
        assert resp.json["error"]["code"] == "queue_unavailable"
        assert resp.headers["Retry-After"]
        with app.extensions["triage"].db.session() as s:
            assert s.scalar(select(func.count()).select_from(Job)) == 0
