"""The models page (ML staff): versions side by side, promote and roll back.

Both actions ask for confirmation on a page of their own, then call the promotion
service the API and the CLI use (`triage.labels.promotion`), so the quality gate and
the audit entry are theirs, and switch the running service the way the API does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.errors import TriageError
from triage.labels import promotion
from triage.labels.compare import evaluations, latest_comparison
from triage.labels.promotion import Activation
from triage.models.registry import ModelRegistry, ModelVersionInfo
from triage.web import models_api
from triage.web.auth import current_principal, require_role
from triage.web.models_api import ML_ROLES
from triage.web.runtime import runtime
from triage.web.ui import bp


def _registry() -> ModelRegistry:
    return ModelRegistry(runtime().settings.MODEL_REGISTRY)


def metric_rows(metrics: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    """(metric path, value per version) for every metric any version has.

    Metrics nest as split -> subset -> metric (dev / overall / harm_qwk).
    """
    paths: dict[str, None] = {}
    flat: list[dict[str, Any]] = []
    for m in metrics:
        values: dict[str, Any] = {}
        _flatten(m, (), values)
        flat.append(values)
        for key in values:
            paths.setdefault(key, None)
    return [(p, [f.get(p) for f in flat]) for p in sorted(paths)]


def version_metrics(v: ModelVersionInfo) -> dict[str, Any]:
    """Training metrics plus every comparison on a labelled set (by basis and size)."""
    out: dict[str, Any] = {"training": v.metrics}
    for key, ev in evaluations(runtime().db, v.version).items():
        out[f"compared on {ev.get('basis')} ({key[:6]}, n={ev.get('n')})"] = ev.get(
            "metrics", {}
        )
    return out


def _flatten(node: Any, prefix: tuple[str, ...], out: dict[str, Any]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, (*prefix, str(key)), out)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out[" / ".join(prefix)] = node


@bp.get("/models")
@require_role(*ML_ROLES)
def models() -> str:
    """Every registered version, its metrics, and the active one."""
    registry = _registry()
    versions = registry.versions()
    return render_template(
        "ui/models.html",
        versions=versions,
        active=registry.active_version(),
        rows=metric_rows([version_metrics(v) for v in versions]),
    )


@bp.get("/models/<version>/promote")
@require_role(*ML_ROLES)
def promote_confirm(version: str) -> str:
    """Ask before promoting: how the candidate compares with the active model."""
    rt = runtime()
    registry = _registry()
    try:
        registry.manifest(version)
    except TriageError as exc:
        raise models_api.UnknownVersion(message="no registered model version") from exc
    active = registry.active_version()
    comparison = (
        latest_comparison(
            rt.db,
            version,
            active,
            rt.settings.PROMOTION_METRICS,
            rt.settings.PROMOTION_TOLERANCE,
        )
        if active and active != version
        else None
    )
    return render_template(
        "ui/confirm_model.html",
        action="promote",
        version=version,
        active=active,
        comparison=comparison,
        gated=rt.settings.PROMOTION_METRICS,
    )


def _activate(change: Callable[[], Activation]) -> Activation | None:
    """Run a promotion or rollback and switch this process to it; on a refusal
    (a 4xx error) flash the message and return None."""
    try:
        with models_api.registry_errors():
            activation = change()
    except TriageError as exc:
        if exc.http_status >= 500:
            raise
        flash(exc.message, "error")
        return None
    models_api.switch_now()
    return activation


@bp.post("/models/<version>/promote")
@require_role(*ML_ROLES)
def promote(version: str) -> Response:
    """Promote through the model API (quality gate unless forced)."""
    rt = runtime()
    activation = _activate(
        lambda: promotion.promote(
            rt.db,
            _registry(),
            rt.settings,
            version,
            force=request.form.get("force") == "1",
            actor=current_principal().actor,
            request_id=g.get("request_id"),
        )
    )
    if activation is None:
        return redirect(url_for("ui.promote_confirm", version=version))
    note = " (forced)" if activation.forced else ""
    flash(f"{activation.active} is now active{note}.", "success")
    return redirect(url_for("ui.models"))


@bp.get("/models/rollback")
@require_role(*ML_ROLES)
def rollback_confirm() -> str:
    """Ask before rolling back to the previously active version."""
    return render_template(
        "ui/confirm_model.html",
        action="rollback",
        version=None,
        active=_registry().active_version(),
        comparison=None,
        gated=(),
    )


@bp.post("/models/rollback")
@require_role(*ML_ROLES)
def rollback() -> Response:
    """Roll back to the previously active version (the API's rollback)."""
    activation = _activate(
        lambda: promotion.rollback(
            runtime().db,
            _registry(),
            actor=current_principal().actor,
            request_id=g.get("request_id"),
        )
    )
    if activation is not None:
        flash(f"Rolled back: {activation.active} is active again.", "success")
    return redirect(url_for("ui.models"))
