"""Sign-in and sign-out pages, and the landing redirect by role."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from flask import (
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from triage.auth.signin_throttle import (
    SIGN_IN_FAILED,
    SIGN_IN_REFUSED,
    SIGNED_IN,
    SignInThrottle,
)
from triage.auth.users import USERNAME, authenticate
from triage.store.models import AuditEvent, utcnow
from triage.web.runtime import runtime
from triage.web.ui import bp, sessions

HOME_BY_ROLE = {"analyst": "ui.queue", "admin": "ui.queue", "ml": "ui.dashboard"}


def _audit(
    actor: str, action: str, username: str, details: dict[str, Any] | None = None
) -> None:
    with runtime().db.session() as s:
        s.add(
            AuditEvent(
                actor=actor,
                action=action,
                entity="user",
                entity_id=username[:64],
                request_id=g.get("request_id"),
                details=details or {},
            )
        )


def throttle() -> SignInThrottle:
    """The configured sign-in lock rule (SIGNIN_* settings)."""
    settings = runtime().settings
    return SignInThrottle(
        max_failures=settings.SIGNIN_MAX_FAILURES,
        window=timedelta(minutes=settings.SIGNIN_WINDOW_MINUTES),
        lockout=timedelta(minutes=settings.SIGNIN_LOCKOUT_MINUTES),
    )


@bp.get("/")
def home() -> Response:
    """The signed-in user's start page (sign-in when nobody is signed in)."""
    principal = g.get("session_principal")
    if principal is None:
        return redirect(url_for("ui.signin"))
    return redirect(url_for(HOME_BY_ROLE.get(principal.role, "ui.dashboard")))


@bp.get("/signin")
def signin() -> str:
    """The sign-in form."""
    if request.args.get("expired"):
        flash("Your session ended. Sign in again to continue.", "info")
    return render_template(
        "ui/signin.html", next=sessions.safe_next(request.args.get("next"))
    )


@bp.post("/signin")
def signin_post() -> Response | tuple[str, int]:
    """Check the credentials; start a fresh session on success.

    429 while the username is locked after too many failures (SignInThrottle).
    """
    username = request.form.get("username", "").strip()[:100]
    password = request.form.get("password", "")
    target = sessions.safe_next(request.form.get("next"))
    # A mistyped password can land in the username field: record only names that
    # could be usernames (no other name can sign in, so none needs a lock).
    is_name = bool(USERNAME.match(username))
    shown = username if is_name else "(not a username)"
    now = utcnow()
    with runtime().db.session() as s:
        until = throttle().locked_until(s, username, now) if is_name else None
        user = None if until is not None else authenticate(s, username, password)
    if until is not None:
        # Same answer for every username, existing or not; the password is not
        # even checked.
        minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        _audit("anonymous", SIGN_IN_REFUSED, shown, {"until": until.isoformat()})
        flash(
            "Too many failed sign-ins for this username. "
            f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            "error",
        )
        refused = make_response(
            render_template("ui/signin.html", next=target, username=username), 429
        )
        refused.headers["Retry-After"] = str(math.ceil((until - now).total_seconds()))
        return refused
    if user is None:
        _audit("anonymous", SIGN_IN_FAILED, shown)
        flash("Unknown username or wrong password.", "error")
        return render_template("ui/signin.html", next=target, username=username), 401
    sessions.start(user)
    _audit(f"{user.role}:{user.username}", SIGNED_IN, user.username)
    home = url_for(HOME_BY_ROLE.get(user.role, "ui.dashboard"))
    return redirect(target or home)


@bp.post("/signout")
def signout() -> Response:
    """End the session."""
    principal = g.get("session_principal")
    if principal is not None:
        _audit(principal.actor, "user.signed_out", principal.name)
    sessions.end()
    flash("You are signed out.", "info")
    return redirect(url_for("ui.signin"))
