"""Job API: upload NDJSON for asynchronous intake, follow its progress."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from triage.errors import InputError
from triage.jobs.intake_jobs import JobQueue
from triage.store.models import Job
from triage.web.auth import current_principal, require_role
from triage.web.openapi import Operation, UnsupportedMediaType, document
from triage.web.reports import NotFound
from triage.web.runtime import runtime
from triage.web.schemas import JobOut, ReportIn

bp = Blueprint("jobs", __name__, url_prefix="/api/v1")

NDJSON = ("application/x-ndjson", "application/jsonl", "application/ndjson")


def job_out(job: Job) -> dict[str, object]:
    """The API view of a job (error codes and line numbers, never text)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "errors": list(job.errors or []),
        "result": dict(job.result or {}),
        "created_at": job.created_at.isoformat(),
        "updated_at": job.updated_at.isoformat(),
    }


def _queue() -> JobQueue:
    rt = runtime()
    return JobQueue(rt.db, rt.settings, rt.redis)


@bp.post("/jobs")
@document(
    Operation(
        "/api/v1/jobs",
        "POST",
        "Upload NDJSON (one report per line) for async intake",
        ("submitter", "admin"),
        body=ReportIn,
        body_media="application/x-ndjson",
        responses={202: JobOut},
        tag="jobs",
    )
)
@require_role("submitter", "admin")
def create_job() -> tuple[Response, int]:
    """202 with the job; 503 when the queue is down (nothing is stored then)."""
    if request.mimetype not in NDJSON:
        raise UnsupportedMediaType()
    body = request.get_data(cache=False)
    if not body.strip():
        raise InputError("job_empty", "the upload holds no items")
    job_id = _queue().create(current_principal(), body)
    with runtime().db.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        view = job_out(job)
    resp = jsonify(view)
    resp.headers["Location"] = url_for("jobs.get_job", job_id=job_id)
    return resp, 202


@bp.get("/jobs/<job_id>")
@document(
    Operation(
        "/api/v1/jobs/<job_id>",
        "GET",
        "A job's progress and per-item errors",
        ("submitter", "analyst", "ml", "admin"),
        responses={200: JobOut},
        tag="jobs",
    )
)
@require_role("submitter", "analyst", "ml", "admin")
def get_job(job_id: str) -> Response:
    """Progress of a job (404 for another facility's job)."""
    principal = current_principal()
    with runtime().db.session() as s:
        job = s.get(Job, job_id)
        if job is None or (
            principal.role == "submitter" and job.facility_id != principal.facility_id
        ):
            raise NotFound(message="no such job")
        return jsonify(job_out(job))
