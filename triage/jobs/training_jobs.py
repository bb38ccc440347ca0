"""Retraining as a worker job: export reviewed labels, train, register, compare.

`POST /api/v1/models/train` stores a Job (kind ``training``) and puts its id on the
``triage-training`` RQ queue; `triage worker` runs `run_training`, which advances the
job one step at a time (the step name is in ``result.stage``), so
`GET /api/v1/jobs/<id>` shows progress. The candidate is registered, never promoted:
promotion stays an explicit step, gated on the comparison this job records.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.auth.api_keys import Principal
from triage.config import Settings
from triage.corpus.records import Record, read_jsonl
from triage.errors import TriageError
from triage.jobs.intake_jobs import JobQueue, QueueUnavailable
from triage.labels.compare import MIN_HELDOUT, compare_versions
from triage.labels.export import HELDOUT_FILE, export_labels
from triage.models.registry import ModelRegistry
from triage.store.db import Database
from triage.store.models import Job

log = logging.getLogger("triage.jobs")

TRAINING_QUEUE = "triage-training"
STEPS = ("export_labels", "train", "register", "compare")
KIND = "training"

# Set by the worker process (bind_worker); built from the app config otherwise.
_CONTEXT: dict[str, Any] = {}


def bind_worker(db: Database, settings: Settings) -> None:
    """Give this process's training jobs their database and settings."""
    _CONTEXT.update(db=db, settings=settings)


def _context() -> tuple[Database, Settings]:
    if not _CONTEXT:
        from triage.web.app import create_app

        rt = create_app().extensions["triage"]
        bind_worker(rt.db, rt.settings)
    return _CONTEXT["db"], _CONTEXT["settings"]


@dataclass
class TrainingJobs:
    """Creates training jobs and hands their ids to RQ."""

    db: Database
    settings: Settings
    redis: Any

    def create(self, principal: Principal, heldout: float = 0.2) -> str:
        """Store a training job and enqueue it; returns the job id."""
        JobQueue(self.db, self.settings, self.redis).ping()
        with self.db.session() as s:
            job = Job(
                kind=KIND,
                client_id=principal.client_id,
                status="queued",
                total=len(STEPS),
                done=0,
                failed=0,
                errors=[],
                result={"stage": "queued", "heldout": heldout},
            )
            s.add(job)
            s.flush()
            job_id = job.id
        try:
            self.enqueue(job_id)
        except Exception as exc:
            with self.db.session() as s:
                row = s.get(Job, job_id)
                if row is not None:
                    s.delete(row)
            raise QueueUnavailable(message="the job queue is unavailable") from exc
        return job_id

    def enqueue(self, job_id: str) -> None:
        """Put a training job on its queue (idempotent per job id)."""
        from rq import Queue

        Queue(TRAINING_QUEUE, connection=self.redis).enqueue_call(
            "triage.jobs.training_jobs.run_training",
            args=(job_id,),
            job_id=f"training-{job_id}",
            timeout=6 * 3600,
            result_ttl=24 * 3600,
            failure_ttl=7 * 24 * 3600,
        )


def _advance(db: Database, job_id: str, done: int, **result: Any) -> None:
    with db.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        job.status = "running"
        job.done = done
        job.result = {**(job.result or {}), **result}


def _finish(db: Database, job_id: str, error: dict[str, str] | None = None) -> None:
    with db.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        if error is None:
            job.status = "finished"
            job.done = job.total
            job.result = {**(job.result or {}), "stage": "finished"}
        else:
            job.status = "failed"
            job.failed = 1
            job.errors = [error]
            job.result = {**(job.result or {}), "stage": "failed"}


def _comparison_set(folder: Path, corpus: Path) -> tuple[list[Record], str]:
    heldout = list(read_jsonl(folder / HELDOUT_FILE))
    if len(heldout) >= MIN_HELDOUT:
        return heldout, "heldout_reviewed"
    if (corpus / "test.jsonl").is_file():
        return list(read_jsonl(corpus / "test.jsonl")), "corpus_test"
    from triage.corpus.build import CorpusConfig, assemble

    return assemble(CorpusConfig.load(corpus))["test"], "corpus_test"


def train_candidate(
    db: Database, settings: Settings, job_id: str, heldout: float = 0.2
) -> dict[str, Any]:
    """The job's work: labels + corpus -> trained, registered, compared candidate."""
    from training.train_coding import train

    registry = ModelRegistry(settings.MODEL_REGISTRY)
    with tempfile.TemporaryDirectory(prefix="triage-retrain-") as tmp:
        folder = Path(tmp) / "data"
        _advance(db, job_id, 0, stage="export_labels")
        summary = export_labels(db, folder, settings.TRAINING_CORPUS, heldout=heldout)
        _advance(
            db,
            job_id,
            1,
            stage="train",
            labels={
                "reviewed": summary.reviewed,
                "written": summary.written,
                "skipped_phi_review": summary.skipped_phi_review,
            },
        )
        manifest = train(folder, Path(tmp) / "model", settings.TRAINING_CONFIG)
        _advance(
            db,
            job_id,
            2,
            stage="register",
            training_seconds=manifest["training_seconds"],
        )
        version = registry.register(Path(tmp) / "model")
        _advance(db, job_id, 3, stage="compare", version=version)
        active = registry.active_version()
        comparison = None
        if active is not None and active != version:
            records, basis = _comparison_set(folder, settings.TRAINING_CORPUS)
            comparison = compare_versions(
                db,
                registry,
                version,
                active,
                records,
                basis,
                settings.PROMOTION_METRICS,
                settings.PROMOTION_TOLERANCE,
            ).to_dict()
    _advance(db, job_id, 4, comparison=comparison)
    return {"version": version, "comparison": comparison}


def run_training(job_id: str) -> dict[str, Any]:
    """The RQ task: run one training job, recording failure on the job."""
    db, settings = _context()
    with db.session() as s:
        job = s.get(Job, job_id)
        if job is None or job.kind != KIND:
            return {}
        heldout = float((job.result or {}).get("heldout", 0.2))
    try:
        result = train_candidate(db, settings, job_id, heldout)
    except TriageError as exc:
        _finish(db, job_id, {"code": exc.code, "message": exc.message})
        raise
    except Exception as exc:
        _finish(db, job_id, {"code": "internal_error", "message": type(exc).__name__})
        raise
    _finish(db, job_id)
    log.info("training job finished", extra={"job_id": job_id})
    return result
