"""The one place errors become HTTP responses: `{"error": {"code", "message"}}`."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from triage.errors import TriageError

log = logging.getLogger("triage.web")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    503: "service_unavailable",
}


def error_response(status: int, code: str, message: str, **details: object) -> Response:
    """A JSON error response with the project's shape."""
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    resp = jsonify({"error": body})
    resp.status_code = status
    if status == 503:
        resp.headers["Retry-After"] = "5"
    return resp


def register(app: Flask) -> None:
    """Install handlers mapping project, HTTP and database errors to JSON."""

    @app.errorhandler(TriageError)
    def _triage_error(exc: TriageError) -> Response:
        if exc.http_status >= 500:
            log.error("request failed", extra={"error_code": exc.code})
        details = exc.details or {}
        return error_response(exc.http_status, exc.code, exc.message, **details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = _HTTP_CODES.get(status, "http_error")
        # Werkzeug's descriptions are generic and never contain request content.
        resp = error_response(status, code, exc.description or code.replace("_", " "))
        if status == 405 and exc.get_response().headers.get("Allow"):
            resp.headers["Allow"] = exc.get_response().headers["Allow"]
        return resp

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _db_error(exc: DBAPIError) -> Response:
        # The driver's message can quote SQL parameters (narrative text): log the
        # class only.
        log.error("database error", extra={"error_class": type(exc.orig).__name__})
        return error_response(
            503, "database_unavailable", "the database is unavailable"
        )

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.error("unhandled error", extra={"error_class": type(exc).__name__})
        return error_response(500, "internal_error", "internal error")
