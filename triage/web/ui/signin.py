"""Sign-in and sign-out pages, and the landing redirect by role."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage.auth.users import USERNAME, authenticate
from triage.store.models import AuditEvent
from triage.web.runtime import runtime
from triage.web.ui import bp, sessions

HOME_BY_ROLE = {"analyst": "ui.queue", "admin": "ui.queue", "ml": "ui.dashboard"}


def _audit(actor: str, action: str, username: str) -> None:
    with runtime().db.session() as s:
        s.add(
            AuditEvent(
                actor=actor,
                action=action,
                entity="user",
                entity_id=username[:64],
                request_id=g.get("request_id"),
                details={},
            )
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
    """Check the credentials; start a fresh session on success."""
    username = request.form.get("username", "").strip()[:100]
    password = request.form.get("password", "")
    target = sessions.safe_next(request.form.get("next"))
    with runtime().db.session() as s:
        user = authenticate(s, username, password)
    if user is None:
        # A mistyped password can land in the username field: record only names
        # that could be usernames.
        shown = username if USERNAME.match(username) else "(not a username)"
        _audit("anonymous", "user.sign_in_failed", shown)
        flash("Unknown username or wrong password.", "error")
        return render_template("ui/signin.html", next=target, username=username), 401
    sessions.start(user)
    _audit(f"{user.role}:{user.username}", "user.signed_in", user.username)
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
