"""The analysts' web interface: server-rendered pages on the API's own services.

One blueprint under /ui. People sign in with a username and password (accounts from
`triage users create`); the signed-in user becomes the request's principal, so every
page goes through the same role checks (`require_role`) and the same services and
audit as the API. Forms carry a CSRF token, sessions time out, and every response
carries a strict Content-Security-Policy (no inline script, no other host).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "ui",
    __name__,
    url_prefix="/ui",
    static_folder="../static/ui",
    static_url_path="/static",
)

# The modules attach their hooks and routes to bp when imported.
from triage.web.ui import (  # noqa: E402
    dashboard_page,
    errors,
    headers,
    models_page,
    queue_page,
    review_page,
    sessions,
    signin,
)

__all__ = [
    "bp",
    "dashboard_page",
    "errors",
    "headers",
    "models_page",
    "queue_page",
    "review_page",
    "sessions",
    "signin",
]
