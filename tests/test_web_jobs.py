"""Asynchronous intake jobs on real Redis and RQ workers: progress, per-item errors,
a worker killed mid-job, Redis down."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from rq import Queue, SimpleWorker
from sqlalchemy import func, select

from triage.jobs.intake_jobs import QUEUE_NAME, bind_worker
from triage.store.models import Job, PendingNarrative, Report

PATIENT = "Philomena Vanderplas"
TEXTS = [
    f"Pt {PATIENT} found on floor beside bed, no injury noted.",
    "Insulin 10 units given instead of 1 unit, BG 48, D50 given, pt recovered.",
    "Foley not removed POD 3, pt developed fever and UTI, cultures sent.",
    "Stage 2 pressure injury found on sacrum, Braden 12 on admission.",
]


@pytest.fixture
def redis_conn(app):
    conn = app.extensions["triage"].redis
    try:
        conn.ping()
    except Exception:
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable in CI")
        pytest.skip("Redis not reachable")
    conn.flushdb()
    yield conn
    conn.flushdb()


def _ndjson(n: int, bad_every: int = 0) -> bytes:
    lines = []
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            lines.append(b'{"external_id": "broken", "narrative": ')
        else:
            lines.append(
                json.dumps(
                    {
                        "external_id": f"J-{i}",
                        "narrative": f"{TEXTS[i % len(TEXTS)]} (#{i})",
                    }
                ).encode()
            )
    return b"\n".join(lines) + b"\n"


def _post_job(client, headers, body: bytes):
    return client.post(
        "/api/v1/jobs", data=body, content_type="application/x-ndjson", headers=headers
    )


def _counts(app, job_id):
    with app.extensions["triage"].db.session() as s:
        reports = s.scalar(select(func.count()).select_from(Report))
        dupes = s.execute(
            select(Report.external_id, func.count())
            .group_by(Report.external_id)
            .having(func.count() > 1)
        ).all()
        pending = s.scalar(
            select(func.count())
            .select_from(PendingNarrative)
            .where(PendingNarrative.job_id == job_id)
        )
    return reports, dupes, pending


def test_job_runs_to_completion_with_item_errors(
    app, client, make_key, redis_conn, processor
):
    headers = make_key("submitter", "F001")
    resp = _post_job(client, headers, _ndjson(12, bad_every=4))
    assert resp.status_code == 202, resp.json
    job_id = resp.json["id"]
    assert resp.json["status"] == "queued" and resp.json["total"] == 12
    with app.extensions["triage"].db.session() as s:
        sealed = s.scalars(select(PendingNarrative.ciphertext)).all()
    assert len(sealed) == 9 and all(PATIENT.encode() not in c for c in sealed)
    rt = app.extensions["triage"]
    bind_worker(rt.db, rt.settings, processor)
    SimpleWorker(
        [Queue(QUEUE_NAME, connection=redis_conn)], connection=redis_conn
    ).work(burst=True)
    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json
    assert (job["status"], job["done"], job["failed"]) == ("finished", 9, 3)
    assert sorted(e["index"] for e in job["errors"]) == [3, 7, 11]
    assert PATIENT not in json.dumps(job)
    reports, dupes, pending = _counts(app, job_id)
    assert (reports, dupes, pending) == (9, [], 0)
    other = make_key("submitter", "F002")
    assert client.get(f"/api/v1/jobs/{job_id}", headers=other).status_code == 404


def test_worker_killed_mid_job_loses_and_duplicates_nothing(
    app, client, make_key, redis_conn, db_url
):
    headers = make_key("submitter", "F001")
    n = 160
    job_id = _post_job(client, headers, _ndjson(n)).json["id"]
    settings = app.extensions["triage"].settings
    env = {
        **os.environ,
        "TRIAGE_DATABASE_URL": db_url,
        "TRIAGE_REDIS_URL": settings.REDIS_URL or "",
        "TRIAGE_MODEL_REGISTRY": str(settings.MODEL_REGISTRY),
        "TRIAGE_SECRET_KEY": settings.SECRET_KEY,
        "TRIAGE_NARRATIVE_KEY": settings.NARRATIVE_KEY,
        "TRIAGE_INSTANCE_PATH": str(app.instance_path),
    }
    cmd = [sys.executable, "-m", "triage.cli", "worker", "--burst"]
    worker = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with app.extensions["triage"].db.session() as s:
            done = s.scalar(select(Job.done).where(Job.id == job_id)) or 0
        if done > 0 or worker.poll() is not None:
            break
        time.sleep(0.2)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    reports, dupes, pending = _counts(app, job_id)
    assert 0 < reports < n and dupes == [] and pending > 0
    # A new worker recovers the abandoned job and finishes it.
    finished = subprocess.run(cmd, env=env, capture_output=True, timeout=600)
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    assert PATIENT.encode() not in finished.stderr
    job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json
    assert job["status"] == "finished" and job["done"] == n and job["failed"] == 0
    assert _counts(app, job_id) == (n, [], 0)


def _app_with(db_url, processor, **overrides):
    from triage.auth.api_keys import create_client
    from triage.store.db import upgrade
    from triage.store.models import Facility
    from triage.web.app import create_app

    upgrade(db_url)
    app = create_app(
        {
            "DATABASE_URL": db_url,
            "SECRET_KEY": "s" * 40,
            "NARRATIVE_KEY": "n" * 40,
            "MODEL_REGISTRY": str(processor.model.registry.root),
            **overrides,
        },
        processor=processor,
    )
    with app.extensions["triage"].db.session() as s:
        s.add(Facility(code="F1", name="F"))
        s.flush()
        _, key = create_client(s, "x", "submitter", "F1")
    return app, {"Authorization": f"Bearer {key}"}


def test_redis_down_refuses_jobs_but_sync_intake_works(db_url, processor):
    app, headers = _app_with(db_url, processor, REDIS_URL="redis://127.0.0.1:6399/0")
    client = app.test_client()
    resp = _post_job(client, headers, _ndjson(3))
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    assert resp.json["error"]["code"] == "queue_unavailable"
    with app.extensions["triage"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(Job)) == 0
        assert s.scalar(select(func.count()).select_from(PendingNarrative)) == 0
    ok = client.post(
        "/api/v1/reports",
        json={"external_id": "S1", "narrative": TEXTS[0]},
        headers=headers,
    )
    assert ok.status_code == 201
    assert client.get("/readyz").status_code == 503
    app.extensions["triage"].db.dispose()


@pytest.mark.parametrize(
    ("body", "ctype", "status", "code"),
    [
        (b"", "application/x-ndjson", 400, "job_empty"),
        (_ndjson(2), "application/json", 415, "unsupported_media_type"),
    ],
)
def test_bad_job_uploads(client, make_key, redis_conn, body, ctype, status, code):
    resp = client.post(
        "/api/v1/jobs",
        data=body,
        content_type=ctype,
        headers=make_key("submitter", "F001"),
    )
    assert resp.status_code == status and resp.json["error"]["code"] == code


def test_job_over_the_item_limit_stores_nothing(db_url, processor, redis_conn):
    app, headers = _app_with(
        db_url, processor, MAX_JOB_ITEMS=5, REDIS_URL="redis://127.0.0.1:6379/15"
    )
    resp = _post_job(app.test_client(), headers, _ndjson(6))
    assert resp.status_code == 400 and resp.json["error"]["code"] == "job_too_large"
    with app.extensions["triage"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(Job)) == 0
    app.extensions["triage"].db.dispose()
