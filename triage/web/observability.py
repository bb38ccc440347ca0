"""Request ids, structured JSON logs and Prometheus metrics.

Nothing here ever sees a request body: log lines carry the method, route, status,
duration and request id; metrics are labelled by route template and status only.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")
_STD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or _current_request_id()
        if rid:
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and key not in out:
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # Only the class: messages and tracebacks can quote narrative text.
            out["exc_class"] = record.exc_info[0].__name__
        return json.dumps(out, default=str)


def _current_request_id() -> str | None:
    try:
        return g.get("request_id")
    except RuntimeError:  # outside a request
        return None


def configure_logging(level: str = "INFO") -> None:
    """Send the project's logs to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("triage", "gunicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


class Metrics:
    """The service's Prometheus metrics, in their own registry per app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "triage_http_requests_total",
            "HTTP requests",
            ["endpoint", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "triage_http_request_seconds",
            "HTTP request latency",
            ["endpoint", "method"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.narratives = Counter(
            "triage_narratives_coded_total",
            "Narratives de-identified and coded",
            ["outcome"],
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "triage_review_queue_depth",
            "Reports waiting for review",
            registry=self.registry,
        )
        self.model_version = Gauge(
            "triage_model_info",
            "Active model version (value 1)",
            ["version"],
            registry=self.registry,
        )


log = logging.getLogger("triage.web")


def init_app(app: Flask) -> None:
    """Install request-id, access-log and metrics hooks, and the /metrics route."""
    configure_logging(app.extensions["triage"].settings.LOG_LEVEL)
    metrics = Metrics()
    app.extensions["triage_metrics"] = metrics

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(resp: Response) -> Response:
        resp.headers["X-Request-ID"] = g.get("request_id", "")
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.requests.labels(endpoint, request.method, str(resp.status_code)).inc()
        metrics.latency.labels(endpoint, request.method).observe(elapsed)
        log.info(
            "request",
            extra={
                "method": request.method,
                "route": endpoint,
                "status": resp.status_code,
                "ms": round(elapsed * 1000, 2),
            },
        )
        return resp

    @app.get("/metrics")
    def metrics_endpoint() -> Response:
        _refresh_gauges(app, metrics)
        return Response(generate_latest(metrics.registry), mimetype=CONTENT_TYPE_LATEST)

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(metrics.registry)


def _refresh_gauges(app: Flask, metrics: Metrics) -> None:
    from sqlalchemy import func, select

    from triage.store.models import Report

    rt = app.extensions["triage"]
    try:
        with rt.db.session() as s:
            depth = s.scalar(
                select(func.count())
                .select_from(Report)
                .where(Report.review_state.in_(("queued", "claimed", "second_review")))
            )
        metrics.queue_depth.set(depth or 0)
    except Exception:
        log.warning("queue depth unavailable")
    version = rt.processor.model.registry.active_version() if rt._processor else None
    metrics.model_version.clear()
    if version:
        metrics.model_version.labels(version).set(1)


def count_narratives(app: Flask, outcome: str, n: int = 1) -> None:
    """Count coded narratives by outcome (created, existing, failed)."""
    if n:
        app.extensions["triage_metrics"].narratives.labels(outcome).inc(n)
