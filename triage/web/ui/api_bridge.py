"""Run one of the API's own view functions from a page, to share its exact logic.

Model promotion, rollback and the (blind) coding history live in the API views,
not in a service function; calling the view in a nested request context reuses
them whole: the same role check, quality gate, audit entry and blindness rule. The
nested request shares this request's application context, so it sees the same
principal (g.principal) and request id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app


def call_view(
    view: Callable[..., Any],
    path: str,
    method: str = "GET",
    body: dict[str, Any] | None = None,
    **view_args: Any,
) -> Any:
    """The JSON the view returns; its TriageErrors propagate to the caller."""
    with current_app.test_request_context(path, method=method, json=body):
        rv = view(**view_args)
    return current_app.make_response(rv).get_json()
