"""Promote or roll back the active coding model, behind the quality gate, audited.

One implementation for the API and the CLI, so both refuse a worse candidate the
same way and leave the same audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.config import Settings
from triage.labels.compare import (
    Comparison,
    ModelNotCompared,
    ModelWorse,
    check_promotion,
    latest_comparison,
    mark_active,
)
from triage.models.registry import ModelRegistry
from triage.store.db import Database
from triage.store.models import AuditEvent


@dataclass(frozen=True)
class Activation:
    """The outcome of a promotion or rollback."""

    active: str
    previous: str | None
    forced: bool
    comparison: Comparison | None

    def to_dict(self) -> dict[str, Any]:
        """The API view."""
        return {
            "active": self.active,
            "previous": self.previous,
            "forced": self.forced,
            "comparison": self.comparison.to_dict() if self.comparison else None,
        }


def _audit(
    db: Database,
    actor: str,
    action: str,
    version: str,
    details: dict[str, Any],
    request_id: str | None,
) -> None:
    with db.session() as s:
        s.add(
            AuditEvent(
                actor=actor,
                action=action,
                entity="model",
                entity_id=version,
                request_id=request_id,
                details=details,
            )
        )


def promote(
    db: Database,
    registry: ModelRegistry,
    settings: Settings,
    version: str,
    *,
    force: bool,
    actor: str,
    request_id: str | None = None,
) -> Activation:
    """Make version active unless it is worse on PROMOTION_METRICS (or force)."""
    previous = registry.active_version()
    metrics, tolerance = settings.PROMOTION_METRICS, settings.PROMOTION_TOLERANCE
    forced = False
    try:
        comparison = check_promotion(db, registry, version, metrics, tolerance)
    except (ModelWorse, ModelNotCompared):
        if not force:
            raise
        forced = True
        assert previous is not None
        comparison = latest_comparison(db, version, previous, metrics, tolerance)
    registry.promote(version)
    mark_active(db, version)
    _audit(
        db,
        actor,
        "model.promoted",
        version,
        {
            "previous": previous,
            "forced": forced,
            "basis": comparison.basis if comparison else None,
        },
        request_id,
    )
    return Activation(version, previous, forced, comparison)


def rollback(
    db: Database, registry: ModelRegistry, *, actor: str, request_id: str | None = None
) -> Activation:
    """Re-activate the previously active version."""
    previous = registry.active_version()
    version = registry.rollback()
    mark_active(db, version)
    _audit(db, actor, "model.rolled_back", version, {"previous": previous}, request_id)
    return Activation(version, previous, False, None)
