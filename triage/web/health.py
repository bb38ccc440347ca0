"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from triage.web.runtime import runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Alive: the process answers."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready: database reachable, a model active and loadable, Redis if configured."""
    rt = runtime()
    checks: dict[str, str] = {}
    try:
        with rt.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means not ready
        checks["database"] = f"unavailable ({type(exc).__name__})"
    try:
        coder = rt.processor.model.get()
        checks["model"] = f"ok ({coder.version})"
    except Exception as exc:
        checks["model"] = f"unavailable ({getattr(exc, 'code', type(exc).__name__)})"
    if rt.settings.REDIS_URL:
        try:
            rt.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"unavailable ({type(exc).__name__})"
    ready = all(v.startswith("ok") for v in checks.values())
    resp = jsonify({"status": "ready" if ready else "not_ready", "checks": checks})
    if not ready:
        resp.headers["Retry-After"] = "5"
    return resp, 200 if ready else 503
