"""Large batches as jobs: sealed items wait in the database, RQ carries the job id.

A worker takes items in order, stores each report through the same idempotent intake
as the API, then deletes the sealed item and advances the job's progress. A worker
killed at any point loses nothing (items not yet deleted are still there) and
duplicates nothing (a re-stored item is found by its (facility, external_id) and
HMAC): `recover()` re-enqueues unfinished jobs when a worker starts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, select

from triage.auth.api_keys import Principal
from triage.config import Settings
from triage.errors import InputError, TriageError
from triage.intake.service import IntakeService, Submission
from triage.jobs.sealing import seal, unseal
from triage.store.db import Database
from triage.store.models import ApiClient, Job, PendingNarrative, utcnow
from triage.web.schemas import ReportIn

log = logging.getLogger("triage.jobs")

QUEUE_NAME = "triage-intake"
CHUNK = 32
MAX_ERRORS_KEPT = 1000


class QueueUnavailable(TriageError):
    """Redis cannot be reached: jobs cannot be accepted now."""

    http_status = 503
    default_code = "queue_unavailable"


def _error(
    index: int, exc: TriageError | None = None, code: str = "", message: str = ""
) -> dict[str, Any]:
    return {
        "index": index,
        "code": exc.code if exc else code,
        "message": exc.message if exc else message,
    }


def parse_ndjson(
    body: bytes, max_items: int
) -> tuple[list[tuple[int, dict[str, Any]]], list[dict[str, Any]]]:
    """Valid items (with 0-based line index) and per-line errors of an NDJSON body."""
    items: list[tuple[int, dict[str, Any]]] = []
    errors: list[dict[str, Any]] = []
    lines = [ln for ln in body.split(b"\n")]
    if lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > max_items:
        raise InputError("job_too_large", f"a job holds at most {max_items} items")
    for i, raw in enumerate(lines):
        if not raw.strip():
            errors.append(_error(i, code="empty_line", message="the line is empty"))
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            errors.append(
                _error(
                    i, code="invalid_encoding", message="the line is not valid UTF-8"
                )
            )
            continue
        except json.JSONDecodeError as exc:
            errors.append(
                _error(
                    i,
                    code="malformed_json",
                    message=f"malformed JSON at position {exc.pos}",
                )
            )
            continue
        try:
            item = ReportIn.model_validate(obj)
        except ValidationError as exc:
            fields = ",".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
            errors.append(
                _error(i, code="validation_failed", message=f"invalid fields: {fields}")
            )
            continue
        items.append((i, item.model_dump(mode="json")))
    return items, errors


@dataclass
class JobQueue:
    """Creates jobs and hands their ids to RQ."""

    db: Database
    settings: Settings
    redis: Any

    def _queue(self) -> Any:
        from rq import Queue

        return Queue(QUEUE_NAME, connection=self.redis)

    def ping(self) -> None:
        """Raise QueueUnavailable unless Redis answers."""
        if self.redis is None:
            raise QueueUnavailable(
                message="no job queue is configured (TRIAGE_REDIS_URL)"
            )
        try:
            self.redis.ping()
        except Exception as exc:
            raise QueueUnavailable(message="the job queue is unavailable") from exc

    def create(self, principal: Principal, body: bytes) -> str:
        """Store a job and its sealed items, then enqueue it; returns the job id."""
        self.ping()
        items, errors = parse_ndjson(body, self.settings.MAX_JOB_ITEMS)
        total = len(items) + len(errors)
        if total == 0:
            raise InputError("job_empty", "the upload holds no items")
        expires = utcnow() + timedelta(seconds=self.settings.JOB_NARRATIVE_TTL_SECONDS)
        with self.db.session() as s:
            job = Job(
                kind="intake",
                facility_id=principal.facility_id,
                client_id=principal.client_id,
                status="queued",
                total=total,
                done=0,
                failed=len(errors),
                errors=errors[:MAX_ERRORS_KEPT],
            )
            s.add(job)
            s.flush()
            for index, item in items:
                s.add(
                    PendingNarrative(
                        job_id=job.id,
                        item_index=index,
                        ciphertext=seal(self.settings.NARRATIVE_KEY, item),
                        expires_at=expires,
                    )
                )
            job_id = job.id
        try:
            self.enqueue(job_id)
        except Exception as exc:
            # Nothing may stay behind for a job no worker will ever see.
            with self.db.session() as s:
                s.execute(
                    delete(PendingNarrative).where(PendingNarrative.job_id == job_id)
                )
                s.execute(delete(Job).where(Job.id == job_id))
            raise QueueUnavailable(message="the job queue is unavailable") from exc
        return job_id

    def enqueue(self, job_id: str) -> None:
        """Put a job id on the queue (idempotent per job id)."""
        self._queue().enqueue_call(
            "triage.jobs.intake_jobs.run_job",
            args=(job_id,),
            job_id=f"intake-{job_id}",
            timeout=6 * 3600,
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )

    def recover(self) -> list[str]:
        """Re-enqueue jobs left unfinished by a dead worker; returns their ids."""
        from rq.job import Job as RqJob
        from rq.job import JobStatus

        with self.db.session() as s:
            ids = list(
                s.scalars(select(Job.id).where(Job.status.in_(("queued", "running"))))
            )
        resumed = []
        for job_id in ids:
            try:
                status = RqJob.fetch(
                    f"intake-{job_id}", connection=self.redis
                ).get_status()
            except Exception:
                status = None
            if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
                continue
            if status == JobStatus.STARTED:
                # Started by a worker that no longer exists (this one is starting).
                RqJob.fetch(f"intake-{job_id}", connection=self.redis).delete()
            elif status is not None:
                RqJob.fetch(f"intake-{job_id}", connection=self.redis).delete()
            self.enqueue(job_id)
            resumed.append(job_id)
        return resumed


# Set by `triage worker` in the worker process: the loaded pipeline is reused by
# every job instead of being loaded per job.
_WORKER: dict[str, Any] = {}


def bind_worker(db: Database, settings: Settings, processor: Any) -> None:
    """Give this process's jobs their database, settings and pipeline."""
    _WORKER.update(db=db, settings=settings, processor=processor)


def _principal(db: Database, job: Job) -> Principal:
    with db.session() as s:
        client = s.get(ApiClient, job.client_id) if job.client_id else None
        if client is None:
            return Principal(None, "job", "admin", job.facility_id)
        return Principal(client.id, client.name, client.role, client.facility_id)


def run_job(job_id: str) -> dict[str, int]:
    """Process a job's remaining items (the RQ task)."""
    db: Database = _WORKER["db"]
    settings: Settings = _WORKER["settings"]
    service = IntakeService(db, _WORKER["processor"], settings)
    with db.session() as s:
        job = s.get(Job, job_id)
        if job is None:
            return {"done": 0}
        job.status = "running"
    principal = _principal(db, job)
    while True:
        with db.session() as s:
            pending = list(
                s.scalars(
                    select(PendingNarrative)
                    .where(PendingNarrative.job_id == job_id)
                    .order_by(PendingNarrative.item_index)
                    .limit(CHUNK)
                )
            )
        if not pending:
            break
        now = utcnow()
        live, errors = [], []
        for p in pending:
            expires = (
                p.expires_at
                if p.expires_at.tzinfo
                else p.expires_at.replace(tzinfo=now.tzinfo)
            )
            if expires < now:
                errors.append(
                    _error(
                        p.item_index,
                        code="item_expired",
                        message="the item expired before it was processed",
                    )
                )
            else:
                live.append(p)
        subs = [
            Submission(**unseal(settings.NARRATIVE_KEY, p.ciphertext)) for p in live
        ]
        outcomes = service.submit(principal, subs) if subs else []
        for p, o in zip(live, outcomes, strict=True):
            if o.error is not None:
                errors.append(_error(p.item_index, o.error))
        with db.session() as s:
            s.execute(
                delete(PendingNarrative).where(
                    PendingNarrative.id.in_([p.id for p in pending])
                )
            )
            job = s.get(Job, job_id)
            assert job is not None
            job.done += len(pending) - len(errors)
            job.failed += len(errors)
            job.errors = (list(job.errors or []) + errors)[:MAX_ERRORS_KEPT]
    with db.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        job.status = "finished"
        done, failed = job.done, job.failed
    log.info("job finished", extra={"job_id": job_id, "done": done, "failed": failed})
    return {"done": done, "failed": failed}


def purge_expired(db: Database) -> int:
    """Delete sealed items past their expiry; returns how many."""
    with db.session() as s:
        n = (
            s.scalar(
                select(func.count())
                .select_from(PendingNarrative)
                .where(PendingNarrative.expires_at < utcnow())
            )
            or 0
        )
        s.execute(
            delete(PendingNarrative).where(PendingNarrative.expires_at < utcnow())
        )
    return n
