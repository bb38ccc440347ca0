"""Query-string parsing shared by the API and the pages."""

from __future__ import annotations

from datetime import date

from flask import request

from triage.errors import InputError


def date_arg(name: str, default: date | None = None) -> date | None:
    """A YYYY-MM-DD query parameter: default if absent, None if empty, else 400."""
    if name not in request.args:
        return default
    value = request.args.get(name, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        message = f"{name} must be a date (YYYY-MM-DD)"
        raise InputError("query_invalid", message) from exc
