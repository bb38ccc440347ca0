"""Errors on interface pages become HTML pages (the API keeps its JSON errors).

Messages come from the error catalogue, which never carries narrative text. A
request without a signed-in user goes to the sign-in page instead of a 401.
"""

from __future__ import annotations

import logging

from flask import g, redirect, render_template, request, url_for
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from triage.errors import TriageError
from triage.web.auth import Unauthorized
from triage.web.ui import bp
from triage.web.ui.sessions import safe_next

log = logging.getLogger("triage.web.ui")


def error_page(status: int, title: str, message: str) -> tuple[str, int]:
    """The error template with a status."""
    return render_template(
        "ui/error.html", status=status, title=title, message=message
    ), status


@bp.errorhandler(TriageError)
def _triage_error(exc: TriageError) -> Response | tuple[str, int]:
    if isinstance(exc, Unauthorized) and g.get("session_principal") is None:
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("ui.signin", next=safe_next(target)))
    if exc.http_status >= 500:
        log.error("page failed", extra={"error_code": exc.code})
    titles = {403: "Not allowed", 404: "Not found", 409: "Conflict"}
    return error_page(
        exc.http_status, titles.get(exc.http_status, "Request refused"), exc.message
    )


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[str, int]:
    status = exc.code or 500
    return error_page(status, exc.name, exc.description or exc.name)


@bp.errorhandler(DBAPIError)
def _db_error(exc: DBAPIError) -> tuple[str, int]:
    # The driver's message can quote SQL parameters: log the class only.
    log.error("database error", extra={"error_class": type(exc.orig).__name__})
    return error_page(503, "Database unavailable", "Try again in a moment.")


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> tuple[str, int]:
    log.error("unhandled error", extra={"error_class": type(exc).__name__})
    return error_page(500, "Something went wrong", "The error has been logged.")
