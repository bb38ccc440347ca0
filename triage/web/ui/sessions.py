"""Who is signed in: the session's user as the request principal, timeouts, CSRF.

The session is Flask's signed cookie and holds only the user id, a fingerprint of
the password hash (a password change ends every session), the sign-in and
last-activity times and the CSRF token. The user row is read on every request, so a
disabled user or a changed role takes effect at once.
"""

from __future__ import annotations

import hmac
import secrets
import time
from urllib.parse import urlsplit

from flask import Flask, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from triage.auth.users import load_active, principal_of, session_stamp
from triage.errors import TriageError
from triage.store.models import User
from triage.web.runtime import runtime
from triage.web.ui import bp

IDLE_MINUTES_DEFAULT = 30
MAX_HOURS_DEFAULT = 12
CSRF_FIELD = "csrf_token"


class CsrfFailed(TriageError):
    """A form came without this session's CSRF token."""

    http_status = 400
    default_code = "csrf_failed"


@bp.record_once
def _configure(state: object) -> None:
    app: Flask = state.app  # type: ignore[attr-defined]
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # Secure unless testing; plain-HTTP development sets TRIAGE_UI_COOKIE_SECURE=false.
    app.config["SESSION_COOKIE_SECURE"] = bool(
        app.config.get("UI_COOKIE_SECURE", not app.testing)
    )


def idle_seconds() -> int:
    """Inactivity after which a session ends (UI_SESSION_IDLE_MINUTES, default 30)."""
    from flask import current_app

    minutes = current_app.config.get("UI_SESSION_IDLE_MINUTES", IDLE_MINUTES_DEFAULT)
    return int(float(minutes) * 60)


def max_seconds() -> int:
    """Session lifetime however active (UI_SESSION_MAX_HOURS, default 12)."""
    from flask import current_app

    hours = current_app.config.get("UI_SESSION_MAX_HOURS", MAX_HOURS_DEFAULT)
    return int(float(hours) * 3600)


def start(user: User) -> None:
    """Begin a fresh session for user (a new cookie and a new CSRF token)."""
    session.clear()
    now = int(time.time())
    session["uid"] = user.id
    session["stamp"] = session_stamp(user)
    session["t0"] = now
    session["seen"] = now
    session[CSRF_FIELD] = secrets.token_urlsafe(32)


def end() -> None:
    """Forget the signed-in user."""
    session.clear()


def csrf_token() -> str:
    """This session's CSRF token (created on first use, e.g. on the sign-in form)."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return str(token)


def safe_next(target: str | None) -> str | None:
    """target if it is a path inside this interface, else None (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or target.startswith("//"):
        return None
    return target if parts.path.startswith("/ui/") else None


@bp.context_processor
def _template_helpers() -> dict[str, object]:
    return {"csrf_token": csrf_token, "ui_user": g.get("ui_user")}


@bp.before_request
def _load_session() -> Response | None:
    """Set g.session_principal for a live session; end stale ones; check CSRF."""
    uid = session.get("uid")
    if uid is not None:
        now = int(time.time())
        stale = (
            now - int(session.get("seen", 0)) > idle_seconds()
            or now - int(session.get("t0", 0)) > max_seconds()
        )
        user = None
        if not stale:
            with runtime().db.session() as s:
                user = load_active(s, int(uid))
        if user is None or session.get("stamp") != session_stamp(user):
            end()
            if request.endpoint not in ("ui.static", "ui.signin"):
                get = request.method == "GET"
                target = request.full_path.rstrip("?") if get else None
                return redirect(
                    url_for("ui.signin", expired=1, next=safe_next(target) or None)
                )
        else:
            session["seen"] = now
            g.session_principal = principal_of(user)
            g.ui_user = {"username": user.username, "role": user.role}
    if request.method == "POST":
        sent = request.form.get(CSRF_FIELD, "")
        expected = session.get(CSRF_FIELD, "")
        if not (sent and expected and hmac.compare_digest(str(sent), str(expected))):
            raise CsrfFailed(
                message="this form has expired or did not come from this site; "
                "reload the page and try again"
            )
    return None
