"""Bearer-key authentication and role checks for API routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from triage.auth.api_keys import Principal, authenticate
from triage.errors import TriageError
from triage.web.runtime import runtime

F = TypeVar("F", bound=Callable[..., Any])


class Unauthorized(TriageError):
    """No valid credentials were presented."""

    http_status = 401
    default_code = "unauthorized"


class Forbidden(TriageError):
    """The caller's role may not do this."""

    http_status = 403
    default_code = "forbidden"


def current_principal() -> Principal:
    """The authenticated caller of this request (401 if none)."""
    principal = g.get("principal")
    if principal is None:
        principal = _authenticate_request()
        g.principal = principal
    return principal


def _authenticate_request() -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() == "bearer" and key.strip():
        with runtime().db.session() as s:
            principal = authenticate(s, key.strip())
        if principal is not None:
            return principal
        raise Unauthorized(message="the API key is unknown or revoked")
    session_principal = g.get("session_principal")
    if session_principal is not None:
        return session_principal  # type: ignore[no-any-return]
    raise Unauthorized(message="send Authorization: Bearer <key>")


def require_role(*roles: str) -> Callable[[F], F]:
    """Decorator: 401 without a valid key, 403 unless the caller has one of roles."""

    def wrap(fn: F) -> F:
        @wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal.role not in roles:
                raise Forbidden(
                    message=f"this needs one of the roles: {', '.join(roles)}"
                )
            return fn(*args, **kwargs)

        return inner  # type: ignore[return-value]

    return wrap
