"""Model API (ml role): list versions, promote with a quality gate, roll back, retrain.

Promotion and rollback move the registry's ACTIVE pointer; this process switches at
once, other web and worker processes within MODEL_RELOAD_SECONDS, none restarting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Blueprint, Response, g, jsonify, request, url_for
from pydantic import BaseModel, ConfigDict, Field

from triage.errors import ModelError, TriageError
from triage.jobs.training_jobs import TrainingJobs
from triage.labels import promotion
from triage.labels.compare import evaluations
from triage.models.registry import ModelRegistry
from triage.store.models import Job
from triage.web.auth import current_principal, require_role
from triage.web.jobs import job_out
from triage.web.openapi import Operation, document, json_body, parse_model
from triage.web.runtime import runtime
from triage.web.schemas import JobOut

bp = Blueprint("models", __name__, url_prefix="/api/v1")

ML_ROLES = ("ml", "admin")


class ModelVersionOut(BaseModel):
    """One registered version with its training metrics and comparisons."""

    version: str
    created: str
    active: bool
    training_data: str
    metrics: dict[str, Any]
    evaluations: dict[str, Any]


class ModelsOut(BaseModel):
    """Every registered version and the active one."""

    active: str | None
    versions: list[ModelVersionOut]


class PromoteIn(BaseModel):
    """Promotion options."""

    model_config = ConfigDict(extra="forbid")

    force: bool = Field(False, description="Promote even if the candidate is worse.")


class ActivationOut(BaseModel):
    """The active version after a promotion or rollback."""

    active: str
    previous: str | None
    forced: bool = False
    comparison: dict[str, Any] | None = None


class TrainIn(BaseModel):
    """Retraining options."""

    model_config = ConfigDict(extra="forbid")

    heldout: float = Field(
        0.2, ge=0.0, le=0.5, description="Share of reviewed labels held out."
    )


def _registry() -> ModelRegistry:
    return ModelRegistry(runtime().settings.MODEL_REGISTRY)


def _optional_body() -> Any:
    return json_body() if request.get_data(cache=True).strip() else {}


class UnknownVersion(TriageError):
    """No registered model version has that id."""

    http_status = 404
    default_code = "model_version_unknown"


class NoPrevious(TriageError):
    """Nothing to roll back to."""

    http_status = 409
    default_code = "model_no_previous"


@contextmanager
def registry_errors() -> Iterator[None]:
    """Registry errors a caller caused as 404/409 (ModelError alone means 503)."""
    try:
        yield
    except ModelError as exc:
        if exc.code in ("model_version_unknown", "model_version_invalid"):
            raise UnknownVersion(
                message="no registered model version with that id"
            ) from exc
        if exc.code == "model_no_previous":
            raise NoPrevious(message=exc.message) from exc
        raise


def switch_now() -> None:
    """Serve the registry's active version in this process from the next request."""
    # This process serves the new version from its next request; other processes
    # follow when they next poll the pointer. A pipeline not loaded yet will load
    # the new version when it is first used.
    loaded = runtime()._processor
    if loaded is not None:
        loaded.model.refresh()


@bp.get("/models")
@document(
    Operation(
        "/api/v1/models",
        "GET",
        "Registered model versions, their metrics and comparisons",
        ML_ROLES,
        responses={200: ModelsOut},
        tag="models",
    )
)
@require_role(*ML_ROLES)
def list_models() -> Response:
    """Every registered version, oldest first."""
    registry = _registry()
    db = runtime().db
    versions = [
        {
            "version": v.version,
            "created": v.created,
            "active": v.active,
            "training_data": v.training_data,
            "metrics": v.metrics,
            "evaluations": evaluations(db, v.version),
        }
        for v in registry.versions()
    ]
    return jsonify({"active": registry.active_version(), "versions": versions})


@bp.post("/models/<version>/promote")
@document(
    Operation(
        "/api/v1/models/<version>/promote",
        "POST",
        "Make a version active; refused (409) if worse than the active model on a "
        "configured metric, unless force",
        ML_ROLES,
        body=PromoteIn,
        responses={200: ActivationOut},
        tag="models",
    )
)
@require_role(*ML_ROLES)
def promote(version: str) -> Response:
    """Promote after the quality gate; the service switches without a restart."""
    body = parse_model(PromoteIn, _optional_body())
    rt = runtime()
    with registry_errors():
        activation = promotion.promote(
            rt.db,
            _registry(),
            rt.settings,
            version,
            force=body.force,
            actor=current_principal().actor,
            request_id=g.get("request_id"),
        )
    switch_now()
    return jsonify(activation.to_dict())


@bp.post("/models/rollback")
@document(
    Operation(
        "/api/v1/models/rollback",
        "POST",
        "Re-activate the previously active version",
        ML_ROLES,
        responses={200: ActivationOut},
        tag="models",
    )
)
@require_role(*ML_ROLES)
def rollback() -> Response:
    """409 when no version was active before this one."""
    with registry_errors():
        activation = promotion.rollback(
            runtime().db,
            _registry(),
            actor=current_principal().actor,
            request_id=g.get("request_id"),
        )
    switch_now()
    return jsonify(activation.to_dict())


@bp.post("/models/train")
@document(
    Operation(
        "/api/v1/models/train",
        "POST",
        "Retrain on the corpus plus reviewed labels as a worker job (202)",
        ML_ROLES,
        body=TrainIn,
        responses={202: JobOut},
        tag="models",
    )
)
@require_role(*ML_ROLES)
def train() -> tuple[Response, int]:
    """202 with the job; follow it at GET /api/v1/jobs/<id>. 503 when Redis is down."""
    body = parse_model(TrainIn, _optional_body())
    rt = runtime()
    job_id = TrainingJobs(rt.db, rt.settings, rt.redis).create(
        current_principal(), heldout=body.heldout
    )
    with rt.db.session() as s:
        job = s.get(Job, job_id)
        assert job is not None
        view = job_out(job)
    resp = jsonify(view)
    resp.headers["Location"] = url_for("jobs.get_job", job_id=job_id)
    return resp, 202
