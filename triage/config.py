"""Service configuration: layered (defaults, instance file, TRIAGE_* env, test mapping)
and validated once at start-up, so a bad PHI, model or database setting stops the
service instead of surfacing on the first request."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from triage.errors import ConfigError

ROLES = ("submitter", "analyst", "ml", "admin")
# The headline metrics of training.evaluate_coding.headline that promotion can gate on.
PROMOTION_METRIC_NAMES = (
    "event_type_macro_f1",
    "event_kind_accuracy",
    "harm_qwk",
    "harm_mean_ordinal_error",
    "factors_micro_f1",
)


class ReviewThresholds(BaseModel):
    """When a prediction is uncertain (below these probabilities), likely wrong, or
    may be serious.

    Tuned on the corpus dev split with `python -m bench.review_queue --sweep` for the
    smallest queue that still catches >= 95% of reports coded wrong on harm or event
    type; the bench prints both figures for the test split (docs/review.md).
    """

    model_config = ConfigDict(extra="forbid")

    # The error risk below does most of the work; a coin-flip code is still queued.
    event_type: float = Field(0.5, ge=0, le=1)
    event_kind: float = Field(0.5, ge=0, le=1)
    harm: float = Field(0.85, ge=0, le=1)
    factors: float = Field(0.0, ge=0, le=1)
    # Queue a report not coded severe or death whose P(severe) + P(death) reaches this.
    serious_harm: float = Field(0.15, ge=0, le=1)
    # Queue a report whose model-estimated P(event type or harm wrong) reaches this
    # (triage/models/error_risk.py; 1 turns it off, as does a model without one).
    error_risk: float = Field(0.05, ge=0, le=1)


class Settings(BaseModel):
    """Every setting the service reads, with its type and bounds."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    SECRET_KEY: str = Field(min_length=32)
    NARRATIVE_KEY: str = Field(min_length=32)
    DATABASE_URL: str
    REDIS_URL: str | None = None
    MODEL_REGISTRY: Path
    DEID_CONFIG: Path | None = None
    MAX_CONTENT_LENGTH: int = Field(5 * 1024 * 1024, gt=0)
    MAX_NARRATIVE_CHARS: int = Field(20_000, gt=0)
    MAX_BATCH_ITEMS: int = Field(500, gt=0)
    MAX_JOB_ITEMS: int = Field(100_000, gt=0)
    JOB_NARRATIVE_TTL_SECONDS: int = Field(7 * 24 * 3600, gt=0)
    PAGE_SIZE_DEFAULT: int = Field(50, gt=0, le=1000)
    PAGE_SIZE_MAX: int = Field(500, gt=0, le=10_000)
    MODEL_RELOAD_SECONDS: float = Field(5.0, ge=0)
    REVIEW_THRESHOLDS: ReviewThresholds = ReviewThresholds.model_validate({})
    REVIEW_QC_RATE: float = Field(0.05, ge=0, le=1)
    REVIEW_SECOND_RATE: float = Field(0.1, ge=0, le=1)
    REVIEW_CLAIM_MINUTES: int = Field(30, gt=0)
    SMALL_CELL_MIN: int = Field(11, ge=1)
    # Sign-in throttling (web interface): this many failed sign-ins for one username
    # within the window lock that username for the lockout time, whatever password.
    SIGNIN_MAX_FAILURES: int = Field(5, ge=1, le=100)
    SIGNIN_WINDOW_MINUTES: float = Field(15.0, gt=0, le=24 * 60)
    SIGNIN_LOCKOUT_MINUTES: float = Field(15.0, gt=0, le=24 * 60)
    # Promotion refuses a candidate worse than the active model on any of these
    # (scored on the same held-out reviewed set) by more than the tolerance.
    PROMOTION_METRICS: tuple[str, ...] = ("event_type_macro_f1", "harm_qwk")
    PROMOTION_TOLERANCE: float = Field(0.0, ge=0, le=1)
    # Labelled corpus that API-started retraining adds the reviewed labels to.
    TRAINING_CORPUS: Path = Path("corpora/synthetic")
    # Coding-model config for API-started retraining (None: training/coding.yaml).
    TRAINING_CONFIG: Path | None = None
    LOG_LEVEL: str = "INFO"

    @field_validator("DATABASE_URL")
    @classmethod
    def _known_database(cls, v: str) -> str:
        if not v.startswith(("sqlite:", "postgresql")):
            raise ValueError("only sqlite and postgresql databases are supported")
        return v

    @field_validator("TRAINING_CONFIG")
    @classmethod
    def _training_config_exists(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_file():
            raise ValueError(f"no coding config file at {v}")
        return v

    @field_validator("PROMOTION_METRICS")
    @classmethod
    def _known_metrics(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [m for m in v if m not in PROMOTION_METRIC_NAMES]
        if unknown:
            raise ValueError(
                f"unknown metric(s) {unknown}; choose from {PROMOTION_METRIC_NAMES}"
            )
        return v

    @field_validator("LOG_LEVEL")
    @classmethod
    def _log_level(cls, v: str) -> str:
        if v.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return v.upper()


def _instance_secret(instance: Path, name: str) -> str:
    """A random secret kept in the instance folder (created once, mode 0600).

    Lets the embedded default run with no setup while production sets the
    secret through TRIAGE_SECRET_KEY / TRIAGE_NARRATIVE_KEY.
    """
    path = instance / name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def defaults(instance: Path) -> dict[str, Any]:
    """The in-code defaults: SQLite in the instance folder, local model registry."""
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'triage.db'}",
        "MODEL_REGISTRY": str(Path("var/models/coding").resolve()),
        "TRAINING_CORPUS": str(Path("corpora/synthetic").resolve()),
    }


def validate(mapping: dict[str, Any], instance: Path) -> Settings:
    """Validate a layered config mapping; raise ConfigError naming each bad key."""
    # Flask's own defaults include None for some of our keys (MAX_CONTENT_LENGTH):
    # None means "not set", so our defaults apply.
    data = {k: v for k, v in mapping.items() if v is not None}
    for key, file in (("SECRET_KEY", "secret_key"), ("NARRATIVE_KEY", "narrative_key")):
        if not data.get(key):
            data[key] = _instance_secret(instance, file)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        bad = ", ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError("config_invalid", f"invalid configuration: {bad}") from exc
